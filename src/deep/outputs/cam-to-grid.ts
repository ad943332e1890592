import { HccError } from '../../core/errors.js';
import type { Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import type { StackPlacement } from '../data/tumour-stack.js';
import { resizeBilinear } from '../data/tumour-stack.js';

/** Options of `camToGrid`. */
export interface CamToGridOptions {
  /** 'stack' (default): the 2-D map on every slice of the stack (the network saw them jointly); 'centre': central slice only. */
  readonly slices?: 'stack' | 'centre';
}

/**
 * Put a Grad-CAM map of a 2.5-D stack (height × width, row y = CT index j, column x = CT index i
 * relative to the placement box) back on the patient's CT grid: voxel (box.start + (x, y, s)) gets
 * map[y·width + x] for the stack's slices s (or its central slice); everything else is 0, and pixels
 * whose voxel lies outside the grid are dropped. A member with one map per stack slice (`sliceMaps`
 * of `gradCam`: slices × height × width) has slice s's own map placed on slice s. The inverse of
 * `tumourStack`'s crop (a tumour-fitted stack's map is first resized bilinearly to its box).
 */
export function camToGrid(map: Float32Array, height: number, width: number, placement: StackPlacement, options: CamToGridOptions = {}): Volume<Float32Array> {
  const [bw, bh, bs] = placement.box.size;
  const hw = height * width;
  const perSlice = map.length === hw * bs && bs > 1;
  if (map.length !== hw && !perSlice) throw new HccError('E_INPUT', `camToGrid: map of ${map.length} values is not ${height}×${width} (or ${bs} slices of it)`);
  // A tumour-fitted stack was resampled from its box: resample the map back (bilinear) first.
  const back = (m: Float32Array) => (bw === width && bh === height ? m : resizeBilinear(m, height, width, 1, bh, bw));
  const boxMaps = perSlice ? Array.from({ length: bs }, (_, s) => back(map.subarray(s * hw, (s + 1) * hw))) : [back(map)];
  const [nx, ny, nz] = placement.grid.shape;
  const [si, sj, sk] = placement.box.start;
  const out = new Float32Array(nx * ny * nz);
  const k0 = options.slices === 'centre' ? (bs - 1) >> 1 : 0;
  const k1 = options.slices === 'centre' ? k0 + 1 : bs;
  for (let s = k0; s < k1; s++) {
    const k = sk + s;
    if (k < 0 || k >= nz) continue;
    const boxMap = boxMaps[perSlice ? s : 0];
    for (let y = 0; y < bh; y++) {
      const j = sj + y;
      if (j < 0 || j >= ny) continue;
      for (let x = 0; x < bw; x++) {
        const i = si + x;
        if (i >= 0 && i < nx) out[i + nx * (j + ny * k)] = boxMap[y * bw + x];
      }
    }
  }
  return makeVolume({ ...placement.grid, data: out }, 'Grad-CAM on CT grid');
}
