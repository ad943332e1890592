import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../core/table.js';
import { withCandidateColumns } from './cohort-data.js';
import { missingScoreWarnings } from './fit-models.js';
import { settingsCandidates } from './fitted-study/fit-study-models.js';
import { parseStudySettings } from './settings.js';

const settings = (() => {
  const r = parseStudySettings({});
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.value;
})();

describe('missingScoreWarnings', () => {
  it('warns once per default clinical score whose column is absent, naming the model and its column', () => {
    const table = parseCsvText('patient_id,crafity\nP1,1\nP2,0\n');
    const w = missingScoreWarnings(table, settings.models.scores.items);
    expect(w.map((i) => i.code)).toEqual(['missing_column', 'missing_column', 'missing_column']);
    expect(w.map((i) => i.path.join('.'))).toEqual(['settings.models.scores.items.0', 'settings.models.scores.items.2', 'settings.models.scores.items.3']);
    expect(w[0].message).toContain('"ALBI grade" (model score-albi) needs the cohort column "albi_grade"');
    expect(w[1].message).toContain('"BCLC stage" (model score-bclc) needs the cohort column "bclc"');
    expect(w[2].message).toContain('"Child-Pugh class" (model score-child-pugh) needs the cohort column "child_pugh_class"');
    expect(w.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('says nothing when every score column is present', () => {
    const table = parseCsvText('albi_grade,crafity,bclc,child_pugh_class\n1,0,B,A\n');
    expect(missingScoreWarnings(table, settings.models.scores.items)).toEqual([]);
  });
});

describe('withCandidateColumns', () => {
  it('warns once per absent column even when a clinical candidate and a score name the same one (bclc, child_pugh_class)', () => {
    const table = parseCsvText('patient_id,age_years\nP1,60\n');
    const candidates = settingsCandidates(settings);
    expect(candidates.filter((c) => c.column === 'bclc').length).toBe(2);
    const { warnings } = withCandidateColumns(table, candidates);
    const cols = warnings.map((w) => String(w.path[2]));
    expect(new Set(cols).size).toBe(cols.length);
    expect(cols.filter((c) => c === 'bclc')).toEqual(['bclc']);
    expect(cols.filter((c) => c === 'child_pugh_class')).toEqual(['child_pugh_class']);
    expect(cols).not.toContain('age_years');
  });
});
