/**
 * The input of every texture family and its internal padded grid. Texture kernels work on a copy
 * of the ROI bounding box padded by one voxel of "outside" on every side, so a neighbour at
 * Chebyshev distance 1 is always a valid array index (no bounds checks in the inner loops).
 */
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';

/** Discretised grey levels and masks on one voxel grid (x-fastest: voxel (i, j, k) is `i + nx (j + ny k)`). */
export interface TextureInput {
  /** Grey levels 1..nGreyLevels inside `mask` (values outside the mask are ignored). */
  readonly levels: Int32Array;
  /** Grid size [nx, ny, nz]; 2D aggregation works slice by slice along k. */
  readonly shape: readonly [number, number, number];
  /** ROI intensity mask (non-zero = inside). */
  readonly mask: Uint8Array;
  /** ROI morphological mask, used only for the GLDZM distance map; defaults to `mask`. */
  readonly morphologicalMask?: Uint8Array;
  /** Ng: number of grey levels of the discretisation; defaults to the highest level in the ROI. */
  readonly nGreyLevels?: number;
}

/** The padded ROI grid shared by the texture kernels. */
export interface TextureGrid {
  /** Padded dimensions (bounding box + 2). */
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Grey level per padded voxel; 0 = outside the intensity mask. */
  readonly levels: Int32Array;
  /** Morphological mask per padded voxel (0/1). */
  readonly morph: Uint8Array;
  /** Padded linear indices of intensity-mask voxels, ascending (so slices are contiguous). */
  readonly roi: Int32Array;
  /** `roi[sliceStart[z] .. sliceStart[z + 1])` are the ROI voxels of padded slice z (length nz + 1). */
  readonly sliceStart: Int32Array;
  /** Ng. */
  readonly nGreyLevels: number;
  /** Voxels in the intensity mask. */
  readonly nVoxels: number;
}

/**
 * Validate a texture input and build its padded grid. Throws `E_INPUT` (issues collected) for a
 * bad shape, mismatched array lengths, an empty mask, or grey levels outside 1..Ng.
 */
export function prepareTextureGrid(input: TextureInput): TextureGrid {
  const issues: Issue[] = [];
  const [sx, sy, sz] = input.shape;
  const n = sx * sy * sz;
  if (![sx, sy, sz].every((d) => Number.isInteger(d) && d > 0)) {
    issues.push(issueError('bad_option', ['shape'], 'shape must hold three positive integers', { expected: '[nx, ny, nz] > 0', received: `[${input.shape.join(', ')}]` }));
  } else {
    if (input.levels.length !== n) issues.push(issueError('grid_mismatch', ['levels'], 'grey-level array does not match the shape', { expected: String(n), received: String(input.levels.length) }));
    if (input.mask.length !== n) issues.push(issueError('grid_mismatch', ['mask'], 'mask does not match the shape', { expected: String(n), received: String(input.mask.length) }));
    if (input.morphologicalMask && input.morphologicalMask.length !== n) {
      issues.push(issueError('grid_mismatch', ['morphologicalMask'], 'morphological mask does not match the shape', { expected: String(n), received: String(input.morphologicalMask.length) }));
    }
  }
  if (issues.length) throw new HccError('E_INPUT', 'texture input: invalid arrays', { issues });
  const morphIn = input.morphologicalMask ?? input.mask;

  let maxLevel = 0;
  let nVoxels = 0;
  let bad = 0;
  let firstBad = -1;
  let x0 = sx, y0 = sy, z0 = sz, x1 = -1, y1 = -1, z1 = -1;
  for (let k = 0, v = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      for (let i = 0; i < sx; i++, v++) {
        const inInt = input.mask[v] !== 0;
        if (!inInt && morphIn[v] === 0) continue;
        if (i < x0) x0 = i;
        if (i > x1) x1 = i;
        if (j < y0) y0 = j;
        if (j > y1) y1 = j;
        if (k < z0) z0 = k;
        if (k > z1) z1 = k;
        if (!inInt) continue;
        nVoxels++;
        const l = input.levels[v];
        if (l < 1) {
          bad++;
          if (firstBad < 0) firstBad = v;
        } else if (l > maxLevel) maxLevel = l;
      }
    }
  }
  if (nVoxels === 0) {
    throw new HccError('E_INPUT', 'texture input: the ROI intensity mask is empty', {
      issues: [issueError('empty_data', ['mask'], 'no voxel inside the intensity mask', { expected: 'at least one voxel', received: '0' })],
    });
  }
  const ng = input.nGreyLevels ?? maxLevel;
  if (!Number.isInteger(ng) || ng < 1) {
    issues.push(issueError('bad_option', ['nGreyLevels'], 'Ng must be a positive integer', { expected: 'integer >= 1', received: String(input.nGreyLevels) }));
  } else if (maxLevel > ng) {
    issues.push(issueError('out_of_range', ['levels'], `grey levels exceed Ng = ${ng}; discretise first or raise nGreyLevels`, { expected: `1..${ng}`, received: String(maxLevel) }));
  }
  if (bad > 0) {
    issues.push(issueError('out_of_range', ['levels', firstBad], `${bad} ROI voxel(s) have a grey level below 1 (first at voxel ${firstBad}); discretise first`, { expected: 'grey levels >= 1 inside the mask', received: String(input.levels[firstBad]) }));
  }
  if (issues.length) throw new HccError('E_INPUT', 'texture input: invalid grey levels', { issues });

  const nx = x1 - x0 + 3;
  const ny = y1 - y0 + 3;
  const nz = z1 - z0 + 3;
  const levels = new Int32Array(nx * ny * nz);
  const morph = new Uint8Array(nx * ny * nz);
  const roi = new Int32Array(nVoxels);
  const sliceStart = new Int32Array(nz + 1);
  let r = 0;
  for (let k = z0; k <= z1; k++) {
    const pz = k - z0 + 1;
    sliceStart[pz] = r;
    for (let j = y0; j <= y1; j++) {
      let v = x0 + sx * (j + sy * k);
      let p = 1 + nx * (j - y0 + 1 + ny * pz);
      for (let i = x0; i <= x1; i++, v++, p++) {
        if (morphIn[v] !== 0) morph[p] = 1;
        if (input.mask[v] !== 0) {
          levels[p] = input.levels[v];
          roi[r++] = p;
        }
      }
    }
  }
  sliceStart[nz - 1] = r;
  sliceStart[nz] = r;
  return { nx, ny, nz, levels, morph, roi, sliceStart, nGreyLevels: ng, nVoxels };
}

/** Padded slice indices that hold at least one ROI voxel, ascending. */
export function roiSlices(grid: TextureGrid): number[] {
  const out: number[] = [];
  for (let z = 1; z < grid.nz - 1; z++) if (grid.sliceStart[z + 1] > grid.sliceStart[z]) out.push(z);
  return out;
}

/** A half-open range `[start, end)` of positions in `grid.roi`. */
export interface RoiRange {
  readonly start: number;
  readonly end: number;
}

/** The ROI voxels of one padded slice, or the whole ROI when `z` is null. */
export function roiRange(grid: TextureGrid, z: number | null): RoiRange {
  return z === null ? { start: 0, end: grid.roi.length } : { start: grid.sliceStart[z], end: grid.sliceStart[z + 1] };
}
