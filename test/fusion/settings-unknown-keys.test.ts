import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSettings } from '../../src/cli/commands/demo.js';
import { parseStudySettings, readStudySettings } from '../../src/fusion/index.js';

const codesAndPaths = (r: ReturnType<typeof parseStudySettings>) => (r.ok ? [] : r.issues.map((i) => [i.code, i.path.join('.')]));

/** The settings example of docs/study-pipeline.md (section 2) with its "..." placeholders removed. */
function docsSettingsExample(): unknown {
  const md = readFileSync(join(__dirname, '..', '..', 'docs', 'study-pipeline.md'), 'utf8');
  const block = [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('"horizonsMonths"'));
  if (!block) throw new Error('no settings example in docs/study-pipeline.md');
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.filter((v) => v !== '...').map(strip);
    if (x && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) {
        const s = strip(v);
        if (!(Array.isArray(s) && s.length === 0 && Array.isArray(v) && v.length > 0)) out[k] = s;
      }
      return out;
    }
    return x;
  };
  return strip(JSON.parse(block));
}

describe('study settings: unknown keys', () => {
  it('a misspelt nested key is an unknown_key error with a suggestion, not a silent default', () => {
    const r = parseStudySettings({ models: { ensembleDl: { enabled: true, stack: { contextMM: 10 } } } }, 'study.json');
    expect(codesAndPaths(r)).toEqual([['unknown_key', 'study.json.models.ensembleDl.stack.contextMM']]);
    if (r.ok) return;
    expect(r.issues[0].message).toContain('did you mean "contextMm"');
    expect(r.issues[0].expected).toMatch(/^one of: .*contextMm/);
  });

  it('an unknown section is reported, and nothing inside it', () => {
    const r = parseStudySettings({ training: { weighting: 'balanced' }, evaluation: { bootstrapResample: 10 } }, 's');
    expect(codesAndPaths(r)).toEqual([
      ['unknown_key', 's.training'],
      ['unknown_key', 's.evaluation.bootstrapResample'],
    ]);
    if (r.ok) return;
    expect(r.issues[1].message).toContain('did you mean "bootstrapResamples"');
  });

  it('bad values and unknown keys are reported together', () => {
    const r = parseStudySettings({ seed: 1.5, models: { mmf: { forest: { ntree: 50 } } } }, 's');
    expect(codesAndPaths(r)).toEqual([
      ['bad_option', 's.seed'],
      ['unknown_key', 's.models.mmf.forest.ntree'],
    ]);
    if (r.ok) return;
    expect(r.issues[1].message).toContain('did you mean "nTree"');
  });

  it('keys inside list items (candidates) are checked', () => {
    const r = parseStudySettings({ models: { clinical: { candidates: [{ column: 'age_years' }, { column: 'afp_ng_ml', transfrom: 'log10p1' }] } } }, 's');
    expect(codesAndPaths(r)).toEqual([['unknown_key', 's.models.clinical.candidates.1.transfrom']]);
  });

  it('the free-form preprocessing / radiomics notes take any key', () => {
    expect(parseStudySettings({ preprocessing: { anything: { at: 'all' } }, radiomics: { note: 1 } }).ok).toBe(true);
  });

  it('radiomics extraction overrides are checked against the radiomics settings now, not when extraction starts', () => {
    const r = parseStudySettings({ models: { radiomics: { extraction: { familes: ['glcm'], texture: { aggregation: ['3d_averaged'] }, morphology: { autocorrelation: 'no' } } } } }, 's');
    expect(codesAndPaths(r)).toEqual(
      expect.arrayContaining([
        ['unknown_key', 's.models.radiomics.extraction.familes'],
        ['bad_option', 's.models.radiomics.extraction.morphology.autocorrelation'],
        ['unknown_key', 's.models.radiomics.extraction.texture.aggregation'],
      ]),
    );
    if (r.ok) return;
    expect(r.issues.find((i) => i.path.at(-1) === 'familes')?.message).toContain('did you mean "families"');
    expect(r.issues.find((i) => i.path.at(-1) === 'aggregation')?.message).toContain('did you mean "aggregations"');
    expect(parseStudySettings({ models: { radiomics: { enabled: true, preset: 'B', extraction: { families: ['glcm'] } } } }).ok).toBe(true);
  });

  it('the settings the project ships still parse: demo (quick and full), the docs example, saved results', () => {
    for (const quick of [true, false]) {
      const r = parseStudySettings({ ...demoSettings(quick), seed: 7 }, 'demo');
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(r.value.models.ensembleDl.enabled).toBe(true);
      // results/settings.json is the resolved settings; `mmf study --settings` must read it back unchanged.
      const file = join(mkdtempSync(join(tmpdir(), 'mmf-settings-')), 'settings.json');
      writeFileSync(file, JSON.stringify(r.value, null, 2) + '\n');
      const back = readStudySettings(file);
      if (!back.ok) throw new Error(JSON.stringify(back.issues));
      expect(back.value).toEqual(r.value);
    }
    const docs = parseStudySettings(docsSettingsExample(), 'docs');
    if (!docs.ok) throw new Error(JSON.stringify(docs.issues));
    expect(docs.value.models.ensembleDl.stack.contextMm).toBe(5);
  });
});
