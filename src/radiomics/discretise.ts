/**
 * Intensity discretisation (IBSI 1 §2 "Intensity discretisation", 4R0B): maps the intensities inside
 * the ROI intensity mask to grey levels 1..Ng for texture and intensity-histogram features.
 */
import { z } from 'zod';
import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError } from '../core/issues.js';

/** Settings for discretisation (a zod schema: the inferred type is the type). */
export const DiscretisationSpecSchema = z.discriminatedUnion('method', [
  z.object({
    /** Fixed bin number (IBSI K15C). */
    method: z.literal('fixed_bin_number'),
    nBins: z.number().int().positive(),
  }),
  z.object({
    /** Fixed bin size (IBSI Q3RU). */
    method: z.literal('fixed_bin_size'),
    /** Bin width in the image's intensity unit (HU for CT), > 0. */
    binWidth: z.number().positive(),
    /**
     * IBSI: first bin starts here (the lower re-segmentation bound, e.g. -500 HU); when absent the
     * ROI minimum is used. Ignored by the PyRadiomics convention.
     */
    lowerBound: z.number().optional(),
    /** `ibsi` (bins counted from `lowerBound`) or `pyradiomics` (edges at multiples of the width). */
    convention: z.enum(['ibsi', 'pyradiomics']).default('ibsi'),
  }),
]);

/** Discretisation settings. */
export type DiscretisationSpec = z.input<typeof DiscretisationSpecSchema>;

/** Intensities a discretiser accepts (x-fastest, one per voxel). */
export type IntensityArray = Float32Array | Float64Array | Int16Array | Int32Array | Uint8Array | Uint16Array;

/** Diagnostics of one discretisation. */
export interface DiscretisationDiagnostics {
  readonly method: 'fixed_bin_number' | 'fixed_bin_size';
  readonly convention: 'ibsi' | 'pyradiomics';
  /** Voxels in the intensity mask. */
  readonly nVoxels: number;
  readonly minIntensity: number;
  readonly maxIntensity: number;
  /** Intensity of the lower edge of bin 1. */
  readonly firstBinEdge: number;
  /** Bin width actually used (FBN: (max − min)/Ng). */
  readonly binWidth: number;
  /** Distinct grey levels that occur in the ROI. */
  readonly nLevelsPresent: number;
}

/** Grey levels 1..nGreyLevels inside the mask, 0 outside. */
export interface DiscretisationResult {
  readonly levels: Int32Array;
  /**
   * Ng used by texture features: FBN the bin count; FBS the highest grey level in the ROI
   * (bins are counted from the first bin edge, so empty low bins are included).
   */
  readonly nGreyLevels: number;
  readonly diagnostics: DiscretisationDiagnostics;
}

/**
 * Discretise the intensities inside `mask` (non-zero = in the ROI intensity mask).
 *
 * - FBN: X_d = floor(Ng (X − X_min)/(X_max − X_min)) + 1, and Ng for X = X_max (all 1 when X_max = X_min).
 * - FBS (IBSI): X_d = floor((X − X_min)/w) + 1 with X_min the lower re-segmentation bound if given.
 * - FBS (PyRadiomics): X_d = floor(X/w) − floor(X_min/w) + 1 with X_min the ROI minimum
 *   (bin edges aligned to multiples of w).
 *
 * Throws `E_INPUT` for an empty mask, non-finite intensities in the ROI, a size mismatch, or an
 * intensity below `lowerBound`.
 * @see IBSI 1 manual, sections K15C and Q3RU; PyRadiomics `imageoperations.binImage`.
 */
export function discretiseIntensities(intensities: IntensityArray, mask: Uint8Array, spec: DiscretisationSpec): DiscretisationResult {
  const parsed = DiscretisationSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issues: Issue[] = parsed.error.issues.map((i) => issueError('bad_option', ['discretisation', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], i.message));
    throw new HccError('E_OPTION', 'discretisation: invalid settings', { issues });
  }
  const s = parsed.data;
  if (intensities.length !== mask.length) {
    throw new HccError('E_INPUT', `discretisation: ${intensities.length} intensities but ${mask.length} mask voxels`, {
      issues: [issueError('grid_mismatch', ['mask'], 'image and mask differ in voxel count', { expected: String(intensities.length), received: String(mask.length) })],
    });
  }
  let nVoxels = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let v = 0; v < mask.length; v++) {
    if (mask[v] === 0) continue;
    const x = intensities[v];
    if (!Number.isFinite(x)) {
      throw new HccError('E_INPUT', `discretisation: non-finite intensity ${x} at voxel ${v}`, {
        issues: [issueError('non_finite', ['intensities', v], 'intensity inside the ROI is not finite', { expected: 'a finite number', received: String(x) })],
      });
    }
    nVoxels++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (nVoxels === 0) {
    throw new HccError('E_INPUT', 'discretisation: the ROI intensity mask is empty', {
      issues: [issueError('empty_data', ['mask'], 'no voxel inside the intensity mask', { expected: 'at least one voxel', received: '0' })],
    });
  }
  const levels = new Int32Array(mask.length);
  let firstBinEdge: number;
  let width: number;
  let convention: 'ibsi' | 'pyradiomics' = 'ibsi';
  if (s.method === 'fixed_bin_number') {
    const ng = s.nBins;
    firstBinEdge = min;
    width = (max - min) / ng;
    const range = max - min;
    for (let v = 0; v < mask.length; v++) {
      if (mask[v] === 0) continue;
      const x = intensities[v];
      // min() guards the floating-point edge just below X_max.
      levels[v] = range === 0 ? 1 : Math.min(ng, Math.floor((ng * (x - min)) / range) + 1);
    }
  } else {
    width = s.binWidth;
    convention = s.convention;
    if (s.convention === 'pyradiomics') {
      firstBinEdge = Math.floor(min / width) * width;
      const base = Math.floor(min / width);
      for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) levels[v] = Math.floor(intensities[v] / width) - base + 1;
    } else {
      firstBinEdge = s.lowerBound ?? min;
      if (min < firstBinEdge) {
        throw new HccError('E_INPUT', `discretisation: ROI intensity ${min} lies below the lower bound ${firstBinEdge}`, {
          issues: [issueError('out_of_range', ['discretisation', 'lowerBound'], 'intensities below the first bin; re-segment the ROI to the range first', { expected: `>= ${firstBinEdge}`, received: String(min) })],
        });
      }
      for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) levels[v] = Math.floor((intensities[v] - firstBinEdge) / width) + 1;
    }
  }
  let maxLevel = 0;
  for (let v = 0; v < levels.length; v++) if (levels[v] > maxLevel) maxLevel = levels[v];
  const present = new Uint8Array(maxLevel + 1);
  for (let v = 0; v < levels.length; v++) present[levels[v]] = 1;
  let nPresent = 0;
  for (let l = 1; l <= maxLevel; l++) nPresent += present[l];
  const nGreyLevels = s.method === 'fixed_bin_number' ? s.nBins : maxLevel;
  return {
    levels,
    nGreyLevels,
    diagnostics: { method: s.method, convention, nVoxels, minIntensity: min, maxIntensity: max, firstBinEdge, binWidth: width, nLevelsPresent: nPresent },
  };
}
