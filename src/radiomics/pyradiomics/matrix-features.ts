/**
 * PyRadiomics features shared by the run-length (GLRLM), size-zone (GLSZM) and dependence (GLDM)
 * matrices: emphases, non-uniformities, variances and entropy of a count matrix P(i, j) with grey
 * level i (row) and run length / zone size / dependence count j (column), both 1-based values.
 */
import type { CountMatrix } from '../texture/count-matrix.js';
import { PYRADIOMICS_EPS as EPS } from './firstorder.js';

/** Generic statistics of one count matrix, named neutrally (see the class tables for PyRadiomics names). */
export interface MatrixStatistics {
  readonly smallEmphasis: number;
  readonly largeEmphasis: number;
  readonly glnu: number;
  readonly glnuNorm: number;
  readonly columnNu: number;
  readonly columnNuNorm: number;
  readonly glVariance: number;
  readonly columnVariance: number;
  readonly entropy: number;
  readonly lowGl: number;
  readonly highGl: number;
  readonly smallLowGl: number;
  readonly smallHighGl: number;
  readonly largeLowGl: number;
  readonly largeHighGl: number;
  /** N_s: Σ P. */
  readonly total: number;
  /** Σ j · P(i, j): voxels covered (runs) or zone voxels. */
  readonly weightedTotal: number;
}

/**
 * Statistics of P (p = P/N_s): small emphasis Σ p/j², large Σ p j², grey-level non-uniformity
 * Σ_i (Σ_j P)²/N_s (normalised: /N_s²), column non-uniformity likewise over j, grey-level variance
 * Σ p (i − Σ p i)², column variance Σ p (j − Σ p j)², entropy −Σ p log2(p + eps), low/high grey
 * level Σ p/i², Σ p i², and the four joint emphases Σ p i^{±2} j^{±2}. Null when N_s = 0.
 * `columnValues` gives j per column (default column index + 1), for matrices stored without their
 * empty columns.
 */
export function matrixStatistics(m: CountMatrix, columnValues?: ArrayLike<number>): MatrixStatistics | null {
  const { counts, nRows, nCols } = m;
  const jv = columnValues ?? Float64Array.from({ length: nCols }, (_, j) => j + 1);
  let ns = 0;
  let wt = 0;
  for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) {
    ns += counts[i * nCols + j];
    wt += jv[j] * counts[i * nCols + j];
  }
  if (ns === 0) return null;
  const rowSum = new Float64Array(nRows);
  const colSum = new Float64Array(nCols);
  let se = 0, le = 0, lg = 0, hg = 0, slg = 0, shg = 0, llg = 0, lhg = 0, ent = 0, ui = 0, uj = 0;
  for (let i = 0; i < nRows; i++) {
    const gi = i + 1;
    const i2 = gi * gi;
    for (let j = 0; j < nCols; j++) {
      const c = counts[i * nCols + j];
      if (c === 0) continue;
      const p = c / ns;
      const gj = jv[j];
      const j2 = gj * gj;
      rowSum[i] += c;
      colSum[j] += c;
      se += p / j2;
      le += p * j2;
      lg += p / i2;
      hg += p * i2;
      slg += p / (i2 * j2);
      shg += (p * i2) / j2;
      llg += (p * j2) / i2;
      lhg += p * i2 * j2;
      ent -= p * Math.log2(p + EPS);
      ui += p * gi;
      uj += p * gj;
    }
  }
  let glnu = 0, cnu = 0, gv = 0, cv = 0;
  for (let i = 0; i < nRows; i++) glnu += rowSum[i] * rowSum[i];
  for (let j = 0; j < nCols; j++) cnu += colSum[j] * colSum[j];
  for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) {
    const c = counts[i * nCols + j];
    if (c === 0) continue;
    const p = c / ns;
    gv += p * (i + 1 - ui) ** 2;
    cv += p * (jv[j] - uj) ** 2;
  }
  return {
    smallEmphasis: se, largeEmphasis: le, glnu: glnu / ns, glnuNorm: glnu / (ns * ns), columnNu: cnu / ns, columnNuNorm: cnu / (ns * ns),
    glVariance: gv, columnVariance: cv, entropy: ent, lowGl: lg, highGl: hg, smallLowGl: slg, smallHighGl: shg, largeLowGl: llg, largeHighGl: lhg,
    total: ns, weightedTotal: wt,
  };
}

/** GLRLM features (16) from statistics; RunPercentage = N_runs / Σ j·P (voxels traversed). */
export function glrlmFromStatistics(s: MatrixStatistics): Record<string, number> {
  return {
    ShortRunEmphasis: s.smallEmphasis, LongRunEmphasis: s.largeEmphasis, GrayLevelNonUniformity: s.glnu,
    GrayLevelNonUniformityNormalized: s.glnuNorm, RunLengthNonUniformity: s.columnNu, RunLengthNonUniformityNormalized: s.columnNuNorm,
    RunPercentage: s.total / s.weightedTotal, GrayLevelVariance: s.glVariance, RunVariance: s.columnVariance, RunEntropy: s.entropy,
    LowGrayLevelRunEmphasis: s.lowGl, HighGrayLevelRunEmphasis: s.highGl, ShortRunLowGrayLevelEmphasis: s.smallLowGl,
    ShortRunHighGrayLevelEmphasis: s.smallHighGl, LongRunLowGrayLevelEmphasis: s.largeLowGl, LongRunHighGrayLevelEmphasis: s.largeHighGl,
  };
}

/** GLSZM features (16); ZonePercentage = N_zones / N_p (ROI voxels). */
export function glszmFromStatistics(s: MatrixStatistics, nVoxels: number): Record<string, number> {
  return {
    SmallAreaEmphasis: s.smallEmphasis, LargeAreaEmphasis: s.largeEmphasis, GrayLevelNonUniformity: s.glnu,
    GrayLevelNonUniformityNormalized: s.glnuNorm, SizeZoneNonUniformity: s.columnNu, SizeZoneNonUniformityNormalized: s.columnNuNorm,
    ZonePercentage: s.total / nVoxels, GrayLevelVariance: s.glVariance, ZoneVariance: s.columnVariance, ZoneEntropy: s.entropy,
    LowGrayLevelZoneEmphasis: s.lowGl, HighGrayLevelZoneEmphasis: s.highGl, SmallAreaLowGrayLevelEmphasis: s.smallLowGl,
    SmallAreaHighGrayLevelEmphasis: s.smallHighGl, LargeAreaLowGrayLevelEmphasis: s.largeLowGl, LargeAreaHighGrayLevelEmphasis: s.largeHighGl,
  };
}

/** GLDM features (14 default; dependence count j = 1 + matching neighbours). */
export function gldmFromStatistics(s: MatrixStatistics): Record<string, number> {
  return {
    SmallDependenceEmphasis: s.smallEmphasis, LargeDependenceEmphasis: s.largeEmphasis, GrayLevelNonUniformity: s.glnu,
    DependenceNonUniformity: s.columnNu, DependenceNonUniformityNormalized: s.columnNuNorm, GrayLevelVariance: s.glVariance,
    DependenceVariance: s.columnVariance, DependenceEntropy: s.entropy, LowGrayLevelEmphasis: s.lowGl, HighGrayLevelEmphasis: s.highGl,
    SmallDependenceLowGrayLevelEmphasis: s.smallLowGl, SmallDependenceHighGrayLevelEmphasis: s.smallHighGl,
    LargeDependenceLowGrayLevelEmphasis: s.largeLowGl, LargeDependenceHighGrayLevelEmphasis: s.largeHighGl,
  };
}

/** Default feature names of GLRLM, GLSZM, GLDM and NGTDM, in the order above. */
export const GLRLM_FEATURE_NAMES = Object.keys(glrlmFromStatistics({} as MatrixStatistics));
export const GLSZM_FEATURE_NAMES = Object.keys(glszmFromStatistics({} as MatrixStatistics, 1));
export const GLDM_FEATURE_NAMES = Object.keys(gldmFromStatistics({} as MatrixStatistics));
export const NGTDM_FEATURE_NAMES = ['Coarseness', 'Contrast', 'Busyness', 'Complexity', 'Strength'] as const;
