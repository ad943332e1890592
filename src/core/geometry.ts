/**
 * Geometry in the patient frame (DICOM LPS: +x to the patient's Left, +y Posterior, +z Superior),
 * millimetres. Index → world: p = origin + direction · diag(spacing) · [i, j, k].
 * Mat3 is row-major: m[r*3 + c]; the *columns* of `direction` are the unit axes of i, j, k.
 */
export type Vec3 = readonly [number, number, number];
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

export const IDENTITY3: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** 4×4 affine, row-major, last row [0, 0, 0, 1]. */
export type Affine = readonly number[];

/** Matrix × vector. */
export function mulMat3Vec(m: Mat3, v: Vec3): Vec3 {
  return [m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];
}

/** Matrix product a·b. */
export function mulMat3(a: Mat3, b: Mat3): Mat3 {
  const o = new Array<number>(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) o[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
  return o as unknown as Mat3;
}

/** Transpose. */
export function transposeMat3(m: Mat3): Mat3 {
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

/** Determinant. */
export function detMat3(m: Mat3): number {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}

/** Inverse of a general 3×3 matrix; throws RangeError when singular. */
export function invertMat3(m: Mat3): Mat3 {
  const d = detMat3(m);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12) throw new RangeError('invertMat3: matrix is singular');
  const inv = [
    m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
    m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
    m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3],
  ].map((v) => v / d);
  return inv as unknown as Mat3;
}

/** Largest |a_i - b_i|. */
export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** True when `m` is orthonormal within `tol` (direction cosines must be). */
export function isOrthonormal(m: Mat3, tol = 1e-4): boolean {
  const p = mulMat3(transposeMat3(m), m);
  return maxAbsDiff(p as unknown as number[], IDENTITY3 as unknown as number[]) <= tol;
}

/**
 * Three-letter orientation code of the index axes in the LPS frame as ITK names it, e.g. 'LPS' when
 * i runs to the patient's left, j posterior, k superior; 'RAS' for the NIfTI-conventional layout.
 * (Each letter names the direction an axis points *towards*.)
 */
export function orientationCode(direction: Mat3): string {
  const pos = ['L', 'P', 'S'];
  const neg = ['R', 'A', 'I'];
  let code = '';
  for (let c = 0; c < 3; c++) {
    const col = [direction[c], direction[3 + c], direction[6 + c]];
    let best = 0;
    for (let r = 1; r < 3; r++) if (Math.abs(col[r]) > Math.abs(col[best])) best = r;
    code += col[best] >= 0 ? pos[best] : neg[best];
  }
  return code;
}
