import { HccError } from '../core/errors.js';

/**
 * Ring of width `mm` around a binary region on a grid of `shape` [nx, ny, nz] (x fastest) and
 * `spacing` (mm): every voxel outside the region whose centre lies within `mm` (Euclidean, with the
 * grid's anisotropic spacing) of a region voxel's centre. Only the region's surface voxels (those with
 * a 6-neighbour outside or on the grid edge) are dilated, each by the ellipsoidal structuring element
 * of offsets (di, dj, dk) with Σ (d·spacing)² ≤ mm²; cost O(surface × element). Voxels beyond the grid
 * are cut off (a region at the edge gets a partial ring).
 * @throws HccError `E_OPTION` when `mm` is not positive, `E_INPUT` when the array does not fit the shape.
 * @see the peritumoural regions of liver radiomics studies (e.g. 2–10 mm rings)
 */
export function dilateRegionMm(region: Uint8Array, shape: readonly [number, number, number], spacing: readonly number[], mm: number): Uint8Array {
  if (!(mm > 0)) throw new HccError('E_OPTION', `ring width must be > 0 mm, got ${mm}`);
  const [nx, ny, nz] = shape;
  if (region.length !== nx * ny * nz) throw new HccError('E_INPUT', `region has ${region.length} voxels, shape ${shape.join('×')} needs ${nx * ny * nz}`);
  const [sx, sy, sz] = spacing;
  const ri = Math.floor(mm / sx), rj = Math.floor(mm / sy), rk = Math.floor(mm / sz);
  const offsets: [number, number, number][] = [];
  for (let dk = -rk; dk <= rk; dk++) for (let dj = -rj; dj <= rj; dj++) for (let di = -ri; di <= ri; di++) {
    if ((di * sx) ** 2 + (dj * sy) ** 2 + (dk * sz) ** 2 <= mm * mm + 1e-9) offsets.push([di, dj, dk]);
  }
  const inside = region;
  const at = (i: number, j: number, k: number) => i + nx * (j + ny * k);
  const out = new Uint8Array(inside.length);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (!inside[at(i, j, k)]) continue;
    const surface = i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1 ||
      !inside[at(i - 1, j, k)] || !inside[at(i + 1, j, k)] || !inside[at(i, j - 1, k)] || !inside[at(i, j + 1, k)] || !inside[at(i, j, k - 1)] || !inside[at(i, j, k + 1)];
    if (!surface) continue;
    for (const [di, dj, dk] of offsets) {
      const a = i + di, b = j + dj, c = k + dk;
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
      const q = at(a, b, c);
      if (!inside[q]) out[q] = 1;
    }
  }
  return out;
}
