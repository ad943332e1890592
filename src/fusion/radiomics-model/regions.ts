import { HccError } from '../../core/errors.js';
import type { Volume } from '../../core/volume.js';
import { dilateRegionMm } from '../../preprocess/index.js';

/**
 * Regions of interest of the radiomics model: the tumour (one label, or every non-zero voxel) and
 * a peritumoural ring (the tumour dilated by a physical distance, minus the tumour).
 */

/** Binary (0/1) mask of `label` (null = any non-zero value) on the mask's grid. */
export function tumourRegion(mask: Volume, label: number | null): Volume<Uint8Array> {
  const out = new Uint8Array(mask.data.length);
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    const v = mask.data[i];
    if (label === null ? v !== 0 : v === label) {
      out[i] = 1;
      n++;
    }
  }
  if (n === 0) throw new HccError('E_INPUT', `the mask has no voxel with label ${label === null ? '≠ 0' : label}`);
  return { ...mask, data: out };
}

/**
 * Ring of width `mm` around a binary region: every voxel whose centre lies within `mm` (Euclidean,
 * in millimetres with the grid's anisotropic spacing) of a region voxel's centre, minus the region.
 * Only the region's surface voxels (those with a 6-neighbour outside) are dilated, each by the
 * ellipsoidal structuring element of offsets (di, dj, dk) with Σ (d·spacing)² ≤ mm²; cost
 * O(surface × element). Voxels beyond the grid are cut off (a tumour at the edge gets a partial ring).
 * @see the peritumoural regions of liver radiomics studies (e.g. 2–10 mm rings)
 */
export function peritumouralRing(region: Volume<Uint8Array>, mm: number): Volume<Uint8Array> {
  if (!(mm > 0)) throw new HccError('E_OPTION', `peritumoural ring width must be > 0 mm, got ${mm}`);
  return { ...region, data: dilateRegionMm(region.data, region.shape, region.spacing, mm) };
}
