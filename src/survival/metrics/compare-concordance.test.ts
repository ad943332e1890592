import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../core/distributions.js';
import { createRng } from '../../core/rng.js';
import type { SurvivalData } from '../outcome.js';
import { makeSurvivalData } from '../outcome.js';
import { compareConcordanceKang, compareConcordanceR, spearmanCorrelation } from './compare-concordance.js';
import { bootstrapConcordanceDifference } from './concordance-bootstrap.js';
import { comparablePairSignCross } from './concordance-pair-cross.js';
import { noetherConcordance, rcorrCens } from './concordance-variants.js';

function data(a: Parameters<typeof makeSurvivalData>[0]): SurvivalData {
  const r = makeSurvivalData(a);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function randomCase(seed: number, n: number) {
  const rng = createRng(seed);
  const d = data({
    time: Array.from({ length: n }, () => 1 + rng.int(15)),
    event: Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 1 : 0)),
  });
  const m1 = Array.from({ length: n }, () => rng.int(7));
  const m2 = m1.map((v) => v + rng.int(4) - (rng.uniform() < 0.3 ? 3 : 0));
  return { d, m1, m2 };
}

/** compareC's pair kernel (sign of which member fails first; 0 when not comparable). */
function csign(d: SurvivalData, i: number, j: number): number {
  const [ti, tj, ei, ej] = [d.time[i], d.time[j], d.event[i], d.event[j]];
  if (ti > tj) return ej ? 1 : 0;
  if (ti < tj) return ei ? -1 : 0;
  if (ei && !ej) return -1;
  if (!ei && ej) return 1;
  return 0;
}
const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** Oracle tier (c): compareC written as its O(n²) U-statistics (scores are negated risks, as compareC is called). */
function bruteKang(d: SurvivalData, r1: number[], r2: number[]) {
  const n = d.n;
  const Y = r1.map((v) => -v);
  const Z = r2.map((v) => -v);
  const tau = (f: (i: number, j: number) => number) => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += f(i, j);
    return s / n / (n - 1);
  };
  const cov = (f: (i: number, j: number) => number, g: (i: number, j: number) => number) => {
    let s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    for (let i = 0; i < n; i++) {
      let a = 0, b = 0, ab = 0;
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        a += f(i, j);
        b += g(i, j);
        ab += f(i, j) * g(i, j);
      }
      s1 += 4 * a * b;
      s3 += 2 * ab;
      s2 += a;
      s4 += b;
    }
    return (s1 - s3 + ((2 * n - 3) * -2 * s2 * s4) / n / (n - 1)) / n / (n - 1) / (n - 2) / (n - 3);
  };
  const kxx = (i: number, j: number) => csign(d, i, j) ** 2;
  const kxy = (i: number, j: number) => csign(d, i, j) * sign(Y[i] - Y[j]);
  const kxz = (i: number, j: number) => csign(d, i, j) * sign(Z[i] - Z[j]);
  const t11 = tau(kxx), t12 = tau(kxy), t13 = tau(kxz);
  const v11 = cov(kxx, kxx), v12 = cov(kxy, kxy), v13 = cov(kxz, kxz);
  const c1112 = cov(kxx, kxy), c1113 = cov(kxx, kxz), c1213 = cov(kxy, kxz);
  const g1 = [1 / t11, -t12 / t11 ** 2], g2 = [1 / t11, -t13 / t11 ** 2];
  const var1 = 0.25 * (g1[0] * (v12 * g1[0] + c1112 * g1[1]) + g1[1] * (c1112 * g1[0] + v11 * g1[1]));
  const var2 = 0.25 * (g2[0] * (v13 * g2[0] + c1113 * g2[1]) + g2[1] * (c1113 * g2[0] + v11 * g2[1]));
  const cv = 0.25 * (g1[0] * (c1213 * g2[0] + c1112 * g2[1]) + g1[1] * (c1113 * g2[0] + v11 * g2[1]));
  return { c1: (t12 / t11 + 1) / 2, c2: (t13 / t11 + 1) / 2, var1, var2, cov: cv };
}

describe('compareC (Kang) equals its O(n²) definition', () => {
  for (const seed of [1, 2, 3]) {
    it(`random tied data, seed ${seed}`, () => {
      const { d, m1, m2 } = randomCase(seed, 45);
      const r = compareConcordanceKang(d, m1, m2);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const b = bruteKang(d, m1, m2);
      expect(r.value.concordance1).toBeCloseTo(b.c1, 13);
      expect(r.value.concordance2).toBeCloseTo(b.c2, 13);
      expect(r.value.variance1).toBeCloseTo(b.var1, 13);
      expect(r.value.variance2).toBeCloseTo(b.var2, 13);
      expect(r.value.covariance).toBeCloseTo(b.cov, 13);
      const z = (b.c1 - b.c2) / Math.sqrt(b.var1 + b.var2 - 2 * b.cov);
      expect(r.value.z).toBeCloseTo(z, 9);
      expect(r.value.p).toBeCloseTo(2 * normalCdf(-Math.abs(z)), 12);
    });
  }

  it('the divide-and-conquer cross term equals the pairwise sum', () => {
    const rng = createRng(9);
    const n = 300;
    const time = Float64Array.from({ length: n }, () => 1 + rng.int(40));
    const event = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
    const y = Int32Array.from({ length: n }, () => rng.int(9));
    const z = Int32Array.from({ length: n }, () => rng.int(5));
    let expected = 0;
    for (let i = 0; i < n; i++) {
      if (!event[i]) continue;
      for (let j = 0; j < n; j++) {
        const comparable = time[j] > time[i] || (time[j] === time[i] && !event[j]);
        if (j !== i && comparable) expected += sign(y[i] - y[j]) * sign(z[i] - z[j]);
      }
    }
    expect(comparablePairSignCross(time, event, y, z)).toBe(expected);
  });

  it('rejects strata and weights (compareC has neither)', () => {
    const d = data({ time: [1, 2, 3, 4, 5], event: [1, 1, 0, 1, 0], strata: ['a', 'a', 'b', 'b', 'b'] });
    const r = compareConcordanceKang(d, [1, 2, 3, 4, 5], [5, 4, 3, 2, 1]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'bad_option', path: ['strata'] });
  });
});

describe('Hmisc rcorr.cens and survcomp Noether equal their O(n²) definitions', () => {
  /** Hmisc's Fortran loop over ordered pairs, with x = -risk. */
  function bruteHmisc(d: SurvivalData, risk: number[], outx: boolean) {
    const x = risk.map((v) => -v);
    let nrel = 0, nconc = 0, nunc = 0, sr = 0, sr2 = 0, sw = 0, sw2 = 0, srw = 0;
    for (let i = 0; i < d.n; i++) {
      let wi = 0, ri = 0;
      for (let j = 0; j < d.n; j++) {
        if (j === i) continue;
        const dx = x[i] - x[j];
        const dy = d.time[i] - d.time[j];
        if (dx === 0 && outx) continue;
        const [ei, ej] = [d.event[i] === 1, d.event[j] === 1];
        const iFirst = (ei && dy < 0) || (ei && !ej && dy === 0);
        const jFirst = (ej && dy > 0) || (ej && !ei && dy === 0);
        if (iFirst || jFirst) {
          const agree = iFirst ? dx < 0 : dx > 0;
          if (agree) { nconc++; wi++; } else if (dx === 0) nconc += 0.5; else wi--;
          nrel++;
          ri++;
        } else if (!(ei && ej)) nunc++;
      }
      sr += ri; sr2 += ri * ri; sw += wi; sw2 += wi * wi; srw += ri * wi;
    }
    const c = nconc / nrel;
    return { c, nrel, nconc, nunc, sd: (2 * Math.sqrt(sr2 * sw * sw - 2 * sr * sw * srw + sw2 * sr * sr)) / sr / sr };
  }
  for (const outx of [false, true]) {
    it(`rcorr.cens outx = ${outx}`, () => {
      const { d, m1 } = randomCase(21, 50);
      const r = rcorrCens(d, m1, { outx });
      if (!r.ok) throw new Error();
      const b = bruteHmisc(d, m1, outx);
      expect(r.value.c).toBeCloseTo(b.c, 14);
      expect(r.value.sdDxy).toBeCloseTo(b.sd, 13);
      expect([r.value.relevantPairs, r.value.concordantPairs, r.value.uncertainPairs]).toEqual([b.nrel, b.nconc, b.nunc]);
    });
  }

  it('Noether with strata: pairs only within strata, N = all rows', () => {
    const rng = createRng(5);
    const n = 60;
    const strata = Array.from({ length: n }, () => rng.int(2));
    const d = data({ time: Array.from({ length: n }, () => 1 + rng.int(20)), event: Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 1 : 0)), strata });
    const x = Array.from({ length: n }, () => rng.int(6));
    const ch = new Float64Array(n), dh = new Float64Array(n);
    for (let h = 0; h < n; h++) {
      for (let j = 0; j < n; j++) {
        if (strata[h] !== strata[j]) continue;
        if (d.time[h] < d.time[j] && d.event[h]) {
          if (x[h] > x[j]) ch[h]++; else if (x[h] < x[j]) dh[h]++;
        }
        if (d.time[h] > d.time[j] && d.event[j]) {
          if (x[h] < x[j]) ch[h]++; else if (x[h] > x[j]) dh[h]++;
        }
      }
    }
    const sum = (a: Float64Array, f: (v: number, i: number) => number) => a.reduce((s, v, i) => s + f(v, i), 0);
    const pc = sum(ch, (v) => v) / (n * (n - 1)), pd = sum(dh, (v) => v) / (n * (n - 1));
    const k3 = n * (n - 1) * (n - 2);
    const pcc = sum(ch, (v) => v * (v - 1)) / k3, pdd = sum(dh, (v) => v * (v - 1)) / k3, pcd = sum(ch, (v, i) => v * dh[i]) / k3;
    const se = Math.sqrt(((4 / (pc + pd) ** 4) * (pd ** 2 * pcc - 2 * pc * pd * pcd + pc ** 2 * pdd)) / n);
    const r = noetherConcordance(d, x);
    if (!r.ok) throw new Error();
    expect(r.value.cIndex).toBeCloseTo(pc / (pc + pd), 14);
    expect(r.value.se).toBeCloseTo(se, 14);
  });
});

describe('R contrast and paired bootstrap invariants (oracle tier c; the bootstrap has no R reference)', () => {
  const { d, m1, m2 } = randomCase(31, 120);

  it('the same marker twice: difference 0, se 0 (R contrast); bootstrap differences all 0, p = 1', () => {
    const r = compareConcordanceR(d, m1, m1);
    if (!r.ok) throw new Error();
    expect(r.value.difference).toBe(0);
    expect(r.value.covariance[1]).toBeCloseTo(r.value.covariance[0], 15);
    // z = 0/0: reported as null (R prints NaN), never NaN.
    expect([r.value.seDifference, r.value.z, r.value.p]).toEqual([0, null, null]);
    const k = compareConcordanceKang(d, m1, m1);
    if (!k.ok) throw new Error();
    expect(k.value.difference).toBe(0);
    expect([k.value.z, k.value.p]).toEqual([null, null]);
    const b = bootstrapConcordanceDifference(d, m1, m1, { resamples: 50, seed: 3 });
    if (!b.ok) throw new Error();
    expect(Array.from(b.value.differences).every((v) => v === 0)).toBe(true);
    expect([b.value.ciLower, b.value.ciUpper, b.value.p, b.value.se]).toEqual([0, 0, 1, 0]);
  });

  it('a seed reproduces the resamples; another seed gives others', () => {
    const run = (seed: number) => {
      const b = bootstrapConcordanceDifference(d, m1, m2, { resamples: 100, seed });
      if (!b.ok) throw new Error();
      return b.value;
    };
    const a = run(1);
    expect(Array.from(run(1).differences)).toEqual(Array.from(a.differences));
    expect(Array.from(run(2).differences)).not.toEqual(Array.from(a.differences));
    expect(a.ciLower).toBeLessThanOrEqual(a.ciUpper);
    expect(a.resamples + a.skipped).toBe(100);
  });

  it('bootstrap se is close to the influence-based se of the difference', () => {
    const r = compareConcordanceR(d, m1, m2);
    const b = bootstrapConcordanceDifference(d, m1, m2, { resamples: 400, seed: 11 });
    if (!r.ok || !b.ok) throw new Error();
    expect(b.value.difference).toBeCloseTo(r.value.difference, 14);
    expect(Math.abs(b.value.se / r.value.seDifference - 1)).toBeLessThan(0.25);
  });

  it('bad options are issues', () => {
    const b = bootstrapConcordanceDifference(d, m1, m2, { resamples: 1, seed: NaN });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.issues.map((i) => i.path[0])).toEqual(['resamples', 'seed']);
  });

  it('Spearman correlation: average ranks for ties', () => {
    expect(spearmanCorrelation([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 15);
    // R: cor(c(1, 2, 2, 3), c(1, 3, 2, 4), method = "spearman") = 0.9486832980505138
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 14);
  });
});
