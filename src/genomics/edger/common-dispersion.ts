import { HccError } from '../../core/errors.js';
import type { GeneCounts } from './gene-counts.js';
import { assertGeneCounts } from './gene-counts.js';
import { logDnbinomMu } from './log-scale-distributions.js';
import { fitOneGroupNb } from './one-group-glm.js';
import { maximizeInterpolant } from './spline-maximum.js';

/** Options of `estimateCommonDispersion` (edgeR `estimateDisp` defaults). */
export interface CommonDispersionOptions {
  /** Group index per sample (0..k-1): the one-way layout `~ group`. */
  readonly group: ArrayLike<number>;
  /** Effective library sizes N_j·f_j (offsets log N_j). */
  readonly libSize: ArrayLike<number>;
  /** Genes with a total count below this are left out (default 5). */
  readonly minRowSum?: number;
  /** Grid points (default 21) on log2(φ/0.1) over gridRange (default [-10, 10]). */
  readonly gridLength?: number;
  readonly gridRange?: readonly [number, number];
}

/** What `estimateCommonDispersion` returns. */
export interface CommonDispersionResult {
  readonly commonDispersion: number;
  /** The grid, φ_i = 0.1·2^gridPoints_i. */
  readonly gridPoints: Float64Array;
  /** Σ_g APL_g(φ_i) per grid point. */
  readonly totalApl: Float64Array;
  /** Gene-wise APL, genes used × grid, row-major (the input of edgeR's trended/tagwise steps). */
  readonly apl: Float64Array;
  readonly nGenesUsed: number;
}

/**
 * Cox–Reid adjusted profile log-likelihood of one gene under a one-way layout at dispersion φ:
 * APL = Σ_j log NB(y_j; μ̂_j, φ) - ½ Σ_k log Σ_{j∈k} μ̂_j/(1+φμ̂_j), μ̂_j = e^{β̂_k} N_j from the
 * per-group NB fits; groups whose counts are all zero are dropped (fitted means 0 contribute
 * nothing), as edgeR drops zero-fitted observations from the design.
 */
function oneWayApl(y: Float64Array, groupOf: Int32Array, nGroups: number, logLib: Float64Array, phi: number): number {
  const n = y.length;
  let loglik = 0;
  let adj = 0;
  for (let k = 0; k < nGroups; k++) {
    const idx: number[] = [];
    let total = 0;
    for (let j = 0; j < n; j++) {
      if (groupOf[j] === k) {
        idx.push(j);
        total += y[j];
      }
    }
    if (idx.length === 0 || total === 0) continue;
    const beta = fitOneGroupNb(
      idx.map((j) => y[j]),
      1,
      idx.length,
      idx.map((j) => logLib[j]),
      phi,
    ).beta[0];
    let w = 0;
    for (const j of idx) {
      const mu = Math.exp(beta + logLib[j]);
      loglik += logDnbinomMu(y[j], 1 / phi, mu);
      w += mu / (1 + phi * mu);
    }
    adj += 0.5 * Math.log(w);
  }
  return loglik - adj;
}

/**
 * Common NB dispersion by maximising the summed Cox–Reid adjusted profile likelihood over genes:
 * APL is evaluated on the grid φ_i = 0.1·2^{t_i}, t_i equally spaced on gridRange, summed over
 * genes with Σ_j y_gj >= minRowSum, and maximised through a cubic spline in t
 * (`maximizeInterpolant`); φ̂ = 0.1·2^{t̂}.
 *
 * Only the one-way layout (`~ group`) is implemented; edgeR's trended (locfit) and tagwise
 * (weighted likelihood empirical Bayes) dispersions are not.
 * @see edgeR `estimateDisp` (common dispersion); Cox & Reid (1987) JRSS B 49:1; McCarthy, Chen &
 *   Smyth (2012) Nucleic Acids Res 40:4288.
 */
export function estimateCommonDispersion(y: GeneCounts, options: CommonDispersionOptions): CommonDispersionResult {
  assertGeneCounts(y, 'estimateCommonDispersion');
  const { nGenes, nSamples, counts } = y;
  if (options.group.length !== nSamples || options.libSize.length !== nSamples) {
    throw new HccError('E_OPTION', `estimateCommonDispersion: group and libSize must have ${nSamples} entries`);
  }
  const groupOf = Int32Array.from(options.group);
  const nGroups = Math.max(...groupOf) + 1;
  if (groupOf.some((k) => k < 0) || nGroups >= nSamples) {
    throw new HccError('E_OPTION', 'estimateCommonDispersion: groups must be 0..k-1 with k < number of samples (residual df needed)');
  }
  const minRowSum = options.minRowSum ?? 5;
  const gridLength = options.gridLength ?? 21;
  const [from, to] = options.gridRange ?? [-10, 10];
  const gridPoints = Float64Array.from({ length: gridLength }, (_, i) => from + ((to - from) * i) / (gridLength - 1));
  const logLib = Float64Array.from(options.libSize, (n) => Math.log(n));
  const rows: number[] = [];
  for (let g = 0; g < nGenes; g++) {
    let s = 0;
    for (let j = 0; j < nSamples; j++) s += counts[g * nSamples + j];
    if (s >= minRowSum) rows.push(g);
  }
  const apl = new Float64Array(rows.length * gridLength);
  const totalApl = new Float64Array(gridLength);
  const yg = new Float64Array(nSamples);
  rows.forEach((g, r) => {
    for (let j = 0; j < nSamples; j++) yg[j] = counts[g * nSamples + j];
    for (let i = 0; i < gridLength; i++) {
      const v = oneWayApl(yg, groupOf, nGroups, logLib, 0.1 * Math.pow(2, gridPoints[i]));
      apl[r * gridLength + i] = v;
      totalApl[i] += v;
    }
  });
  const tHat = maximizeInterpolant(gridPoints, totalApl);
  return { commonDispersion: 0.1 * Math.pow(2, tHat), gridPoints, totalApl, apl, nGenesUsed: rows.length };
}
