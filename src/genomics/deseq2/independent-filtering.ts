/**
 * Independent filtering of DESeq2 `results()`: for 50 quantile thresholds θ of the filter
 * statistic (baseMean) from the fraction of zeros to 0.95, BH-adjust the p-values of genes passing
 * the threshold (genefilter `filtered_p`), count rejections at alpha, smooth the counts with
 * lowess (f = 1/5), and pick the first θ whose rejections exceed max(lowess) − RMS residual.
 */
import { adjustBH } from '../multiple-testing.js';
import { lowess } from '../limma/lowess.js';

/** Chosen threshold and the curve it came from. */
export interface IndependentFilteringResult {
  readonly padj: Float64Array;
  readonly theta: Float64Array;
  readonly numRejections: Int32Array;
  readonly lowessFit: Float64Array;
  /** Index into `theta` of the chosen threshold. */
  readonly chosen: number;
  readonly filterTheta: number;
  readonly filterThreshold: number;
}

/** R's quantile type 7 on sorted data. */
export function quantileType7(sorted: Float64Array, prob: number): number {
  const n = sorted.length;
  const h = (n - 1) * prob;
  const lo = Math.floor(h + 4 * Number.EPSILON);
  const frac = h - lo;
  if (lo >= n - 1) return sorted[n - 1];
  if (Math.abs(frac) < 4 * Number.EPSILON || sorted[lo] === sorted[lo + 1]) return sorted[lo];
  return (1 - frac) * sorted[lo] + frac * sorted[lo + 1];
}

/**
 * @see DESeq2 `pvalueAdjustment`; genefilter `filtered_p`
 */
export function independentFiltering(filter: Float64Array, pvalue: Float64Array, alpha = 0.1): IndependentFilteringResult {
  const n = filter.length;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (filter[i] === 0) zeros++;
  const lower = zeros / n;
  const upper = lower < 0.95 ? 0.95 : 1;
  const nTheta = 50;
  const theta = new Float64Array(nTheta);
  for (let t = 0; t < nTheta; t++) theta[t] = t === nTheta - 1 ? upper : lower + (t * (upper - lower)) / (nTheta - 1);
  const sorted = filter.slice().sort();
  const cutoffs = Float64Array.from(theta, (t) => quantileType7(sorted, t));
  const numRejections = new Int32Array(nTheta);
  const padjs: Float64Array[] = [];
  const sub = new Float64Array(n);
  for (let t = 0; t < nTheta; t++) {
    const padj = new Float64Array(n).fill(NaN);
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (filter[i] >= cutoffs[t]) idx.push(i);
    const pv = sub.subarray(0, idx.length);
    idx.forEach((i, k) => { pv[k] = pvalue[i]; });
    const adj = adjustBH(pv);
    let rej = 0;
    idx.forEach((i, k) => { padj[i] = adj[k]; if (adj[k] < alpha) rej++; });
    numRejections[t] = rej;
    padjs.push(padj);
  }
  const lowessFit = Float64Array.from(lowess(theta, Float64Array.from(numRejections), { f: 1 / 5 }).y);
  let chosen = 0;
  let maxRej = 0;
  for (const r of numRejections) maxRej = Math.max(maxRej, r);
  if (maxRej > 10) {
    let ss = 0;
    let cnt = 0;
    for (let t = 0; t < nTheta; t++) if (numRejections[t] > 0) { ss += (numRejections[t] - lowessFit[t]) ** 2; cnt++; }
    const rms = Math.sqrt(ss / cnt);
    let maxFit = -Infinity;
    for (const v of lowessFit) maxFit = Math.max(maxFit, v);
    const thresh = maxFit - rms;
    const j = Array.from(numRejections).findIndex((r) => r > thresh);
    chosen = j >= 0 ? j : 0;
  }
  return { padj: padjs[chosen], theta, numRejections, lowessFit, chosen, filterTheta: theta[chosen], filterThreshold: cutoffs[chosen] };
}
