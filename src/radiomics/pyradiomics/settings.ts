/**
 * Settings of the PyRadiomics-compatible mode: PyRadiomics 3.1.0's extraction parameters under their
 * own names and defaults (binWidth 25, label 1, no resampling, 3D, per-angle averaged texture).
 */
import { z } from 'zod';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';

/** The seven default PyRadiomics feature classes. */
export const PYRADIOMICS_CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const;
export type PyRadiomicsClass = (typeof PYRADIOMICS_CLASSES)[number];

/**
 * PyRadiomics settings (zod schema; unknown keys are rejected so a typo never passes silently).
 * Keys PyRadiomics accepts that do not change any value computed here (`additionalInfo`,
 * `preCrop`, `minimumROIDimensions`, `minimumROISize`, `correctMask`)
 * are accepted and recorded.
 */
export const PyRadiomicsSettingsSchema = z
  .object({
    /** Fixed bin width, bin edges at multiples of it (used when `binCount` is null). */
    binWidth: z.number().positive().default(25),
    /** Fixed bin count (numpy.histogram edges); overrides `binWidth`. */
    binCount: z.number().int().positive().nullable().default(null),
    /** Mask value of the ROI. */
    label: z.number().int().default(1),
    /** Added to intensities for Energy, TotalEnergy and RootMeanSquared. */
    voxelArrayShift: z.number().default(0),
    /** Texture in-plane only (2D matrices accumulated over slices). */
    force2D: z.boolean().default(false),
    /** Axis that is the out-of-plane axis under force2D: 0 = k (slices; numpy's first axis). */
    force2Ddimension: z.literal(0).default(0),
    /** GLCM/GLRLM angle weighting; null = features per angle, averaged (PyRadiomics default). */
    weightingNorm: z.enum(['manhattan', 'euclidean', 'infinity', 'no_weighting']).nullable().default(null),
    /** Normalise the whole image: (x − mean)/sd · normalizeScale (sd with n − 1, as SimpleITK). */
    normalize: z.boolean().default(false),
    normalizeScale: z.number().positive().default(1),
    /** After normalising, clip to ± this many standard deviations (null = off). */
    removeOutliers: z.number().positive().nullable().default(null),
    /** Re-segmentation range: [lower] or [lower, upper]; meaning per `resegmentMode`. */
    resegmentRange: z.array(z.number()).min(1).max(2).nullable().default(null),
    /** absolute: intensities; relative: fractions of the ROI maximum; sigma: mean ± k·sd (population sd). */
    resegmentMode: z.enum(['absolute', 'relative', 'sigma']).default('absolute'),
    /** Apply the re-segmented mask to shape too (PyRadiomics default false). */
    resegmentShape: z.boolean().default(false),
    /** Resample to this spacing (mm, x y z; 0 keeps an axis) before extraction; null = no resampling. */
    resampledPixelSpacing: z.array(z.number().min(0)).length(3).nullable().default(null),
    /** SimpleITK interpolator for the image when resampling (default sitkBSpline; null disables resampling). */
    interpolator: z.enum(['sitkBSpline', 'sitkNearestNeighbor', 'sitkLinear']).nullable().default('sitkBSpline'),
    /** Voxels (new spacing) added around the mask's bounding box when resampling. */
    padDistance: z.number().int().min(0).default(5),
    /** Only distance 1 is implemented. */
    distances: z.array(z.literal(1)).length(1).default([1]),
    /** GLDM coarseness α. */
    gldm_a: z.number().min(0).default(0),
    symmetricalGLCM: z.literal(true).default(true),
    /** Feature classes to compute (default all seven). */
    enabledClasses: z.array(z.enum(PYRADIOMICS_CLASSES)).min(1).default([...PYRADIOMICS_CLASSES]),
    // Accepted for compatibility; they do not change the values computed here.
    additionalInfo: z.boolean().optional(),
    preCrop: z.boolean().optional(),
    minimumROIDimensions: z.number().optional(),
    minimumROISize: z.number().nullable().optional(),
    correctMask: z.boolean().optional(),
  })
  .strict();

export type PyRadiomicsSettingsInput = z.input<typeof PyRadiomicsSettingsSchema>;
export type PyRadiomicsSettings = z.output<typeof PyRadiomicsSettingsSchema>;

/**
 * Validate PyRadiomics settings, filling PyRadiomics' defaults. Throws `E_OPTION` with one
 * `bad_option` issue per problem (path `['pyradiomics', key, ...]`).
 */
export function resolvePyRadiomicsSettings(raw: unknown = {}): PyRadiomicsSettings {
  const r = PyRadiomicsSettingsSchema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issues: Issue[] = r.error.issues.map((i) => {
    const path = ['pyradiomics', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const keys = 'keys' in i && Array.isArray(i.keys) ? ` (${(i.keys as string[]).join(', ')})` : '';
    return issueError('bad_option', path, `${i.message}${keys}`);
  });
  throw new HccError('E_OPTION', `PyRadiomics settings: ${issues.map((i) => `${i.path.slice(1).join('.') || '(root)'}: ${i.message}`).join('; ')}`, { issues });
}

/**
 * Parse a Python dict literal of PyRadiomics settings as printed in its `diagnostics_Configuration_Settings`
 * rows (`{'binWidth': 25, 'force2D': False, 'interpolator': None}`) into a plain object.
 * Only literals (numbers, strings, True/False/None, lists, tuples, dicts) are understood.
 */
export function parsePythonLiteral(text: string): unknown {
  let json = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') s += text[++j];
        else s += text[j];
        j++;
      }
      json += JSON.stringify(s);
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z_0-9]/.test(text[j])) j++;
      const word = text.slice(i, j);
      json += word === 'True' ? 'true' : word === 'False' ? 'false' : word === 'None' ? 'null' : JSON.stringify(word);
      i = j - 1;
    } else if (c === '(') json += '[';
    else if (c === ')') json += ']';
    else json += c;
  }
  return JSON.parse(json.replace(/,\s*([\]}])/g, '$1'));
}
