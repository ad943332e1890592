import type { Mat3, Vec3 } from '../../core/geometry.js';
import { detMat3 } from '../../core/geometry.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';

/**
 * A NIfTI index→world transform: 3×4, row-major (`[r*4 + c]`), world = RAS+ millimetres (NIfTI's
 * frame), x = A·[i, j, k]ᵀ + t with A = columns 0..2 and t = column 3.
 */
export type NiftiAffine = readonly number[];

/** Grid geometry in the project's LPS frame (see `core/volume.ts`). */
export interface LpsGeometry {
  readonly spacing: Vec3;
  readonly origin: Vec3;
  readonly direction: Mat3;
}

/**
 * Rotation matrix of the unit quaternion (a, b, c, d) with a = √(1 − b² − c² − d²) (NIfTI-1 qform,
 * nifti1.h "METHOD 2"). When b² + c² + d² slightly exceeds 1 through rounding, a = 0 and (b, c, d) is
 * renormalised.
 */
export function quaternionToRotation(b: number, c: number, d: number): Mat3 {
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    const s = Math.sqrt(b * b + c * c + d * d);
    b /= s; c /= s; d /= s;
    a2 = 0;
  }
  const a = Math.sqrt(a2);
  return [
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
    2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
    2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
  ];
}

/** Quaternion (b, c, d) of a proper rotation (det +1), with a ≥ 0 (Shepperd's method). */
export function rotationToQuaternion(r: Mat3): { b: number; c: number; d: number } {
  const [r00, r01, r02, r10, r11, r12, r20, r21, r22] = r;
  const tr = r00 + r11 + r22;
  let a: number, b: number, c: number, d: number;
  if (tr > 0) {
    const s = 2 * Math.sqrt(tr + 1);
    a = s / 4; b = (r21 - r12) / s; c = (r02 - r20) / s; d = (r10 - r01) / s;
  } else if (r00 >= r11 && r00 >= r22) {
    const s = 2 * Math.sqrt(1 + r00 - r11 - r22);
    a = (r21 - r12) / s; b = s / 4; c = (r01 + r10) / s; d = (r02 + r20) / s;
  } else if (r11 >= r22) {
    const s = 2 * Math.sqrt(1 + r11 - r00 - r22);
    a = (r02 - r20) / s; b = (r01 + r10) / s; c = s / 4; d = (r12 + r21) / s;
  } else {
    const s = 2 * Math.sqrt(1 + r22 - r00 - r11);
    a = (r10 - r01) / s; b = (r02 + r20) / s; c = (r12 + r21) / s; d = s / 4;
  }
  return a < 0 ? { b: -b, c: -c, d: -d } : { b, c, d };
}

/**
 * qform affine (nifti1.h METHOD 2): A = R · diag(pixdim₁, pixdim₂, qfac · pixdim₃), t = qoffset,
 * with qfac = −1 when pixdim[0] < 0, else +1.
 */
export function qformAffine(q: { b: number; c: number; d: number; qx: number; qy: number; qz: number }, pixdim: readonly number[]): NiftiAffine {
  const r = quaternionToRotation(q.b, q.c, q.d);
  const qfac = pixdim[0] < 0 ? -1 : 1;
  const s = [pixdim[1], pixdim[2], qfac * pixdim[3]];
  const t = [q.qx, q.qy, q.qz];
  const out: number[] = [];
  for (let row = 0; row < 3; row++) out.push(r[row * 3] * s[0], r[row * 3 + 1] * s[1], r[row * 3 + 2] * s[2], t[row]);
  return out;
}

/**
 * Convert a NIfTI RAS+ affine to LPS geometry: flip the x and y rows (LPS = diag(−1, −1, 1) · RAS),
 * spacing_c = ‖column c‖, direction column c = column c / spacing_c, origin = flipped offset.
 * Returns issues (`zero_spacing`, `sheared_affine`) naming `source` when the columns are not an
 * orthogonal frame within `tolerance` (max |DᵀD − I|, default 1e-4 ≈ 0.006° of shear).
 */
export function rasAffineToLps(affine: NiftiAffine, source: string, tolerance = 1e-4): { geometry: LpsGeometry } | { issues: Issue[] } {
  const flip = [-1, -1, 1];
  // `+ 0` turns −0 into 0 so that flipped zeros compare equal.
  const col = (c: number): Vec3 => [flip[0] * affine[c] + 0, flip[1] * affine[4 + c] + 0, flip[2] * affine[8 + c] + 0];
  const cols = [col(0), col(1), col(2)];
  const spacing = cols.map((v) => Math.hypot(v[0], v[1], v[2])) as unknown as Vec3;
  const issues: Issue[] = [];
  spacing.forEach((s, c) => {
    if (!(s > 0) || !Number.isFinite(s)) {
      issues.push(issueError('zero_spacing', [source, 'affine', 'column', c], `${source}: index axis ${'ijk'[c]} has zero or non-finite length in the affine (voxel size ${s} mm)`, { expected: 'a voxel size > 0 mm on every axis', received: String(s) }));
    }
  });
  if (issues.length) return { issues };
  const u = cols.map((v, c) => v.map((x) => x / spacing[c] + 0));
  let worst = 0;
  let pair = [0, 1];
  for (let a = 0; a < 3; a++) {
    for (let b = a + 1; b < 3; b++) {
      const dot = Math.abs(u[a][0] * u[b][0] + u[a][1] * u[b][1] + u[a][2] * u[b][2]);
      if (dot > worst) { worst = dot; pair = [a, b]; }
    }
  }
  if (worst > tolerance) {
    const angle = (Math.acos(Math.min(1, worst)) * 180) / Math.PI;
    issues.push(issueError('sheared_affine', [source, 'affine'], `${source}: the affine has shear: index axes ${'ijk'[pair[0]]} and ${'ijk'[pair[1]]} meet at ${angle.toFixed(3)}° instead of 90°; a voxel grid with shear cannot be represented as spacing + direction. Resample the file to a non-sheared grid first (e.g. with nibabel or ANTs)`, { expected: `orthogonal axes (|cos| ≤ ${tolerance})`, received: `|cos| = ${worst.toExponential(3)}` }));
    return { issues };
  }
  const direction = [u[0][0], u[1][0], u[2][0], u[0][1], u[1][1], u[2][1], u[0][2], u[1][2], u[2][2]] as unknown as Mat3;
  const origin: Vec3 = [flip[0] * affine[3] + 0, flip[1] * affine[7] + 0, flip[2] * affine[11] + 0];
  return { geometry: { spacing, origin, direction } };
}

/** The NIfTI RAS+ affine (3×4 row-major) of an LPS grid: A = diag(−1, −1, 1) · D · diag(spacing). */
export function lpsToRasAffine(g: LpsGeometry): NiftiAffine {
  const flip = [-1, -1, 1];
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out.push(flip[r] * g.direction[r * 3 + c] * g.spacing[c]);
    out.push(flip[r] * g.origin[r]);
  }
  return out;
}

/** Direction (unit columns) of the RAS affine, and qfac: −1 when the frame is left-handed. */
export function rasRotationAndQfac(g: LpsGeometry): { rotation: Mat3; qfac: 1 | -1 } {
  const flip = [-1, -1, 1];
  const d = g.direction.map((x, i) => flip[Math.floor(i / 3)] * x) as unknown as Mat3;
  if (detMat3(d) >= 0) return { rotation: d, qfac: 1 };
  return { rotation: [d[0], d[1], -d[2], d[3], d[4], -d[5], d[6], d[7], -d[8]], qfac: -1 };
}
