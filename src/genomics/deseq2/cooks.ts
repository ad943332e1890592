/**
 * Cook's distances for the NB GLM and DESeq2's outlier handling: a robust method-of-moments
 * dispersion, D_gj = (k − μ)²/(μ + α_r μ²) / p · h/(1 − h)², the per-gene maximum over samples in
 * groups of ≥ 3, the F(p, m − p) 0.99 cutoff with its two-group "three larger counts" exception,
 * and count replacement for groups of ≥ minReplicatesForReplace samples.
 */
import { fQuantile } from '../../core/distributions.js';
import type { DeseqData } from './design.js';
import { N_COEFFICIENTS } from './design.js';
import { trimmedMean } from './dispersion-trend.js';

function trimFor(n: number): { trim: number; scale: number } {
  if (n <= 3.5) return { trim: 1 / 3, scale: 2.04 };
  if (n <= 23.5) return { trim: 1 / 4, scale: 1.86 };
  return { trim: 1 / 8, scale: 1.51 };
}

/**
 * Robust dispersion per gene: trimmed within-group variance of normalised counts (groups with ≥ 3
 * samples; max over groups) or, with no such group, a 1/8-trimmed overall variance × 1.51;
 * α_r = max((v − mean)/mean², 0.04).
 * @see DESeq2 `robustMethodOfMomentsDisp`, `trimmedCellVariance`, `trimmedVariance`
 */
export function robustMomentsDispersion(data: DeseqData, sizeFactors: Float64Array, g: number): number {
  const { counts, nSamples: m, group } = data;
  const cells: number[][] = [[], []];
  let total = 0;
  for (let j = 0; j < m; j++) {
    const q = counts[g * m + j] / sizeFactors[j];
    cells[group[j]].push(q);
    total += q;
  }
  const mean = total / m;
  let v = -Infinity;
  const big = cells.filter((c) => c.length >= 3);
  if (big.length > 0) {
    for (const c of big) {
      const { trim, scale } = trimFor(c.length);
      const cm = trimmedMean(c, trim);
      const sq = c.map((q) => (q - cm) * (q - cm));
      v = Math.max(v, scale * trimmedMean(sq, trim));
    }
  } else {
    const all = [...cells[0], ...cells[1]];
    const rm = trimmedMean(all, 1 / 8);
    v = 1.51 * trimmedMean(all.map((q) => (q - rm) * (q - rm)), 1 / 8);
  }
  return Math.max((v - mean) / (mean * mean), 0.04);
}

/** Cook's distances (genes × samples; NaN rows for all-zero genes). */
export function cooksDistances(data: DeseqData, sizeFactors: Float64Array, mu: Float64Array, hat: Float64Array, allZero: Uint8Array): Float64Array {
  const { counts, nGenes, nSamples: m } = data;
  const cooks = new Float64Array(nGenes * m).fill(NaN);
  for (let g = 0; g < nGenes; g++) {
    if (allZero[g]) continue;
    const a = robustMomentsDispersion(data, sizeFactors, g);
    for (let j = 0; j < m; j++) {
      const i = g * m + j;
      const r = counts[i] - mu[i];
      const h = hat[i];
      cooks[i] = ((r * r) / (mu[i] + a * mu[i] * mu[i]) / N_COEFFICIENTS) * (h / ((1 - h) * (1 - h)));
    }
  }
  return cooks;
}

/** Samples whose group has at least n members. */
export function samplesInGroupsOfAtLeast(group: Uint8Array, n: number): Uint8Array {
  const sizes = [0, 0];
  for (const gr of group) sizes[gr]++;
  return Uint8Array.from(group, (gr) => (sizes[gr] >= n ? 1 : 0));
}

/**
 * Per-gene maximum Cook's distance over samples in groups of ≥ 3 (NaN when there are none, or when
 * m ≤ p). `exclude` samples count as 0 (used after replacement).
 * @see DESeq2 `recordMaxCooks`
 */
export function maxCooksDistance(cooks: Float64Array, group: Uint8Array, nGenes: number, exclude?: Uint8Array): Float64Array {
  const m = group.length;
  const use = samplesInGroupsOfAtLeast(group, 3);
  const out = new Float64Array(nGenes).fill(NaN);
  if (!(m > N_COEFFICIENTS) || !use.some((u) => u === 1)) return out;
  for (let g = 0; g < nGenes; g++) {
    let mx = -Infinity;
    for (let j = 0; j < m; j++) {
      if (!use[j]) continue;
      const c = exclude && exclude[j] ? 0 : cooks[g * m + j];
      if (Number.isNaN(c)) { mx = NaN; break; }
      if (c > mx) mx = c;
    }
    out[g] = mx;
  }
  return out;
}

/** DESeq2's default Cook's cutoff qf(0.99, p, m − p). */
export function defaultCooksCutoff(nSamples: number, nCoefficients = N_COEFFICIENTS): number {
  return fQuantile(0.99, nCoefficients, nSamples - nCoefficients);
}

/**
 * Genes whose p-value DESeq2 sets to NA: maxCooks > cutoff, except (two-group designs) when at
 * least 3 counts exceed the count at the sample with the largest Cook's distance.
 * @see DESeq2 `results` (cooksCutoff block)
 */
export function cooksOutlierGenes(data: DeseqData, cooks: Float64Array, maxCooks: Float64Array, cutoff: number): Uint8Array {
  const { counts, nGenes, nSamples: m } = data;
  const out = new Uint8Array(nGenes);
  for (let g = 0; g < nGenes; g++) {
    if (!(maxCooks[g] > cutoff)) continue;
    let arg = 0;
    let best = -Infinity;
    for (let j = 0; j < m; j++) {
      const c = cooks[g * m + j];
      if (c > best) { best = c; arg = j; }
    }
    const outCount = counts[g * m + arg];
    let larger = 0;
    for (let j = 0; j < m; j++) if (counts[g * m + j] > outCount) larger++;
    out[g] = larger >= 3 ? 0 : 1;
  }
  return out;
}

/** Result of replacing outlier counts. */
export interface OutlierReplacement {
  /** Counts with outliers (in replaceable samples) replaced. */
  readonly counts: Float64Array;
  /** Genes with any Cook's distance above the cutoff (DESeq2 `replace`). */
  readonly replace: Uint8Array;
  /** Samples whose counts may be replaced (group size ≥ minReplicates). */
  readonly replaceable: Uint8Array;
}

/**
 * Replace counts with Cook's distance > cutoff, in samples of groups with ≥ minReplicates samples,
 * by trunc(s_j · 20%-trimmed mean of the gene's normalised counts).
 * @see DESeq2 `replaceOutliers`
 */
export function replaceOutlierCounts(data: DeseqData, sizeFactors: Float64Array, cooks: Float64Array, cutoff: number, minReplicates: number): OutlierReplacement {
  const { counts, nGenes, nSamples: m, group } = data;
  const replaceable = samplesInGroupsOfAtLeast(group, minReplicates);
  const out = counts.slice();
  const replace = new Uint8Array(nGenes);
  const norm = new Float64Array(m);
  for (let g = 0; g < nGenes; g++) {
    let any = false;
    for (let j = 0; j < m; j++) if (cooks[g * m + j] > cutoff) any = true;
    if (!any) continue;
    replace[g] = 1;
    for (let j = 0; j < m; j++) norm[j] = counts[g * m + j] / sizeFactors[j];
    const tm = trimmedMean(norm, 0.2);
    for (let j = 0; j < m; j++) {
      if (replaceable[j] && cooks[g * m + j] > cutoff) out[g * m + j] = Math.trunc(tm * sizeFactors[j]);
    }
  }
  return { counts: out, replace, replaceable };
}
