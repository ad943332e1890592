import { betaIncomplete } from '../../core/distributions.js';
import { HccError } from '../../core/errors.js';
import { adjustBH } from '../multiple-testing.js';
import type { GeneCounts } from './gene-counts.js';
import { assertGeneCounts } from './gene-counts.js';
import { betaQuantile, betaUpperTail, logDnbinomMu } from './log-scale-distributions.js';
import { fitOneGroupNb } from './one-group-glm.js';
import { q2qNbinom } from './q2q-nbinom.js';

/** Options of `exactTest`. */
export interface ExactTestOptions {
  /** 0 = first group (reference), 1 = second group, per sample; other samples are ignored (-1). */
  readonly group: ArrayLike<number>;
  /** Effective library sizes N_j·f_j. */
  readonly libSize: ArrayLike<number>;
  /** NB dispersion per gene (e.g. tagwise) or one common value; must be > 0. */
  readonly dispersion: ArrayLike<number> | number;
  /** Both group totals above this use the beta approximation (default 900). */
  readonly bigCount?: number;
  /** Average prior count for logFC (default 0.125). */
  readonly priorCount?: number;
}

/** What `exactTest` returns, per gene. */
export interface ExactTestResult {
  /** log2 fold change group 1 vs group 0 (with prior counts). */
  readonly logFC: Float64Array;
  /** Two-sided ("doubletail") exact P-values. */
  readonly pValue: Float64Array;
  /** BH adjusted P-values. */
  readonly fdr: Float64Array;
  /** Pseudo-counts at the geometric-mean library size, genes × samples (samples of the two groups in input order). */
  readonly pseudoCounts: Float64Array;
  /** Genes tested with the beta approximation. */
  readonly nBetaApprox: number;
}

/**
 * Two-sided exact NB test for the group totals s₁ (n₁ libraries) and s₂ (n₂) given s = s₁ + s₂,
 * each group total ~ NB(n_k μ, φ/n_k) with μ = s/(n₁+n₂): P = 2·Σ_{x beyond s₁ on its side}
 * NB(x; n₁μ, size n₁/φ)·NB(s-x; n₂μ, size n₂/φ) / NB(s; s, size (n₁+n₂)/φ), capped at 1.
 * Totals are rounded first (pseudo-count totals may be slightly negative; as in edgeR, only
 * x >= 0 with s - x >= 0 then contribute). @see edgeR `exactTestDoubleTail`.
 */
export function exactTestDoubleTailOne(s1Raw: number, s2Raw: number, n1: number, n2: number, dispersion: number): number {
  const s1 = Math.round(s1Raw);
  const s2 = Math.round(s2Raw);
  const s = s1 + s2;
  const mu = s / (n1 + n2);
  const mu1 = n1 * mu;
  const mu2 = n2 * mu;
  const size1 = n1 / dispersion;
  const size2 = n2 / dispersion;
  let from: number;
  let to: number;
  if (s1 < mu1) [from, to] = [0, s1];
  else if (s1 > mu1) [from, to] = [s1, s];
  else return 1;
  const logBottom = logDnbinomMu(s, (n1 + n2) / dispersion, s);
  // Pseudo-count totals can round below zero (the normal part of q2qNbinom); like R's `from:to`
  // the range may then run downwards, and only terms with x >= 0 and s - x >= 0 carry mass.
  const lo = Math.max(Math.min(from, to), 0);
  const hi = Math.min(Math.max(from, to), s);
  let sum = 0;
  for (let x = lo; x <= hi; x++) sum += Math.exp(logDnbinomMu(x, size1, mu1) + logDnbinomMu(s - x, size2, mu2) - logBottom);
  return Math.min(1, 2 * sum);
}

/**
 * Beta approximation of the exact test for large totals: s₁/s ~ Beta(α₁, α₂),
 * α₁ = n₁μ/(1+φμ), α₂ = (n₂/n₁)α₁; two-sided P from the tail beyond (s₁ ± 0.5)/s on the side of
 * the median. @see edgeR `exactTestBetaApprox`.
 */
export function exactTestBetaApproxOne(s1: number, s2: number, n1: number, n2: number, dispersion: number): number {
  const y = s1 + s2;
  if (y <= 0) return 1;
  const mu = y / (n1 + n2);
  const alpha1 = (n1 * mu) / (1 + dispersion * mu);
  const alpha2 = (n2 / n1) * alpha1;
  const med = betaQuantile(0.5, alpha1, alpha2);
  if ((s1 + 0.5) / y < med) return Math.min(1, 2 * betaIncomplete((s1 + 0.5) / y, alpha1, alpha2));
  if ((s1 - 0.5) / y > med) return Math.min(1, 2 * betaUpperTail((s1 - 0.5) / y, alpha1, alpha2));
  return 1;
}

/**
 * edgeR's classic exact test between two groups (rejection region "doubletail").
 *
 * 1. logFC = (β₂ - β₁)/log 2 from one-group NB fits with prior counts c·N_j/mean(N) and offsets
 *    log(N_j + 2c·N_j/mean(N)).
 * 2. Pseudo-counts: with β from the pooled one-group fit (offsets log N_j), each count is mapped by
 *    `q2qNbinom` from mean e^β·N_j to mean e^β·N̄ (N̄ = geometric mean of N).
 * 3. Group totals of pseudo-counts are tested with `exactTestDoubleTailOne`, or with
 *    `exactTestBetaApproxOne` when both totals exceed bigCount.
 *
 * @see edgeR `exactTest`; Robinson & Smyth (2008) Biostatistics 9:321.
 */
export function exactTest(y: GeneCounts, options: ExactTestOptions): ExactTestResult {
  assertGeneCounts(y, 'exactTest');
  const { nGenes, nSamples, counts } = y;
  const bigCount = options.bigCount ?? 900;
  const priorCount = options.priorCount ?? 0.125;
  if (options.group.length !== nSamples || options.libSize.length !== nSamples) {
    throw new HccError('E_OPTION', `exactTest: group and libSize must have ${nSamples} entries`);
  }
  const disp = (g: number): number => (typeof options.dispersion === 'number' ? options.dispersion : options.dispersion[g]);
  if (typeof options.dispersion !== 'number' && options.dispersion.length !== nGenes) {
    throw new HccError('E_OPTION', `exactTest: ${options.dispersion.length} dispersions for ${nGenes} genes`);
  }
  for (let g = 0; g < nGenes; g++) {
    if (!(disp(g) > 0) || !Number.isFinite(disp(g))) throw new HccError('E_OPTION', `exactTest: dispersion must be finite and > 0 (gene ${g}: ${disp(g)}); the Poisson (binomial) test is not implemented`);
  }
  const cols: number[] = [];
  const which: number[] = [];
  for (let j = 0; j < nSamples; j++) {
    const k = options.group[j];
    if (k === 0 || k === 1) {
      cols.push(j);
      which.push(k);
    }
  }
  const m = cols.length;
  const lib = cols.map((j) => options.libSize[j]);
  const n1 = which.filter((k) => k === 0).length;
  const n2 = m - n1;
  if (n1 === 0 || n2 === 0) throw new HccError('E_OPTION', 'exactTest: both groups need at least one sample');
  const sub = new Float64Array(nGenes * m);
  for (let g = 0; g < nGenes; g++) for (let c = 0; c < m; c++) sub[g * m + c] = counts[g * nSamples + cols[c]];
  const dispersionArray = Float64Array.from({ length: nGenes }, (_, g) => disp(g));

  // 1. logFC with prior counts
  const meanLib = lib.reduce((a, b) => a + b, 0) / m;
  const prior = lib.map((n) => (priorCount * n) / meanLib);
  const groupFit = (k: number): Float64Array => {
    const idx = which.flatMap((w, c) => (w === k ? [c] : []));
    const yk = new Float64Array(nGenes * idx.length);
    for (let g = 0; g < nGenes; g++) idx.forEach((c, i) => (yk[g * idx.length + i] = sub[g * m + c] + prior[c]));
    const off = idx.map((c) => Math.log(lib[c] + 2 * prior[c]));
    return fitOneGroupNb(yk, nGenes, idx.length, off, dispersionArray).beta;
  };
  const b1 = groupFit(0);
  const b2 = groupFit(1);
  const logFC = Float64Array.from({ length: nGenes }, (_, g) => (b2[g] - b1[g]) / Math.LN2);

  // 2. pseudo-counts at the geometric-mean library size
  const offset = lib.map((n) => Math.log(n));
  const libAverage = Math.exp(offset.reduce((a, b) => a + b, 0) / m);
  const pooled = fitOneGroupNb(sub, nGenes, m, offset, dispersionArray).beta;
  const pseudoCounts = new Float64Array(nGenes * m);
  const pValue = new Float64Array(nGenes);
  let nBetaApprox = 0;
  for (let g = 0; g < nGenes; g++) {
    const e = Math.exp(pooled[g]);
    let s1 = 0;
    let s2 = 0;
    for (let c = 0; c < m; c++) {
      const pc = q2qNbinom(sub[g * m + c], e * lib[c], e * libAverage, dispersionArray[g]);
      pseudoCounts[g * m + c] = pc;
      if (which[c] === 0) s1 += pc;
      else s2 += pc;
    }
    // 3. test
    if (Math.round(s1) > bigCount && Math.round(s2) > bigCount) {
      pValue[g] = exactTestBetaApproxOne(s1, s2, n1, n2, dispersionArray[g]);
      nBetaApprox++;
    } else pValue[g] = exactTestDoubleTailOne(s1, s2, n1, n2, dispersionArray[g]);
  }
  return { logFC, pValue, fdr: adjustBH(pValue), pseudoCounts, nBetaApprox };
}
