import { describe, expect, it } from 'vitest';
import { parseStudySettings, TRIPOD_AI_ITEMS, TRIPOD_AI_SECTIONS, tripodAiChecklist, tripodAiTable } from '../../src/fusion/index.js';

/**
 * Pins the TRIPOD+AI checklist skeleton to the official list (Collins et al., BMJ 2024;385:e078378,
 * checklist version 11 January 2024: 27 main items, 52 sub-items). Typed in here from the published
 * checklist table as copied in Aperivue/medsci-skills
 * skills/check-reporting/references/checklists/TRIPOD_AI.md (commit 0353da9; verified there against the
 * BMJ supplement, https://www.tripod-statement.org/wp-content/uploads/2024/04/TRIPODAI-Supplement.pdf)
 * and cross-checked with https://skills.sh/htlin222/dotfiles/tripod-check. Written out in full, not
 * derived from the source list, so a renumbering in the code fails here.
 */
const OFFICIAL: readonly [section: string, heading: string, items: string][] = [
  ['Title', 'Title', '1'],
  ['Abstract', 'Abstract', '2'],
  ['Introduction', 'Background', '3a 3b 3c'],
  ['Introduction', 'Objectives', '4'],
  ['Methods', 'Data', '5a 5b'],
  ['Methods', 'Participants', '6a 6b 6c'],
  ['Methods', 'Data preparation', '7'],
  ['Methods', 'Outcome', '8a 8b 8c'],
  ['Methods', 'Predictors', '9a 9b 9c'],
  ['Methods', 'Sample size', '10'],
  ['Methods', 'Missing data', '11'],
  ['Methods', 'Analytical methods', '12a 12b 12c 12d 12e 12f 12g'],
  ['Methods', 'Class imbalance', '13'],
  ['Methods', 'Fairness', '14'],
  ['Methods', 'Model output', '15'],
  ['Methods', 'Training versus evaluation', '16'],
  ['Methods', 'Ethical approval', '17'],
  ['Open science', 'Funding', '18a'],
  ['Open science', 'Conflicts of interest', '18b'],
  ['Open science', 'Protocol', '18c'],
  ['Open science', 'Registration', '18d'],
  ['Open science', 'Data sharing', '18e'],
  ['Open science', 'Code sharing', '18f'],
  ['Patient and public involvement', 'Patient and public involvement', '19'],
  ['Results', 'Participants', '20a 20b 20c'],
  ['Results', 'Model development', '21'],
  ['Results', 'Model specification', '22'],
  ['Results', 'Model performance', '23a 23b'],
  ['Results', 'Model updating', '24'],
  ['Discussion', 'Interpretation', '25'],
  ['Discussion', 'Limitations', '26'],
  ['Discussion', 'Usability of the model in the context of current care', '27a 27b 27c'],
];
const official = OFFICIAL.flatMap(([section, heading, ids]) => ids.split(' ').map((item) => ({ item, section, heading })));

function minimalChecklist(synthetic: boolean) {
  const settings = parseStudySettings({});
  if (!settings.ok) throw new Error('default settings do not parse');
  const cohort = { name: 'c', synthetic, counts: { training: 10, internal_validation: 5, external_test: 5 } };
  const input = { tables: [], notes: [], warnings: [], settings: settings.value, cohort };
  return { input, items: tripodAiChecklist(input) };
}

describe('TRIPOD+AI item list', () => {
  it('matches the official checklist: 52 sub-items of 27 main items in 8 sections, in order', () => {
    expect(official).toHaveLength(52);
    expect(new Set(official.map((d) => d.item.replace(/[a-z]$/, ''))).size).toBe(27);
    expect(TRIPOD_AI_ITEMS.map((d) => ({ ...d }))).toEqual(official);
    expect([...TRIPOD_AI_SECTIONS]).toEqual(['Title', 'Abstract', 'Introduction', 'Methods', 'Open science', 'Patient and public involvement', 'Results', 'Discussion']);
  });

  it('fills every official item once, in checklist order, with the official section and heading', () => {
    for (const synthetic of [true, false]) {
      const { items } = minimalChecklist(synthetic);
      expect(items.map((i) => i.item)).toEqual(official.map((d) => d.item));
      items.forEach((it, k) => {
        const d = official[k];
        expect(it.section).toBe(d.heading === d.section ? d.section : `${d.section}: ${d.heading}`);
        expect(it.topic.length).toBeGreaterThan(0);
        expect(it.where === '' || it.status === 'reported').toBe(true);
      });
    }
  });

  it('keeps the official meaning of items the earlier list had wrong and leaves manuscript items to the authors', () => {
    const { items, input } = minimalChecklist(false);
    const item = (id: string) => items.find((i) => i.item === id)!;
    // 9c is about the qualifications of predictor assessors; blinding of predictors belongs to 9b.
    expect(item('9c').topic).toMatch(/qualifications/i);
    expect(item('9b').topic).toMatch(/blinding/i);
    // 23b is heterogeneity across clusters: not claimed without a per-centre analysis.
    expect(item('23b').topic).toMatch(/clusters/i);
    expect(item('23b').status).toBe('not done');
    expect(item('18e').topic).toBe('Data sharing');
    expect(item('18f').topic).toBe('Code sharing');
    for (const id of ['1', '2', '3a', '3c', '8b', '8c', '9c', '17', '18a', '18b', '18c', '18d', '18e', '19', '25', '27b', '27c']) {
      expect(item(id).status).toBe('not done');
      expect(item(id).detail).toContain('for the authors');
    }
    const table = tripodAiTable(input);
    expect(table.columns).toEqual(['item', 'section', 'topic', 'status', 'detail', 'where']);
    expect(table.rows.map((r) => r[0])).toEqual(official.map((d) => d.item));
  });
});
