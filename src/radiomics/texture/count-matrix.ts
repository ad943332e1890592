/**
 * A dense texture count matrix: rows are grey levels 1..Ng, columns a second integer quantity
 * (co-occurring level, run length, zone size, distance, dependence count) starting at 1.
 */

/** Counts c(i, j) at `counts[(i − 1) nCols + (j − 1)]`, plus the voxels the matrix was built from. */
export interface CountMatrix {
  readonly counts: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
  /** N_v: ROI voxels underlying the matrix (summed when matrices are merged). */
  readonly nVoxels: number;
}

/** An all-zero matrix. */
export function emptyCountMatrix(nRows: number, nCols: number, nVoxels: number): CountMatrix {
  return { counts: new Float64Array(nRows * Math.max(1, nCols)), nRows, nCols: Math.max(1, nCols), nVoxels };
}

/**
 * Element-wise sum of `acc` and `m` (N_v summed too). Widens to the larger column count; returns
 * a new matrix unless `acc` already has the width, in which case `acc` is updated in place.
 * `acc` null returns a copy of `m`.
 */
export function mergeCountMatrices(acc: CountMatrix | null, m: CountMatrix): CountMatrix {
  if (acc === null) return { counts: m.counts.slice(), nRows: m.nRows, nCols: m.nCols, nVoxels: m.nVoxels };
  const nCols = Math.max(acc.nCols, m.nCols);
  const nRows = Math.max(acc.nRows, m.nRows);
  const out = nCols === acc.nCols && nRows === acc.nRows ? acc.counts : new Float64Array(nRows * nCols);
  if (out !== acc.counts) for (let i = 0; i < acc.nRows; i++) for (let j = 0; j < acc.nCols; j++) out[i * nCols + j] = acc.counts[i * acc.nCols + j];
  for (let i = 0; i < m.nRows; i++) {
    for (let j = 0; j < m.nCols; j++) {
      const c = m.counts[i * m.nCols + j];
      if (c !== 0) out[i * nCols + j] += c;
    }
  }
  return { counts: out, nRows, nCols, nVoxels: acc.nVoxels + m.nVoxels };
}
