/**
 * The feature kernel shared by GLRLM, GLSZM, GLDZM and NGLDM: their definitions differ only in what
 * the column index j means (run length, zone size, distance, dependence count).
 */
import type { CountMatrix } from './count-matrix.js';

/** Number of values written by `zoneStatistics`. */
export const ZONE_STATISTICS_COUNT = 17;

/**
 * Write the 17 statistics of count matrix r (N_s = Σ r_ij, p_ij = r_ij/N_s, r_i. and r_.j the
 * marginals) into `out`, in this order:
 * 0 Σ_j r_.j/j² / N_s; 1 Σ_j j² r_.j / N_s; 2 Σ_i r_i./i² / N_s; 3 Σ_i i² r_i. / N_s;
 * 4 Σ r_ij/(i² j²) / N_s; 5 Σ i² r_ij/j² / N_s; 6 Σ j² r_ij/i² / N_s; 7 Σ i² j² r_ij / N_s;
 * 8 Σ_i r_i.² / N_s; 9 Σ_i r_i.² / N_s²; 10 Σ_j r_.j² / N_s; 11 Σ_j r_.j² / N_s²; 12 N_s / N_v;
 * 13 Σ (i − μ_i)² p_ij; 14 Σ (j − μ_j)² p_ij; 15 −Σ p_ij log2 p_ij; 16 Σ p_ij².
 * Returns false (and writes NaN) when the matrix is empty.
 * @see IBSI 1 manual, GLRLM section (TP0I) and the GLSZM/GLDZM/NGLDM sections built on it.
 */
export function zoneStatistics(m: CountMatrix, out: Float64Array): boolean {
  const { counts, nRows, nCols } = m;
  let ns = 0;
  for (let t = 0; t < counts.length; t++) ns += counts[t];
  if (ns === 0) {
    out.fill(Number.NaN, 0, ZONE_STATISTICS_COUNT);
    return false;
  }
  const colSum = new Float64Array(nCols);
  let sSmall = 0, sLarge = 0, sLow = 0, sHigh = 0, sSL = 0, sSH = 0, sLL = 0, sLH = 0;
  let rowSq = 0, muI = 0, muJ = 0, entropy = 0, energy = 0;
  for (let i = 0; i < nRows; i++) {
    const gi = i + 1;
    const gi2 = gi * gi;
    let rowSum = 0;
    for (let j = 0; j < nCols; j++) {
      const c = counts[i * nCols + j];
      if (c === 0) continue;
      const gj = j + 1;
      const gj2 = gj * gj;
      rowSum += c;
      colSum[j] += c;
      sSL += c / (gi2 * gj2);
      sSH += (c * gi2) / gj2;
      sLL += (c * gj2) / gi2;
      sLH += c * gi2 * gj2;
      const p = c / ns;
      muJ += gj * p;
      entropy -= p * Math.log2(p);
      energy += p * p;
    }
    if (rowSum === 0) continue;
    sLow += rowSum / gi2;
    sHigh += rowSum * gi2;
    rowSq += rowSum * rowSum;
    muI += (gi * rowSum) / ns;
  }
  let colSq = 0;
  let varI = 0;
  let varJ = 0;
  for (let j = 0; j < nCols; j++) {
    const c = colSum[j];
    if (c === 0) continue;
    const gj = j + 1;
    sSmall += c / (gj * gj);
    sLarge += c * gj * gj;
    colSq += c * c;
    varJ += (gj - muJ) * (gj - muJ) * (c / ns);
  }
  for (let i = 0; i < nRows; i++) {
    let rowSum = 0;
    for (let j = 0; j < nCols; j++) rowSum += counts[i * nCols + j];
    if (rowSum !== 0) varI += (i + 1 - muI) * (i + 1 - muI) * (rowSum / ns);
  }
  out[0] = sSmall / ns;
  out[1] = sLarge / ns;
  out[2] = sLow / ns;
  out[3] = sHigh / ns;
  out[4] = sSL / ns;
  out[5] = sSH / ns;
  out[6] = sLL / ns;
  out[7] = sLH / ns;
  out[8] = rowSq / ns;
  out[9] = rowSq / (ns * ns);
  out[10] = colSq / ns;
  out[11] = colSq / (ns * ns);
  out[12] = m.nVoxels > 0 ? ns / m.nVoxels : Number.NaN;
  out[13] = varI;
  out[14] = varJ;
  out[15] = entropy;
  out[16] = energy;
  return true;
}
