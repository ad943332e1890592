import type { Vec3 } from '../../core/geometry.js';

/** An axis-aligned ellipsoid (centre and semi-axes, mm). */
export interface Ellipsoid {
  readonly c: Vec3;
  readonly r: Vec3;
}

/** A tapered tube between two points (radii at each end, mm). */
export interface Tube {
  readonly a: Vec3;
  readonly b: Vec3;
  readonly ra: number;
  readonly rb: number;
}

/** An axis-aligned box in mm: [xmin, xmax, ymin, ymax, zmin, zmax]. */
export type BoxMm = readonly [number, number, number, number, number, number];

/**
 * Approximate signed distance (mm) to an ellipsoid: k0·(k0 − 1)/k1 with k0 = |p/r|, k1 = |p/r²|
 * (exact on the axes, a good bound elsewhere; negative inside).
 */
export function ellipsoidSdf(e: Ellipsoid, x: number, y: number, z: number): number {
  const qx = (x - e.c[0]) / e.r[0], qy = (y - e.c[1]) / e.r[1], qz = (z - e.c[2]) / e.r[2];
  const k0 = Math.sqrt(qx * qx + qy * qy + qz * qz);
  const k1 = Math.sqrt((qx / e.r[0]) ** 2 + (qy / e.r[1]) ** 2 + (qz / e.r[2]) ** 2);
  return k1 === 0 ? -Math.min(e.r[0], e.r[1], e.r[2]) : (k0 * (k0 - 1)) / k1;
}

/** Polynomial smooth minimum with blend width k (mm): unions of organ lobes without creases. */
export function smoothMin(a: number, b: number, k: number): number {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

/** Parameter t ∈ [0, 1] of the point of a tube's axis nearest to (x, y, z). */
export function tubeParameter(t: Tube, x: number, y: number, z: number): number {
  const dx = t.b[0] - t.a[0], dy = t.b[1] - t.a[1], dz = t.b[2] - t.a[2];
  const len2 = dx * dx + dy * dy + dz * dz;
  const s = ((x - t.a[0]) * dx + (y - t.a[1]) * dy + (z - t.a[2]) * dz) / len2;
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

/** Signed distance (mm) to a tube's wall (negative inside), or +∞ when the nearest axis point is outside [t0, t1]. */
export function tubeSdf(t: Tube, x: number, y: number, z: number, t0 = 0, t1 = 1, radiusFactor = 1): number {
  const s = tubeParameter(t, x, y, z);
  if (s < t0 || s > t1) return Infinity;
  const px = t.a[0] + s * (t.b[0] - t.a[0]) - x, py = t.a[1] + s * (t.b[1] - t.a[1]) - y, pz = t.a[2] + s * (t.b[2] - t.a[2]) - z;
  return Math.sqrt(px * px + py * py + pz * pz) - radiusFactor * (t.ra + s * (t.rb - t.ra));
}

/** Bounding box of an ellipsoid grown by `pad` mm. */
export function ellipsoidBox(e: Ellipsoid, pad = 0): BoxMm {
  return [e.c[0] - e.r[0] - pad, e.c[0] + e.r[0] + pad, e.c[1] - e.r[1] - pad, e.c[1] + e.r[1] + pad, e.c[2] - e.r[2] - pad, e.c[2] + e.r[2] + pad];
}

/** Bounding box of a tube grown by `pad` mm. */
export function tubeBox(t: Tube, pad = 0): BoxMm {
  const r = Math.max(t.ra, t.rb) + pad;
  return [Math.min(t.a[0], t.b[0]) - r, Math.max(t.a[0], t.b[0]) + r, Math.min(t.a[1], t.b[1]) - r, Math.max(t.a[1], t.b[1]) + r, Math.min(t.a[2], t.b[2]) - r, Math.max(t.a[2], t.b[2]) + r];
}

/** Union of boxes. */
export function unionBox(boxes: readonly BoxMm[]): BoxMm {
  return [
    Math.min(...boxes.map((b) => b[0])), Math.max(...boxes.map((b) => b[1])),
    Math.min(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3])),
    Math.min(...boxes.map((b) => b[4])), Math.max(...boxes.map((b) => b[5])),
  ];
}
