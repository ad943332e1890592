/**
 * Extraction settings: one validated JSON object a study keeps beside its results, so that every number can be
 * reproduced. `IBSI_PRESETS` holds the IBSI 1 digital-phantom and CT configurations A–E.
 */
import { z } from 'zod';
import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError } from '../core/issues.js';
import { unknownKeyIssue, unknownKeyIssues, unknownKeyIssuesOfRejected } from '../core/unknown-keys.js';
import { DiscretisationSpecSchema } from './discretise.js';

const interpolationMethod = z.enum(['nearest', 'linear', 'cubic-spline']);
const axisSpacing = z.number().positive().nullable();

/** Families an extraction may compute. */
export const EXTRACTABLE_FAMILIES = ['morphology', 'local_intensity', 'statistics', 'intensity_histogram', 'intensity_volume_histogram', 'glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'] as const;

/** Texture aggregation methods (IBSI: 2D/2.5D/3D, averaged/merged). */
export const TEXTURE_AGGREGATIONS = ['2d_averaged', '2d_slice_merged', '2.5d_direction_merged', '2.5d_merged', '3d_averaged', '3d_merged', '2d', '2.5d', '3d'] as const;

/** The settings schema (zod; the inferred type is the settings type). */
export const RadiomicsSettingsSchema = z
  .object({
    /** Format version of this file. */
    version: z.literal(1).default(1),
    /** Free-text name (e.g. "IBSI config C"). */
    name: z.string().optional(),
    /** Prefix of every feature id (the image type; `original` for unfiltered images). */
    imageType: z.string().regex(/^[a-z0-9_-]+$/).default('original'),
    input: z
      .object({
        /** Round stored intensities to integers after loading (IBSI: the CT phantom NIfTI is stored as float). */
        roundIntensities: z.boolean().default(false),
        /** Mask value of the ROI; null = every non-zero voxel. */
        label: z.number().int().nullable().default(null),
      })
      .prefault({}),
    /** Interpolation to a new grid (IBSI VTM2); null = none. */
    interpolation: z
      .object({
        /** Target spacing in mm per axis; null keeps an axis (2-D in-plane: [2, 2, null]). */
        spacingMm: z.tuple([axisSpacing, axisSpacing, axisSpacing]),
        imageMethod: interpolationMethod.default('linear'),
        maskMethod: interpolationMethod.default('linear'),
        partialVolumeThreshold: z.number().gt(0).lte(1).default(0.5),
        /** Round interpolated intensities to the nearest integer (IBSI 68QD). */
        roundIntensities: z.boolean().default(true),
      })
      .nullable()
      .default(null),
    resegmentation: z
      .object({
        /** [lower, upper] in image units; a null bound is open. */
        range: z.tuple([z.number().nullable(), z.number().nullable()]).nullable().default(null),
        /** Outlier filtering μ ± kσ; null = off. */
        outlierSigma: z.number().positive().nullable().default(null),
      })
      .prefault({}),
    /** Discretisation for the intensity histogram and texture; FBS `lowerBound` defaults to the range's lower bound. */
    discretisation: DiscretisationSpecSchema,
    /** IVH discretisation: none (discrete calibrated), FBS (continuous calibrated) or FBN (arbitrary units). */
    ivh: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('none') }),
        z.object({ method: z.literal('fixed_bin_size'), binWidth: z.number().positive() }),
        z.object({ method: z.literal('fixed_bin_number'), nBins: z.number().int().positive() }),
      ])
      .default({ method: 'none' }),
    families: z.array(z.enum(EXTRACTABLE_FAMILIES)).min(1).default([...EXTRACTABLE_FAMILIES]),
    morphology: z
      .object({
        /** Compute Moran's I and Geary's C (FFT-accelerated, still the costliest morphology features). */
        autocorrelation: z.boolean().default(true),
      })
      .prefault({}),
    texture: z
      .object({
        ngldmAlpha: z.number().int().min(0).default(0),
        /** Aggregations to report; default: all. */
        aggregations: z.array(z.enum(TEXTURE_AGGREGATIONS)).min(1).optional(),
      })
      .prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    const r = s.resegmentation.range;
    if (r && r[0] !== null && r[1] !== null && !(r[0] < r[1])) {
      ctx.addIssue({ code: 'custom', path: ['resegmentation', 'range'], message: `lower bound ${r[0]} must be below upper bound ${r[1]}` });
    }
    if (s.interpolation && s.interpolation.spacingMm.every((x) => x === null)) {
      ctx.addIssue({ code: 'custom', path: ['interpolation', 'spacingMm'], message: 'at least one axis needs a target spacing; use interpolation: null for none' });
    }
  });

/** Settings as written by a user (defaults optional). */
export type RadiomicsSettingsInput = z.input<typeof RadiomicsSettingsSchema>;
/** Settings with every default applied. */
export type RadiomicsSettings = z.output<typeof RadiomicsSettingsSchema>;

/**
 * Validate settings; returns every problem as an `Issue` with its path into the settings object
 * (under 'settings'): `bad_option` for a bad value, `unknown_key` (with a "did you mean" suggestion)
 * for a key the schema does not know, at any depth.
 */
export function parseRadiomicsSettings(raw: unknown): { ok: true; value: RadiomicsSettings } | { ok: false; issues: Issue[] } {
  const r = RadiomicsSettingsSchema.safeParse(raw);
  if (r.success) {
    const unknown = unknownKeyIssues(raw, r.data, ['settings'], RadiomicsSettingsSchema);
    return unknown.length ? { ok: false, issues: unknown } : { ok: true, value: r.data };
  }
  const topKeys = Object.keys(RadiomicsSettingsSchema.shape);
  const issues: Issue[] = [];
  for (const i of r.error.issues) {
    const path = ['settings', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    // The top level is strict: zod reports its unknown keys itself; give them the same code as the deeper ones.
    if (i.code === 'unrecognized_keys' && i.path.length === 0) issues.push(...i.keys.map((k) => unknownKeyIssue(path, k, topKeys)));
    else issues.push(issueError('bad_option', path, i.message));
  }
  return { ok: false, issues: [...issues, ...unknownKeyIssuesOfRejected(RadiomicsSettingsSchema, raw, ['settings'])] };
}

/** Validate settings or throw `E_OPTION` carrying the issues. */
export function resolveRadiomicsSettings(raw: unknown): RadiomicsSettings {
  const r = parseRadiomicsSettings(raw);
  if (!r.ok) throw new HccError('E_OPTION', `radiomics settings: ${r.issues.length} problem(s)`, { issues: r.issues });
  return r.value;
}

const TWO_D: RadiomicsSettingsInput['texture'] = { aggregations: ['2d_averaged', '2d_slice_merged', '2.5d_direction_merged', '2.5d_merged', '2d', '2.5d'] };
const THREE_D: RadiomicsSettingsInput['texture'] = { aggregations: ['3d_averaged', '3d_merged', '3d'] };

/**
 * IBSI 1 reference configurations: the digital phantom (no processing, FBS width 1) and the CT phantom
 * configurations A–E (manual chapter "Reference data sets"; README of the IBSI reference folder).
 */
export const IBSI_PRESETS: Readonly<Record<'phantom' | 'A' | 'B' | 'C' | 'D' | 'E', RadiomicsSettingsInput>> = {
  phantom: { name: 'IBSI 1 digital phantom', discretisation: { method: 'fixed_bin_size', binWidth: 1 } },
  A: {
    name: 'IBSI 1 configuration A',
    input: { roundIntensities: true },
    resegmentation: { range: [-500, 400] },
    discretisation: { method: 'fixed_bin_size', binWidth: 25 },
    texture: TWO_D,
  },
  B: {
    name: 'IBSI 1 configuration B',
    input: { roundIntensities: true },
    interpolation: { spacingMm: [2, 2, null], imageMethod: 'linear', maskMethod: 'linear', partialVolumeThreshold: 0.5, roundIntensities: true },
    resegmentation: { range: [-500, 400] },
    discretisation: { method: 'fixed_bin_number', nBins: 32 },
    texture: TWO_D,
  },
  C: {
    name: 'IBSI 1 configuration C',
    input: { roundIntensities: true },
    interpolation: { spacingMm: [2, 2, 2], imageMethod: 'linear', maskMethod: 'linear', partialVolumeThreshold: 0.5, roundIntensities: true },
    resegmentation: { range: [-1000, 400] },
    discretisation: { method: 'fixed_bin_size', binWidth: 25 },
    ivh: { method: 'fixed_bin_size', binWidth: 2.5 },
    texture: THREE_D,
  },
  D: {
    name: 'IBSI 1 configuration D',
    input: { roundIntensities: true },
    interpolation: { spacingMm: [2, 2, 2], imageMethod: 'linear', maskMethod: 'linear', partialVolumeThreshold: 0.5, roundIntensities: true },
    resegmentation: { outlierSigma: 3 },
    discretisation: { method: 'fixed_bin_number', nBins: 32 },
    texture: THREE_D,
  },
  E: {
    name: 'IBSI 1 configuration E',
    input: { roundIntensities: true },
    interpolation: { spacingMm: [2, 2, 2], imageMethod: 'cubic-spline', maskMethod: 'linear', partialVolumeThreshold: 0.5, roundIntensities: true },
    resegmentation: { range: [-1000, 400], outlierSigma: 3 },
    discretisation: { method: 'fixed_bin_number', nBins: 32 },
    ivh: { method: 'fixed_bin_number', nBins: 1000 },
    texture: THREE_D,
  },
};
