import { HccError } from '../../core/errors.js';
import type { Mask, Volume } from '../../core/volume.js';
import { gridDifference } from '../../core/volume.js';

/** How much of a Grad-CAM volume falls in the tumour, and in the tumour grown by a margin. */
export interface CamGridScore {
  /** Σ cam over tumour voxels / Σ cam (0 for an empty map). */
  readonly massInTumour: number;
  /** Σ cam over voxels within `marginMm` of the tumour / Σ cam. */
  readonly massInMargin: number;
  readonly peakInTumour: boolean;
  readonly peakInMargin: boolean;
  /** Peak voxel index (i, j, k) on the grid; null for an empty map. */
  readonly peak: readonly [number, number, number] | null;
  readonly marginMm: number;
  readonly tumourVoxels: number;
}

/**
 * Score a Grad-CAM volume against the tumour mask on the same CT grid, in millimetres: a voxel is in
 * the margin when some tumour voxel lies within `marginMm` of it (Euclidean distance of voxel centres,
 * spacing-aware, so anisotropic slices are handled). Only voxels where the map is positive are
 * examined (each against a precomputed ellipsoid of offsets), so the cost follows the map's support.
 * The peak is the voxel holding the maximum; a 2.5-D map is copied onto every slice of its stack
 * (`camToGrid`), so the maximum is held by a column of voxels: `peakSlice` (the stack's central slice,
 * the one the stack is centred on) picks that column's voxel on it. Without it, or when that slice does
 * not hold the maximum, the first voxel in storage order is the peak (before `peakSlice` existed this
 * was the only rule, which scored a stack's map against its lowest slice, where the tumour is smallest).
 * @see paper §3 (Grad-CAM attention in the tumour region); issue 6 target: peak inside tumour or 5 mm margin.
 */
export function camGridScore(cam: Volume, mask: Mask, labels: readonly number[], marginMm = 5, peakSlice: number | null = null): CamGridScore {
  const diff = gridDifference(cam, mask);
  if (diff) throw new HccError('E_INPUT', `camGridScore: Grad-CAM and mask grids differ (${diff})`);
  if (!(marginMm >= 0)) throw new HccError('E_OPTION', `camGridScore: marginMm must be >= 0, got ${marginMm}`);
  const [nx, ny, nz] = mask.shape;
  const want = new Uint8Array(256);
  for (const l of labels) want[l] = 1;
  const md = mask.data;
  let tumourVoxels = 0;
  for (let i = 0; i < md.length; i++) tumourVoxels += want[md[i]];
  const r = mask.spacing.map((s) => Math.floor(marginMm / s + 1e-9));
  const offsets: number[][] = [];
  for (let dk = -r[2]; dk <= r[2]; dk++) for (let dj = -r[1]; dj <= r[1]; dj++) for (let di = -r[0]; di <= r[0]; di++) {
    if ((di * mask.spacing[0]) ** 2 + (dj * mask.spacing[1]) ** 2 + (dk * mask.spacing[2]) ** 2 <= marginMm * marginMm + 1e-9) offsets.push([di, dj, dk]);
  }
  offsets.sort((a, b) => Math.abs(a[0]) + Math.abs(a[1]) + Math.abs(a[2]) - (Math.abs(b[0]) + Math.abs(b[1]) + Math.abs(b[2])));
  const nearTumour = (i: number, j: number, k: number): boolean => {
    for (const [di, dj, dk] of offsets) {
      const a = i + di, b = j + dj, c = k + dk;
      if (a >= 0 && a < nx && b >= 0 && b < ny && c >= 0 && c < nz && want[md[a + nx * (b + ny * c)]]) return true;
    }
    return false;
  };
  const d = cam.data;
  let total = 0, inT = 0, inM = 0, max = 0, arg = -1;
  for (let idx = 0, k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, idx++) {
    const v = d[idx];
    if (!(v > 0)) {
      if (Number.isNaN(v)) throw new HccError('E_NUMERIC', `camGridScore: NaN in the Grad-CAM map at voxel ${idx}`);
      continue;
    }
    total += v;
    if (want[md[idx]]) { inT += v; inM += v; } else if (nearTumour(i, j, k)) inM += v;
    if (v > max) { max = v; arg = idx; }
  }
  if (arg < 0) return { massInTumour: 0, massInMargin: 0, peakInTumour: false, peakInMargin: false, peak: null, marginMm, tumourVoxels };
  if (peakSlice !== null && peakSlice >= 0 && peakSlice < nz) {
    const onSlice = (arg % (nx * ny)) + nx * ny * peakSlice;
    if (d[onSlice] === max) arg = onSlice;
  }
  const pi = arg % nx, pj = Math.floor(arg / nx) % ny, pk = Math.floor(arg / (nx * ny));
  const peakInTumour = want[md[arg]] === 1;
  return { massInTumour: inT / total, massInMargin: inM / total, peakInTumour, peakInMargin: peakInTumour || nearTumour(pi, pj, pk), peak: [pi, pj, pk], marginMm, tumourVoxels };
}
