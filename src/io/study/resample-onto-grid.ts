import type { Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';

/** Grid geometry without voxels. */
export type TargetGrid = Omit<Volume, 'data' | 'frame'>;

/**
 * Trilinear resampling of `source` onto `target` in world (LPS mm) space — a private, minimal
 * resampler for aligning contrast phases (src/preprocess owns the general resampling stage; this
 * one exists so io does not depend on preprocess, which is downstream of it).
 *
 * Target voxel centre p = origin_t + D_t·diag(s_t)·[i, j, k]; its continuous source index is
 * u = diag(s_s)⁻¹·D_sᵀ·(p − origin_s), an affine function of (i, j, k), stepped incrementally.
 * The value is the trilinear blend of the 8 neighbouring source voxels. Points whose source index lies
 * outside [−0.5, n − 0.5] on any axis get `fillValue`; within half a voxel of the edge the nearest edge
 * voxel is used (clamped), so resampling a volume onto its own grid returns it exactly.
 */
export function resampleTrilinearOntoGrid(source: Volume, target: TargetGrid, fillValue: number): Volume<Float32Array> {
  const [sx, sy, sz] = source.shape;
  const [tx, ty, tz] = target.shape;
  const src = source.data;
  const out = new Float32Array(tx * ty * tz);
  // M = diag(1/s_s) D_sᵀ D_t diag(s_t); b = diag(1/s_s) D_sᵀ (o_t − o_s)
  const Ds = source.direction;
  const Dt = target.direction;
  const M = new Float64Array(9);
  const b = new Float64Array(3);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let q = 0; q < 3; q++) v += Ds[q * 3 + r] * Dt[q * 3 + c];
      M[r * 3 + c] = (v * target.spacing[c]) / source.spacing[r];
    }
    let w = 0;
    for (let q = 0; q < 3; q++) w += Ds[q * 3 + r] * (target.origin[q] - source.origin[q]);
    b[r] = w / source.spacing[r];
  }
  const nxy = sx * sy;
  let n = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      let u = b[0] + M[1] * j + M[2] * k;
      let v = b[1] + M[4] * j + M[5] * k;
      let w = b[2] + M[7] * j + M[8] * k;
      for (let i = 0; i < tx; i++, n++, u += M[0], v += M[3], w += M[6]) {
        if (u < -0.5 || v < -0.5 || w < -0.5 || u > sx - 0.5 || v > sy - 0.5 || w > sz - 0.5) {
          out[n] = fillValue;
          continue;
        }
        const uc = Math.min(Math.max(u, 0), sx - 1);
        const vc = Math.min(Math.max(v, 0), sy - 1);
        const wc = Math.min(Math.max(w, 0), sz - 1);
        const i0 = Math.min(Math.floor(uc), sx - 2 < 0 ? 0 : sx - 2);
        const j0 = Math.min(Math.floor(vc), sy - 2 < 0 ? 0 : sy - 2);
        const k0 = Math.min(Math.floor(wc), sz - 2 < 0 ? 0 : sz - 2);
        const fu = sx > 1 ? uc - i0 : 0;
        const fv = sy > 1 ? vc - j0 : 0;
        const fw = sz > 1 ? wc - k0 : 0;
        const di = sx > 1 ? 1 : 0;
        const dj = sy > 1 ? sx : 0;
        const dk = sz > 1 ? nxy : 0;
        const a = i0 + sx * j0 + nxy * k0;
        const c00 = src[a] + fu * (src[a + di] - src[a]);
        const c10 = src[a + dj] + fu * (src[a + dj + di] - src[a + dj]);
        const c01 = src[a + dk] + fu * (src[a + dk + di] - src[a + dk]);
        const c11 = src[a + dk + dj] + fu * (src[a + dk + dj + di] - src[a + dk + dj]);
        const c0 = c00 + fv * (c10 - c00);
        const c1 = c01 + fv * (c11 - c01);
        out[n] = c0 + fw * (c1 - c0);
      }
    }
  }
  return makeVolume({ data: out, shape: target.shape, spacing: target.spacing, origin: target.origin, direction: target.direction }, 'resampled phase');
}
