import { describe, expect, it } from 'vitest';
import type { NamedTable } from '../evaluate.js';
import { parseStudySettings } from '../settings.js';
import { REPORT_SECTIONS, tripodAiChecklist } from './tripod-ai.js';

const settings = (() => {
  const s = parseStudySettings({});
  if (!s.ok) throw new Error('settings');
  return s.value;
})();
const cohort = { name: 'c', synthetic: true, counts: { training: 112, internal_validation: 28, external_test: 20 } };
const T = (name: string, columns: string[], rows: (string | number | null)[][]): NamedTable => ({ name, columns, rows });
const sgCols = ['outcome', 'model', 'cohort', 'variable', 'level', 'n'];
const subgroups = T('subgroups', sgCols, [
  ['os', 'mmf-cox', 'training', 'centre', 'C1', 74],
  ['os', 'mmf-cox', 'training', 'centre', 'C2', 38],
  ['os', 'mmf-cox', 'internal_validation', 'centre', 'C3', 28],
  ['os', 'mmf-cox', 'external_test', 'centre', 'C4', 20],
]);
const interactions = T('subgroup_interactions', ['outcome', 'model', 'cohort', 'variable', 'levels', 'chisq', 'df', 'p'], [
  ['os', 'mmf-cox', 'training', 'centre', 'C1;C2', 0.57, 1, 0.451],
  ['pfs', 'mmf-cox', 'training', 'centre', 'C1;C2', 0.01, 1, 0.922],
]);
const items = (tables: NamedTable[]) => {
  const list = tripodAiChecklist({ tables, notes: [], warnings: [], settings, cohort });
  return (id: string) => list.find((i) => i.item === id)!;
};

describe('TRIPOD+AI items filled from what the run did', () => {
  it('12d/23b: centre heterogeneity claimed only where a cohort has more than one centre, single-centre cohorts named', () => {
    const item = items([subgroups, interactions]);
    for (const id of ['12d', '23b']) {
      expect(item(id).status).toBe('reported');
      expect(item(id).detail).toContain('training (centres C1, C2; OS p = 0.45, PFS p = 0.92)');
      expect(item(id).detail).toContain('single-centre cohorts (centre row = overall row, no interaction): internal_validation (C3), external_test (C4)');
      expect(item(id).where).toContain('subgroup_interactions.csv');
    }
    // Every cohort a single centre: a centre row is its cohort's overall row, nothing to claim.
    const notEstimable = T('subgroup_interactions', [...interactions.columns, 'reason'], [['os', 'mmf-cox', 'training', 'centre', 'C1', null, 0, null, 'not estimable: only one level of centre (C1) in this cohort']]);
    const single = items([T('subgroups', sgCols, subgroups.rows.filter((r) => r[4] !== 'C2')), notEstimable]);
    for (const id of ['12d', '23b']) {
      expect(single(id).status).toBe('not done');
      expect(single(id).detail).toMatch(/^no cohort has more than one centre .*no centre interaction can be tested/);
    }
  });

  it('12a/12c/26: the internal-validation patients used for Ensemble-DL early stopping are stated; the external cohort for no choice', () => {
    const deep = T('deep_members', ['member', 'n_train', 'n_valid', 'combiner_fitted_on'], [['cnn25d', 112, 28, 'training']]);
    const item = items([deep]);
    expect(item('12a').detail).toMatch(/^every model fitted on training only, except that the internal-validation patients \(28\) chose the Ensemble-DL members' early-stopping epoch, so internal-validation C of Ensemble-DL and MMF is optimistic; the external test cohort was not used for any choice/);
    expect(item('12c').detail).toContain('the internal-validation cohort is not fully separate');
    expect(item('12c').detail).not.toContain('separate internal-validation cohort');
    expect(item('26').detail).toContain('Ensemble-DL early stopping');
    const combiner = items([T('deep_members', [...deep.columns], [['cnn25d', 112, 28, 'validation']])]);
    expect(combiner('12a').detail).toContain('and fitted the ensemble combiner');
    const none = items([]);
    expect(none('12a').detail).toContain('internal validation and external test not used for any choice');
    expect(none('12c').detail).toContain('separate internal-validation cohort, not used for any choice');
  });

  it('12e/23a point to the Brier section when the run has a brier table', () => {
    const brier = T('brier', ['outcome', 'model', 'cohort', 'horizon_months', 'brier'], [['os', 'mmf-cox', 'external_test', 12, 0.2]]);
    const discrimination = T('discrimination', ['outcome', 'model', 'cohort', 'c_index'], [['os', 'mmf-cox', 'external_test', 0.7]]);
    const item = items([brier, discrimination]);
    expect(item('12e').detail).toContain('Brier score and IBS');
    expect(item('12e').where).toContain(REPORT_SECTIONS.brier);
    expect(item('23a').where).toContain(REPORT_SECTIONS.brier);
    expect(items([discrimination])('23a').where).not.toContain(REPORT_SECTIONS.brier);
  });

  it('6c: the treatment column is found in the cohort table, or without it (mmf report) in the kept facts or the subgroup rows', () => {
    const at = (c: Parameters<typeof tripodAiChecklist>[0]['cohort'], tables: NamedTable[] = []) => tripodAiChecklist({ tables, notes: [], warnings: [], settings, cohort: c }).find((i) => i.item === '6c')!;
    const table = { source: 't', columns: ['regimen'], nRows: 1, cells: new Map([['regimen', ['PD-1+TKI']]]) };
    expect(at({ ...cohort, table }).status).toBe('reported');
    // what `mmf report` rebuilds from provenance.json: no table, the facts' candidate columns
    const facts = { summary: [], missing: [{ column: 'age_years', missing: 0, n: 160 }, { column: 'regimen', missing: 0, n: 160 }] };
    expect(at({ ...cohort, facts }).status).toBe('reported');
    expect(at({ ...cohort, facts }).detail).toBe('regimen is a candidate variable and a subgroup');
    expect(at(cohort, [T('subgroups', sgCols, [['os', 'mmf-cox', 'external_test', 'regimen', 'PD-1+TKI', 13]])]).status).toBe('reported');
    expect(at({ ...cohort, facts: { summary: [], missing: [{ column: 'age_years', missing: 0, n: 160 }] } }).status).toBe('not done');
    expect(at(cohort, [subgroups]).detail).toBe('no treatment column');
  });
});
