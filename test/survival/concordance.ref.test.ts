// Oracle tier (b), cross-implementation: R 4.2.2 survival 3.5-3 concordance(reverse = TRUE),
// Hmisc 4.8-0 rcorr.cens, survcomp 1.45.1 concordance.index(method = "noether") / cindex.comp and
// compareC 1.3.3, on the shared lung_markers.csv (n = 227), plus the coxph fit's own concordance and
// a project-owned Uno-with-tau case (test/reference/survival/cindex_lung_uno_tau/generate.R).
// Tolerances (README): counts exact (integer counts; weighted counts rel 1e-12 for summation order);
// C abs 1e-12; var/se rel 1e-6; compareC / survcomp / Hmisc rel 1e-9.
import { describe, expect, it } from 'vitest';
import { numericColumn, readCsvFile } from '../../src/core/table.js';
import type { SurvivalData } from '../../src/survival/outcome.js';
import { parseSurvival } from '../../src/survival/outcome.js';
import type { PairCounts } from '../../src/survival/metrics/concordance-kernel.js';
import type { TimeWeighting } from '../../src/survival/metrics/concordance-time-weights.js';
import { concordanceIndex } from '../../src/survival/metrics/concordance.js';
import { noetherConcordance, rcorrCens } from '../../src/survival/metrics/concordance-variants.js';
import { compareConcordanceKang, compareConcordanceNoether, compareConcordanceR } from '../../src/survival/metrics/compare-concordance.js';
import { bootstrapConcordanceDifference } from '../../src/survival/metrics/concordance-bootstrap.js';
import { expectClose, localReferencePath, readLocalJson, readSharedCsv, readSharedJson } from '../helpers/reference.js';

const TOL_C = { abs: 1e-12 } as const;
const TOL_VAR = { rel: 1e-6 } as const;
const TOL_ARITH = { rel: 1e-9 } as const;
const TOL_WCOUNT = { rel: 1e-12, abs: 1e-12 } as const;

interface LungMarkers {
  data: SurvivalData;
  markers: Record<'lp' | 'ph_ecog' | 'age' | 'risk_1y', Float64Array>;
}

function readLungMarkers(): LungMarkers {
  const table = readSharedCsv('survival/data/lung_markers.csv');
  const parsed = parseSurvival(table, { time: 'time', event: 'event' });
  if (!parsed.ok) throw new Error('lung_markers.csv did not parse');
  const col = (c: string) => numericColumn(table, c).values;
  return { data: parsed.value.data, markers: { lp: col('lp'), ph_ecog: col('ph_ecog'), age: col('age'), risk_1y: col('risk_1y') } };
}

const lung = readLungMarkers();

function unwrap<T>(r: { ok: true; value: T } | { ok: false; issues: readonly unknown[] }): T {
  if (!r.ok) throw new Error(`unexpected issues: ${JSON.stringify(r.issues)}`);
  return r.value;
}

function expectCounts(got: PairCounts, ref: Record<string, number>, integer: boolean, label: string): void {
  const pairs: [keyof PairCounts, string][] = [
    ['concordant', 'concordant'],
    ['discordant', 'discordant'],
    ['tiedX', 'tied_x'],
    ['tiedY', 'tied_y'],
    ['tiedXY', 'tied_xy'],
  ];
  for (const [mine, theirs] of pairs) {
    if (integer) expect(got[mine], `${label} ${theirs}`).toBe(ref[theirs]);
    else expectClose(got[mine], ref[theirs], TOL_WCOUNT, `${label} ${theirs}`);
  }
}

const CASES = [
  { file: 'cindex_lung_lp', marker: 'lp' },
  { file: 'cindex_lung_ecog_ties', marker: 'ph_ecog' },
  { file: 'cindex_lung_age_ties', marker: 'age' },
] as const;

const WEIGHTINGS: TimeWeighting[] = ['n', 'S', 'S/G', 'n/G2', 'I'];

describe.each(CASES)('$file', ({ file, marker }) => {
  const ref = readSharedJson(`survival/expected/${file}.json`);
  const x = lung.markers[marker];

  it('marker column and rows as R read them', () => {
    expect(ref.marker).toBe(marker);
    expect(lung.data.n).toBe(227);
  });

  for (const tw of WEIGHTINGS) {
    it(`survival::concordance timewt = '${tw}': counts, C, var, se`, () => {
      const r = unwrap(concordanceIndex(lung.data, x, { timeWeighting: tw }));
      const e = ref.by_timewt[tw];
      expectCounts(r.counts, e, tw === 'n', `${file} ${tw}`);
      expectClose(r.concordance, e.concordance, TOL_C, `${file} ${tw} C`);
      expectClose(r.variance, e.var, TOL_VAR, `${file} ${tw} var`);
      expectClose(r.se, e.se, TOL_VAR, `${file} ${tw} se`);
    });
  }

  it('Hmisc rcorr.cens(-marker, Surv) outx = FALSE and TRUE', () => {
    const a = unwrap(rcorrCens(lung.data, x, { outx: false }));
    const h = ref.hmisc_rcorr_cens;
    expectClose(a.c, h.C, TOL_ARITH, 'C');
    expectClose(a.dxy, h.Dxy, TOL_ARITH, 'Dxy');
    expectClose(a.sdDxy, h.SD_Dxy, TOL_ARITH, 'SD Dxy');
    expect(a.relevantPairs).toBe(h.relevant_pairs);
    expect(a.concordantPairs).toBe(h.concordant);
    expect(a.uncertainPairs).toBe(h.uncertain);
    expect(a.nEvents).toBe(lung.data.event.reduce((s, v) => s + v, 0));
    const b = unwrap(rcorrCens(lung.data, x, { outx: true }));
    const ho = ref.hmisc_rcorr_cens_outx;
    expectClose(b.c, ho.C, TOL_ARITH, 'C outx');
    expectClose(b.dxy, ho.Dxy, TOL_ARITH, 'Dxy outx');
    expectClose(b.sdDxy, ho.SD_Dxy, TOL_ARITH, 'SD Dxy outx');
  });

  for (const outx of [true, false]) {
    it(`survcomp concordance.index(method = 'noether', outx = ${outx})`, () => {
      const r = unwrap(noetherConcordance(lung.data, x, { outx }));
      const e = ref[`survcomp_noether_outx_${outx ? 'TRUE' : 'FALSE'}`];
      expectClose(r.cIndex, e.c_index, TOL_ARITH, 'c_index');
      expectClose(r.se, e.se, TOL_ARITH, 'se');
      expectClose(r.lower, e.lower, TOL_ARITH, 'lower');
      expectClose(r.upper, e.upper, TOL_ARITH, 'upper');
      expectClose(r.p, e.p_value, TOL_ARITH, 'p');
    });
  }
});

describe('cox_lung_age_sex_ecog: concordance reported by coxph', () => {
  const ref = readSharedJson('survival/expected/cox_lung_age_sex_ecog.json');
  const table = readSharedCsv('survival/data/lung.csv');
  const parsed = unwrap(parseSurvival(table, { time: 'time', event: 'event', alsoRequire: ['age', 'sex', 'ph.ecog'] }));
  for (const ties of ['efron', 'breslow'] as const) {
    it(`${ties}: c, se and counts from the centred linear predictors`, () => {
      const fit = ref.fits[ties];
      expect(parsed.data.n).toBe(fit.linear_predictors_centered.length);
      const r = unwrap(concordanceIndex(parsed.data, fit.linear_predictors_centered));
      expectCounts(r.counts, fit.concordance, true, ties);
      expectClose(r.concordance, fit.concordance.c, TOL_C, 'c');
      expectClose(r.se, fit.concordance.se, TOL_VAR, 'se');
    });
  }
});

describe('cindex_lung_uno_tau (project case: ymax = 365.25, timewt = n/G2)', () => {
  const ref = readLocalJson('survival/cindex_lung_uno_tau/expected.json');
  for (const c of ref.cases as { marker: 'lp' | 'ph_ecog' | 'age'; timewt: TimeWeighting; ymax: number; concordance: number; var: number; count: Record<string, number> }[]) {
    it(`${c.marker} ${c.timewt} tau ${c.ymax}`, () => {
      const r = unwrap(concordanceIndex(lung.data, lung.markers[c.marker], { timeWeighting: c.timewt, tauDays: c.ymax }));
      expectCounts(r.counts, c.count, c.timewt === 'n', `${c.marker} ${c.timewt}`);
      expectClose(r.concordance, c.concordance, TOL_C, 'C');
      expectClose(r.variance, c.var, TOL_VAR, 'var');
    });
  }
});

describe('ccompare_lung_lp_vs_ecog', () => {
  const ref = readSharedJson('survival/expected/ccompare_lung_lp_vs_ecog.json');
  const m1 = lung.markers.lp;
  const m2 = lung.markers.ph_ecog;

  it('survival concordance(fit1, fit2), contrast c(1, -1)', () => {
    const r = unwrap(compareConcordanceR(lung.data, m1, m2));
    const e = ref.survival_concordance_two_fits;
    expectClose(r.concordance1, e.concordance[0], TOL_C, 'C1');
    expectClose(r.concordance2, e.concordance[1], TOL_C, 'C2');
    expectClose(r.covariance[0], e.var[0][0], TOL_VAR, 'var11');
    expectClose(r.covariance[1], e.var[0][1], TOL_VAR, 'var12');
    expectClose(r.covariance[2], e.var[1][0], TOL_VAR, 'var21');
    expectClose(r.covariance[3], e.var[1][1], TOL_VAR, 'var22');
    expectClose(r.difference, e.diff, TOL_C, 'diff');
    expectClose(r.seDifference, e.se_diff, TOL_VAR, 'se diff');
    expectClose(r.z, e.z, TOL_VAR, 'z');
    expectClose(r.p, e.p_two_sided, TOL_VAR, 'p');
  });

  it('compareC (Kang et al. 2015)', () => {
    const r = unwrap(compareConcordanceKang(lung.data, m1, m2));
    const e = ref.compareC;
    expectClose(r.concordance1, e.est_c[0], TOL_ARITH, 'est_c[1]');
    expectClose(r.concordance2, e.est_c[1], TOL_ARITH, 'est_c[2]');
    expectClose(r.difference, e.est_diff_c, TOL_ARITH, 'diff');
    expectClose(r.varianceDifference, e.est_vardiff_c, TOL_ARITH, 'vardiff');
    expectClose(r.variance1, e.est_varCxy, TOL_ARITH, 'varCxy');
    expectClose(r.variance2, e.est_varCxz, TOL_ARITH, 'varCxz');
    expectClose(r.covariance, e.est_cov, TOL_ARITH, 'cov');
    expectClose(r.z, e.zscore, TOL_ARITH, 'z');
    expectClose(r.p, e.pval, TOL_ARITH, 'p');
  });

  it('survcomp cindex.comp (one-sided t test, Spearman r)', () => {
    const r = unwrap(compareConcordanceNoether(lung.data, m1, m2));
    const e = ref.survcomp_cindex_comp;
    expectClose(r.cIndex1, e.cindex1, TOL_ARITH, 'cindex1');
    expectClose(r.cIndex2, e.cindex2, TOL_ARITH, 'cindex2');
    expectClose(r.se1, e.se1, TOL_ARITH, 'se1');
    expectClose(r.se2, e.se2, TOL_ARITH, 'se2');
    expectClose(r.spearman, e.spearman_r, TOL_ARITH, 'spearman');
    expectClose(r.pOneSided, e.p_value_one_sided, TOL_ARITH, 'p');
  });

  it('paired bootstrap (no R reference): the 95% CI covers the compareC difference', () => {
    const r = unwrap(bootstrapConcordanceDifference(lung.data, m1, m2, { resamples: 500, seed: 1 }));
    expect(r.ciLower).toBeLessThan(ref.compareC.est_diff_c);
    expect(r.ciUpper).toBeGreaterThan(ref.compareC.est_diff_c);
    expectClose(r.difference, ref.compareC.est_diff_c, TOL_ARITH, 'point estimate');
  });
});

describe('cindex_lung_strata_weights (project case: strata, case weights, clusters)', () => {
  const ref = readLocalJson('survival/cindex_lung_strata_weights/expected.json');
  const table = readCsvFile(localReferencePath('survival/cindex_lung_strata_weights/input.csv'));
  const setups: Record<string, { strata?: string[]; weights?: string; cluster?: string; marker: 'lp' | 'ph_ecog'; tw: TimeWeighting }> = {
    strata_n: { strata: ['sex'], marker: 'lp', tw: 'n' },
    strata_nG2: { strata: ['sex'], marker: 'lp', tw: 'n/G2' },
    strata_ecog_S: { strata: ['sex'], marker: 'ph_ecog', tw: 'S' },
    weights_n: { weights: 'w', marker: 'lp', tw: 'n' },
    weights_SG: { weights: 'w', marker: 'lp', tw: 'S/G' },
    weights_strata_I: { strata: ['sex'], weights: 'w', marker: 'ph_ecog', tw: 'I' },
    cluster_n: { cluster: 'inst', marker: 'lp', tw: 'n' },
  };
  for (const c of ref.cases as { label: string; concordance: number; var: number; count: Record<string, number> }[]) {
    it(c.label, () => {
      const s = setups[c.label];
      expect(s, `setup for ${c.label}`).toBeDefined();
      const parsed = unwrap(parseSurvival(table, { time: 'time', event: 'event', strata: s.strata, weights: s.weights, cluster: s.cluster, alsoRequire: [s.marker] }));
      const keep = parsed.data.rowIndex;
      const marker = Float64Array.from(keep, (i) => numericColumn(table, s.marker).values[i]);
      expect(parsed.data.n).toBe(s.cluster ? 226 : 227);
      const r = unwrap(concordanceIndex(parsed.data, marker, { timeWeighting: s.tw }));
      expectCounts(r.counts, c.count, s.tw === 'n' && !s.weights, c.label);
      expectClose(r.concordance, c.concordance, TOL_C, `${c.label} C`);
      expectClose(r.variance, c.var, TOL_VAR, `${c.label} var`);
      if (s.strata) expect(r.countsByStratum?.map((x) => x.stratum)).toEqual(['1', '2']);
    });
  }
});
