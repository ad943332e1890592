import { z } from 'zod';
import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, ok } from '../core/issues.js';

const positive3 = z.tuple([z.number().positive().finite(), z.number().positive().finite(), z.number().positive().finite()]);
const probability = z.number().min(0).max(1);
const range = z.tuple([z.number().positive().finite(), z.number().positive().finite()]).refine(([a, b]) => a <= b, { message: 'range must be [low, high] with low <= high' });
const label = z.number().int().min(1).max(255);

/** Resample an image to `spacingMm` on the IBSI centre-aligned grid. */
export const resampleSpecSchema = z.object({
  kind: z.literal('resample'),
  spacingMm: positive3,
  interpolation: z.enum(['linear', 'bspline', 'nearest']).default('linear'),
  /** 'input': the input's array type (integers rounded half up and clamped), as scipy.ndimage does by default. */
  outputType: z.enum(['float32', 'float64', 'input']).default('float32'),
});

/** Resample a label mask: nearest neighbour or IBSI partial-volume (linear then threshold). */
export const resampleMaskSpecSchema = z.object({
  kind: z.literal('resample-mask'),
  spacingMm: positive3,
  method: z.enum(['partial-volume', 'nearest']).default('partial-volume'),
  threshold: z.number().gt(0).max(1).default(0.5),
});

/** Clip intensities to [lowerHu, upperHu]. */
export const windowHuSpecSchema = z.object({
  kind: z.literal('window-hu'),
  lowerHu: z.number().finite(),
  upperHu: z.number().finite(),
}).refine((s) => s.lowerHu < s.upperHu, { message: 'lowerHu must be below upperHu', path: ['upperHu'] });

/** Intensity normalisation: z-score or min-max, statistics optionally within mask labels. */
export const normaliseSpecSchema = z.object({
  kind: z.literal('normalise'),
  method: z.enum(['z-score', 'min-max']),
  maskLabels: z.array(label).optional(),
  range: z.tuple([z.number().finite(), z.number().finite()]).default([0, 1]),
});

/** Crop image and mask around the bounding box of `labels` plus a margin, optionally to a fixed size. */
export const cropAroundMaskSpecSchema = z.object({
  kind: z.literal('crop-around-mask'),
  labels: z.array(label).min(1),
  marginMm: z.number().min(0).finite().default(0),
  sizeVoxels: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).optional(),
  fillValue: z.number().finite().default(0),
});

/** Permute/flip index axes to a named orientation (ITK-style code, e.g. 'LPS', 'RAS'). */
export const reorientSpecSchema = z.object({
  kind: z.literal('reorient'),
  orientation: z.string().regex(/^[LR][PA][SI]$|^[LR][SI][PA]$|^[PA][LR][SI]$|^[PA][SI][LR]$|^[SI][LR][PA]$|^[SI][PA][LR]$/, 'three letters naming distinct axes, e.g. LPS or RAS').default('LPS'),
});

/** Stack named phases (same grid) as channels, in this order. */
export const stackPhasesSpecSchema = z.object({
  kind: z.literal('stack-phases'),
  phases: z.array(z.string().min(1)).min(1).refine((p) => new Set(p).size === p.length, { message: 'phase names must be unique' }),
  toleranceMm: z.number().positive().default(1e-3),
});

/** Random training augmentations; parameters are sampled once per call and recorded. */
export const augmentSpecSchema = z.object({
  kind: z.literal('augment'),
  flipProbability: z.tuple([probability, probability, probability]).default([0, 0, 0]),
  rotate90: z.object({ probability, plane: z.enum(['xy', 'xz', 'yz']).default('xy') }).optional(),
  contrast: z.object({ probability, factorRange: range }).optional(),
  zoom: z.object({ probability, factorRange: range }).optional(),
});

/** Any preprocessing step (discriminated on `kind`). */
export const stageSpecSchema = z.discriminatedUnion('kind', [
  resampleSpecSchema, resampleMaskSpecSchema, windowHuSpecSchema, normaliseSpecSchema, cropAroundMaskSpecSchema,
  reorientSpecSchema, stackPhasesSpecSchema, augmentSpecSchema,
]);

export type ResampleSpec = z.infer<typeof resampleSpecSchema>;
export type ResampleMaskSpec = z.infer<typeof resampleMaskSpecSchema>;
export type WindowHuSpec = z.infer<typeof windowHuSpecSchema>;
export type NormaliseSpec = z.infer<typeof normaliseSpecSchema>;
export type CropAroundMaskSpec = z.infer<typeof cropAroundMaskSpecSchema>;
export type ReorientSpec = z.infer<typeof reorientSpecSchema>;
export type StackPhasesSpec = z.infer<typeof stackPhasesSpecSchema>;
export type AugmentSpec = z.infer<typeof augmentSpecSchema>;
export type StageSpec = z.infer<typeof stageSpecSchema>;
/** Spec input before defaults are applied. */
export type StageSpecInput = z.input<typeof stageSpecSchema>;

const KINDS = ['resample', 'resample-mask', 'window-hu', 'normalise', 'crop-around-mask', 'reorient', 'stack-phases', 'augment'] as const;
const BY_KIND = {
  resample: resampleSpecSchema, 'resample-mask': resampleMaskSpecSchema, 'window-hu': windowHuSpecSchema, normalise: normaliseSpecSchema,
  'crop-around-mask': cropAroundMaskSpecSchema, reorient: reorientSpecSchema, 'stack-phases': stackPhasesSpecSchema, augment: augmentSpecSchema,
} as const;

/**
 * Validate one step spec (defaults applied). Problems are `bad_option` issues located by `path`
 * (prefix + the field), all collected.
 */
export function parseStageSpec(input: unknown, path: readonly (string | number)[] = []): Result<StageSpec> {
  const kind = (input as { kind?: unknown } | null)?.kind;
  const schema = typeof kind === 'string' ? (BY_KIND as Record<string, z.ZodType>)[kind] : undefined;
  if (!schema) {
    return fail([issueError('bad_option', [...path, 'kind'], `unknown preprocessing step kind ${JSON.stringify(kind)}`, { expected: KINDS.join(', '), received: JSON.stringify(kind) })]);
  }
  const r = schema.safeParse(input);
  if (r.success) return ok(r.data as StageSpec);
  const issues: Issue[] = r.error.issues.map((i) => issueError('bad_option', [...path, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], `${kind}: ${i.message}`));
  return fail(issues);
}

/** Validate a pipeline: a JSON array of step specs. */
export function parsePipeline(input: unknown): Result<StageSpec[]> {
  if (!Array.isArray(input)) return fail([issueError('bad_option', [], 'a pipeline must be a JSON array of step specs', { received: typeof input })]);
  const steps: StageSpec[] = [];
  const issues: Issue[] = [];
  input.forEach((s, i) => {
    const r = parseStageSpec(s, [i]);
    if (r.ok) steps.push(r.value);
    else issues.push(...r.issues);
  });
  return issues.length ? fail(issues) : ok(steps);
}

/** JSON text of a spec (stable key order as built by the schema). */
export function serializeStageSpec(spec: StageSpec): string {
  return JSON.stringify(spec);
}
