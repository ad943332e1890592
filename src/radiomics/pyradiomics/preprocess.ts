/**
 * PyRadiomics' image preparation: whole-image normalisation, label selection, bounding-box crop,
 * re-segmentation, and the `diagnostics_*` facts it reports about image and mask.
 */
import { HccError } from '../../core/errors.js';
import type { Vec3 } from '../../core/geometry.js';
import { issueError } from '../../core/issues.js';
import type { Volume } from '../../core/volume.js';
import { assertSameGrid, indexToWorld } from '../../core/volume.js';
import type { PyRadiomicsSettings } from './settings.js';

/** The ROI on its bounding-box grid. */
export interface PyRadiomicsRoi {
  /** Intensities on the bounding box (x fastest), after normalisation. */
  readonly image: Float64Array;
  readonly shape: Vec3;
  readonly spacing: Vec3;
  /** Label mask (before re-segmentation): shape features. */
  readonly labelMask: Uint8Array;
  /** Mask after re-segmentation: first-order and texture features. */
  readonly roiMask: Uint8Array;
  readonly diagnostics: PyRadiomicsImageDiagnostics;
}

/** What PyRadiomics reports as `diagnostics_Image-original_*` and `diagnostics_Mask-original_*`. */
export interface PyRadiomicsImageDiagnostics {
  readonly imageSpacing: Vec3;
  readonly imageSize: Vec3;
  readonly imageMean: number;
  readonly imageMinimum: number;
  readonly imageMaximum: number;
  /** (x, y, z, size x, size y, size z) of the label, 0-based. */
  readonly maskBoundingBox: readonly [number, number, number, number, number, number];
  readonly maskVoxelNum: number;
  /** Connected components of the label (face connectivity). */
  readonly maskVolumeNum: number;
  readonly maskCenterOfMassIndex: Vec3;
  /** Centre of mass in world (LPS) mm. */
  readonly maskCenterOfMass: Vec3;
  /** Voxels left after re-segmentation (equal to maskVoxelNum without re-segmentation). */
  readonly resegmentedVoxelNum: number;
  /** Re-segmentation thresholds actually applied, null when none. */
  readonly resegmentThresholds: readonly number[] | null;
}

function emptyRoi(what: string): never {
  throw new HccError('E_INPUT', `PyRadiomics mode: ${what}`, { issues: [issueError('empty_mask', ['mask'], what, { expected: 'at least one voxel in the ROI' })] });
}

/** Number of 6-connected components of a binary mask. */
function countComponents(mask: Uint8Array, shape: Vec3): number {
  const [nx, ny, nz] = shape;
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  let count = 0;
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || seen[s]) continue;
    count++;
    let top = 0;
    stack[top++] = s;
    seen[s] = 1;
    while (top > 0) {
      const v = stack[--top];
      const x = v % nx;
      const y = ((v - x) / nx) % ny;
      const z = Math.floor(v / (nx * ny));
      const push = (u: number): void => {
        if (mask[u] && !seen[u]) {
          seen[u] = 1;
          stack[top++] = u;
        }
      };
      if (x > 0) push(v - 1);
      if (x < nx - 1) push(v + 1);
      if (y > 0) push(v - nx);
      if (y < ny - 1) push(v + nx);
      if (z > 0) push(v - nx * ny);
      if (z < nz - 1) push(v + nx * ny);
    }
  }
  return count;
}

/**
 * Prepare image and mask as PyRadiomics 3.1 does (resampling excluded): optional whole-image
 * normalisation (x − mean)/sd · scale with sd over all voxels (n − 1) and optional ±removeOutliers
 * clipping; ROI = voxels equal to `label`; crop to its bounding box; re-segmentation per
 * `resegmentMode` (absolute bounds, fractions of the ROI maximum, or mean ± k·sd with population sd)
 * keeping x ≥ lower (and ≤ upper). Throws `E_INPUT` (`grid_mismatch`, `empty_mask`).
 * @see PyRadiomics `imageoperations.normalizeImage`, `checkMask`, `cropToTumorMask`, `resegmentMask`.
 */
export function preparePyRadiomicsRoi(image: Volume, mask: Volume, s: PyRadiomicsSettings): PyRadiomicsRoi {
  assertSameGrid(image, mask);
  const [nx, ny, nz] = image.shape;
  const n = nx * ny * nz;
  let sum = 0;
  let imin = Infinity;
  let imax = -Infinity;
  for (let v = 0; v < n; v++) {
    const x = image.data[v];
    sum += x;
    if (x < imin) imin = x;
    if (x > imax) imax = x;
  }
  const imean = sum / n;
  let values: ArrayLike<number> = image.data;
  if (s.normalize) {
    let ss = 0;
    for (let v = 0; v < n; v++) ss += (image.data[v] - imean) ** 2;
    const sd = Math.sqrt(ss / (n - 1));
    const out = new Float64Array(n);
    const clip = s.removeOutliers;
    for (let v = 0; v < n; v++) {
      let z = sd > 0 ? (image.data[v] - imean) / sd : 0;
      if (clip !== null) z = Math.max(-clip, Math.min(clip, z));
      out[v] = z * s.normalizeScale;
    }
    values = out;
  }
  // Label, bounding box, centre of mass.
  let x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
  let count = 0, cx = 0, cy = 0, cz = 0;
  for (let k = 0, v = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        if (mask.data[v] !== s.label) continue;
        count++;
        cx += i;
        cy += j;
        cz += k;
        if (i < x0) x0 = i;
        if (i > x1) x1 = i;
        if (j < y0) y0 = j;
        if (j > y1) y1 = j;
        if (k < z0) z0 = k;
        if (k > z1) z1 = k;
      }
    }
  }
  if (count === 0) emptyRoi(`label ${s.label} is not present in the mask`);
  const shape: Vec3 = [x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1];
  const m = shape[0] * shape[1] * shape[2];
  const crop = new Float64Array(m);
  const labelMask = new Uint8Array(m);
  for (let k = 0, p = 0; k < shape[2]; k++) {
    for (let j = 0; j < shape[1]; j++) {
      let v = x0 + nx * (j + y0 + ny * (k + z0));
      for (let i = 0; i < shape[0]; i++, p++, v++) {
        crop[p] = values[v];
        if (mask.data[v] === s.label) labelMask[p] = 1;
      }
    }
  }
  // Re-segmentation.
  let roiMask = labelMask;
  let thresholds: number[] | null = null;
  if (s.resegmentRange !== null) {
    const r = s.resegmentRange;
    if (s.resegmentMode === 'absolute') thresholds = [...r];
    else if (s.resegmentMode === 'relative') {
      let mx = -Infinity;
      for (let p = 0; p < m; p++) if (labelMask[p] && crop[p] > mx) mx = crop[p];
      thresholds = r.map((t) => t * mx);
    } else {
      let su = 0;
      for (let p = 0; p < m; p++) if (labelMask[p]) su += crop[p];
      const mu = su / count;
      let ss = 0;
      for (let p = 0; p < m; p++) if (labelMask[p]) ss += (crop[p] - mu) ** 2;
      const sd = Math.sqrt(ss / count);
      thresholds = r.map((t) => mu + t * sd);
    }
    roiMask = new Uint8Array(m);
    for (let p = 0; p < m; p++) {
      if (!labelMask[p]) continue;
      const x = crop[p];
      if (x >= thresholds[0] && (thresholds.length < 2 || x <= thresholds[1])) roiMask[p] = 1;
    }
  }
  let nRoi = 0;
  for (let p = 0; p < m; p++) nRoi += roiMask[p];
  if (nRoi === 0) emptyRoi('no voxel is left after re-segmentation');
  const com: Vec3 = [cx / count, cy / count, cz / count];
  return {
    image: crop,
    shape,
    spacing: [...image.spacing] as unknown as Vec3,
    labelMask,
    roiMask,
    diagnostics: {
      imageSpacing: [...image.spacing] as unknown as Vec3,
      imageSize: [nx, ny, nz],
      imageMean: imean,
      imageMinimum: imin,
      imageMaximum: imax,
      maskBoundingBox: [x0, y0, z0, shape[0], shape[1], shape[2]],
      maskVoxelNum: count,
      maskVolumeNum: countComponents(labelMask, shape),
      maskCenterOfMassIndex: com,
      maskCenterOfMass: indexToWorld(image, com),
      resegmentedVoxelNum: nRoi,
      resegmentThresholds: thresholds,
    },
  };
}
