import type { Mat3, Vec3 } from '../../core/geometry.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';

/** One slice's position and orientation as read from its header. */
export interface SlicePlacement {
  readonly file: string;
  readonly imagePositionPatient: Vec3;
  readonly imageOrientationPatient: readonly number[];
}

/** How strictly slice geometry is checked. Each check reports an `error` unless allowed. */
export interface SliceGeometryOptions {
  /**
   * Largest in-plane drift (mm) of any slice's IPP away from the line through the first IPP along
   * the normal before gantry tilt is reported (default: a quarter of the smallest pixel spacing, or
   * 0.1 mm when unknown). A drift, not an angle, because what matters is how far the sheared grid
   * misplaces voxels: 0.1 degrees over a 750 mm stack is 1.3 mm, over two 3 mm slices 0.005 mm.
   */
  readonly tiltToleranceMm?: number;
  /** Smallest in-plane pixel spacing (mm), for the default tilt tolerance. */
  readonly inPlaneSpacingMm?: number;
  /** A step larger than this multiple of the median step is a missing slice (default 1.5). */
  readonly missingSliceFactor?: number;
  /** Largest relative deviation of any step from the median step (default 0.01 = 1 %). */
  readonly unevenSpacingTolerance?: number;
  /** Absolute floor (mm) under which step deviations are ignored, for IPPs rounded in the file (default 0.02). */
  readonly unevenSpacingFloorMm?: number;
  /** Report gantry tilt / missing slices / uneven spacing as warnings instead of errors. */
  readonly allowGantryTilt?: boolean;
  readonly allowMissingSlices?: boolean;
  readonly allowUnevenSpacing?: boolean;
}

/** Slice order and grid derived from IPP/IOP. */
export interface SliceGeometry {
  /** Indices into the input, sorted by position along the slice normal (ascending). */
  readonly order: readonly number[];
  /** Position of each sorted slice along the normal (mm). */
  readonly positionsMm: readonly number[];
  /** Unit vectors: row direction (index i), column direction (index j), slice normal (index k). */
  readonly direction: Mat3;
  /** IPP of the first sorted slice. */
  readonly origin: Vec3;
  /** Slice spacing (mm): (last - first) / (n - 1); null for a single slice. */
  readonly sliceSpacingMm: number | null;
  /** Median of consecutive steps (mm); null for a single slice. */
  readonly medianStepMm: number | null;
  /** Largest angle (degrees) between the normal and the IPP offset of any slice from the first. */
  readonly tiltDeg: number;
  /** Largest in-plane drift (mm) of a slice position from the normal line through the first slice. */
  readonly tiltDriftMm: number;
  readonly issues: readonly Issue[];
}

const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: readonly number[], b: readonly number[]): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: readonly number[]): number => Math.sqrt(dot(a, a));
const unit = (a: readonly number[]): Vec3 => {
  const n = norm(a);
  return [a[0] / n, a[1] / n, a[2] / n];
};

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Sort slices by the projection of ImagePositionPatient on the slice normal n = r × c (r, c the
 * IOP row and column cosines, re-orthonormalised), never by file name or InstanceNumber, and check
 * the stack: `gantry_tilt` when an IPP step is not parallel to n (angle > tolerance),
 * `duplicate_slice` when two slices share a position, `missing_slice` when a step exceeds
 * `missingSliceFactor` × the median step, `uneven_spacing` when any other step deviates from the
 * median by more than the relative tolerance. Issues name the series (`seriesLabel`) and files.
 */
export function analyseSliceGeometry(slices: readonly SlicePlacement[], seriesLabel: string, options: SliceGeometryOptions = {}): SliceGeometry {
  const issues: Issue[] = [];
  const iop = slices[0].imageOrientationPatient;
  const r = unit(iop.slice(0, 3));
  const c0 = iop.slice(3, 6);
  const rc = dot(r, c0);
  const c = unit([c0[0] - rc * r[0], c0[1] - rc * r[1], c0[2] - rc * r[2]]);
  const n = cross(r, c);
  const direction: Mat3 = [r[0], c[0], n[0], r[1], c[1], n[1], r[2], c[2], n[2]];
  const proj = slices.map((s) => dot(s.imagePositionPatient, n));
  const order = proj.map((_, i) => i).sort((a, b) => proj[a] - proj[b]);
  const positionsMm = order.map((i) => proj[i]);
  const origin = slices[order[0]].imagePositionPatient;
  if (slices.length < 2) {
    return { order, positionsMm, direction, origin, sliceSpacingMm: null, medianStepMm: null, tiltDeg: 0, tiltDriftMm: 0, issues };
  }
  const steps: number[] = [];
  let tiltDeg = 0;
  let tiltDriftMm = 0;
  let tiltAt = 0;
  for (let k = 1; k < order.length; k++) {
    steps.push(positionsMm[k] - positionsMm[k - 1]);
    const a = origin;
    const b = slices[order[k]].imagePositionPatient;
    const d: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const along = dot(d, n);
    const drift = norm([d[0] - along * n[0], d[1] - along * n[1], d[2] - along * n[2]]);
    if (drift > tiltDriftMm) {
      tiltDriftMm = drift;
      tiltAt = k;
      tiltDeg = (Math.atan2(drift, Math.abs(along)) * 180) / Math.PI;
    }
  }
  const fileAt = (k: number): string => slices[order[k]].file;
  const severity = (allowed: boolean | undefined) => (allowed ? issueWarning : issueError);
  const tiltTol = options.tiltToleranceMm ?? (options.inPlaneSpacingMm ? options.inPlaneSpacingMm / 4 : 0.1);
  if (tiltDriftMm > tiltTol) {
    issues.push(
      severity(options.allowGantryTilt)('gantry_tilt', ['series', seriesLabel, 'file', fileAt(tiltAt)], `slice positions are not stacked along the image normal: gantry tilt of ${tiltDeg.toFixed(2)} degrees (in-plane drift ${tiltDriftMm.toFixed(3)} mm); the voxel grid would be sheared`, {
        expected: `slice positions on the IOP normal through ${fileAt(0)} within ${tiltTol.toFixed(3)} mm`,
        received: `${tiltDriftMm.toFixed(3)} mm at ${fileAt(tiltAt)}`,
      }),
    );
  }
  const med = median(steps);
  for (let k = 1; k < order.length; k++) {
    if (steps[k - 1] < 1e-3) {
      issues.push(issueError('duplicate_slice', ['series', seriesLabel, 'file', fileAt(k)], `two slices at the same position ${positionsMm[k].toFixed(3)} mm along the normal (several acquisitions or echoes in one series?)`, { received: `${fileAt(k - 1)} and ${fileAt(k)}` }));
    }
  }
  const missingFactor = options.missingSliceFactor ?? 1.5;
  const relTol = options.unevenSpacingTolerance ?? 0.01;
  const floorMm = options.unevenSpacingFloorMm ?? 0.02;
  let worstUneven = -1;
  let worstDev = 0;
  for (let k = 1; k < order.length; k++) {
    const step = steps[k - 1];
    if (step < 1e-3) continue;
    if (step > missingFactor * med) {
      const missing = Math.round(step / med) - 1;
      issues.push(
        severity(options.allowMissingSlices)('missing_slice', ['series', seriesLabel, 'file', fileAt(k)], `gap of ${step.toFixed(3)} mm between ${fileAt(k - 1)} and ${fileAt(k)} (median step ${med.toFixed(3)} mm): about ${missing} slice(s) missing`, {
          expected: `steps of ${med.toFixed(3)} mm (gap at most ${missingFactor} x median)`,
          received: `${step.toFixed(3)} mm`,
        }),
      );
      continue;
    }
    const dev = Math.abs(step - med);
    if (dev > floorMm && dev / med > relTol && dev > worstDev) {
      worstDev = dev;
      worstUneven = k;
    }
  }
  if (worstUneven > 0) {
    const k = worstUneven;
    issues.push(
      severity(options.allowUnevenSpacing)('uneven_spacing', ['series', seriesLabel, 'file', fileAt(k)], `slice spacing is uneven: step ${steps[k - 1].toFixed(3)} mm between ${fileAt(k - 1)} and ${fileAt(k)} vs median ${med.toFixed(3)} mm`, {
        expected: `every step within ${(relTol * 100).toFixed(1)} % (or ${floorMm} mm) of the median`,
        received: `steps from ${Math.min(...steps).toFixed(3)} to ${Math.max(...steps).toFixed(3)} mm`,
      }),
    );
  }
  const sliceSpacingMm = (positionsMm[positionsMm.length - 1] - positionsMm[0]) / (positionsMm.length - 1);
  return { order, positionsMm, direction, origin, sliceSpacingMm, medianStepMm: med, tiltDeg, tiltDriftMm, issues };
}
