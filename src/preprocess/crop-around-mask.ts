import type { Vec3 } from '../core/geometry.js';
import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError, issueWarning } from '../core/issues.js';
import type { Mask, Volume, VoxelArray } from '../core/volume.js';
import { assertSameGrid, indexToWorld, makeVolume } from '../core/volume.js';
import { resolveSpec } from './resolve-spec.js';
import type { CropAroundMaskSpec } from './specs.js';
import type { StageOutput } from './stage-output.js';
import { runRecorded } from './stage-output.js';

/** Index box: first voxel and size along i, j, k (may extend outside the source grid). */
export interface VoxelBox {
  readonly start: Vec3;
  readonly size: Vec3;
}

/** Cropped image and mask, with the box used and the mask's own bounding box. */
export interface CropResult {
  readonly image: Volume;
  readonly mask: Mask;
  readonly box: VoxelBox;
  /** Bounding box of the selected labels (before margin), inclusive start, size. */
  readonly labelBox: VoxelBox;
}

/** Copy the voxels of `box` (outside the grid: `fill`) into a new volume with the box's geometry. */
export function cropToBox<T extends VoxelArray>(v: Volume<T>, box: VoxelBox, fill: number): Volume<T> {
  const [sx, sy, sz] = box.size;
  const [nx, ny, nz] = v.shape;
  const out = new (v.data.constructor as new (n: number) => T)(sx * sy * sz);
  if (fill !== 0) out.fill(fill);
  for (let k = 0; k < sz; k++) {
    const zk = box.start[2] + k;
    if (zk < 0 || zk >= nz) continue;
    for (let j = 0; j < sy; j++) {
      const yj = box.start[1] + j;
      if (yj < 0 || yj >= ny) continue;
      const i0 = Math.max(0, -box.start[0]), i1 = Math.min(sx, nx - box.start[0]);
      if (i1 <= i0) continue;
      const src = box.start[0] + i0 + nx * (yj + ny * zk);
      out.set(v.data.subarray(src, src + (i1 - i0)) as unknown as ArrayLike<number>, i0 + sx * (j + sy * k));
    }
  }
  return makeVolume({ data: out, shape: box.size, spacing: v.spacing, origin: indexToWorld(v, box.start), direction: v.direction }, 'cropped volume');
}

/**
 * Stage `crop-around-mask`: bounding box of the voxels labelled `labels`, grown by `marginMm`
 * (⌈marginMm / spacing⌉ voxels per axis). Without `sizeVoxels` that box is the crop; with it, a box of
 * exactly `sizeVoxels` centred on it (start = lo + ⌊(extent − size)/2⌋), a warning when the grown box
 * does not fit. Voxels outside the image are `fillValue` (image) and 0 (mask). Image and mask must
 * share a grid. Throws `E_INPUT` `empty_mask` when no voxel carries the labels.
 * @see TorchIO CropOrPad(mask_name=...), MONAI CropForeground + SpatialPad
 */
export function cropAroundMask(image: Volume, mask: Mask, spec: Omit<CropAroundMaskSpec, 'kind' | 'marginMm' | 'fillValue'> & Partial<CropAroundMaskSpec>): StageOutput<CropResult> {
  const s = resolveSpec('crop-around-mask', spec);
  return runRecorded('crop-around-mask', s, { image, mask }, () => {
    assertSameGrid(image, mask);
    const [nx, ny] = mask.shape;
    const want = new Uint8Array(256);
    for (const l of s.labels) want[l] = 1;
    const lo = [Infinity, Infinity, Infinity], hi = [-1, -1, -1];
    const d = mask.data;
    for (let idx = 0, k = 0; k < mask.shape[2]; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++, idx++) {
          if (!want[d[idx]]) continue;
          if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i;
          if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j;
          if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k;
        }
      }
    }
    if (hi[0] < 0) {
      const names = s.labels.map((l) => `${l}${mask.labels[l] ? ` (${mask.labels[l]})` : ''}`).join(', ');
      throw new HccError('E_INPUT', `crop-around-mask: the mask has no voxel labelled ${names}`, { issues: [issueError('empty_mask', ['labels'], `no voxel has label ${names}`, { expected: 'at least one labelled voxel', received: '0 voxels' })] });
    }
    const labelBox: VoxelBox = { start: lo as unknown as Vec3, size: [0, 1, 2].map((a) => hi[a] - lo[a] + 1) as unknown as Vec3 };
    const margin = [0, 1, 2].map((a) => Math.ceil(s.marginMm / mask.spacing[a] - 1e-9));
    const glo = lo.map((x, a) => x - margin[a]);
    const ghi = hi.map((x, a) => x + margin[a]);
    const warnings: Issue[] = [];
    let box: VoxelBox;
    if (s.sizeVoxels) {
      const size = s.sizeVoxels;
      const start = [0, 1, 2].map((a) => glo[a] + Math.floor((ghi[a] - glo[a] + 1 - size[a]) / 2));
      const extent = [0, 1, 2].map((a) => ghi[a] - glo[a] + 1);
      if (extent.some((e, a) => e > size[a])) {
        warnings.push(issueWarning('out_of_range', ['sizeVoxels'], `labels + margin span [${extent.join(', ')}] voxels, more than the crop size [${size.join(', ')}]; the edges of the region are cut off`, { expected: `<= [${size.join(', ')}]`, received: `[${extent.join(', ')}]` }));
      }
      box = { start: start as unknown as Vec3, size: [...size] as unknown as Vec3 };
    } else {
      box = { start: glo as unknown as Vec3, size: [0, 1, 2].map((a) => ghi[a] - glo[a] + 1) as unknown as Vec3 };
    }
    const croppedMask = { ...cropToBox(mask, box, 0), labels: mask.labels };
    return { value: { image: cropToBox(image, box, s.fillValue), mask: croppedMask, box, labelBox }, warnings };
  });
}
