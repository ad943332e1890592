import { z } from 'zod';
import type { Issue } from '../../core/issues.js';
import { fail, issueError, ok } from '../../core/issues.js';
import type { Result } from '../../core/issues.js';
import { LAWS_1D } from './laws.js';
import { WAVELET_FAMILIES } from './wavelet-banks.js';

const padding = z.enum(['zero', 'nearest', 'periodic', 'mirror']);
const dimensions = z.enum(['2d', '3d']);
const frequencyGrid = z.enum(['dft', 'linspace']);
const letters = (d: '2d' | '3d'): number => (d === '3d' ? 3 : 2);

/**
 * A convolutional filter request (IBSI 2), one member per `kind`. Lengths in mm, supports and
 * distances in voxels, angles in radians. Kernel/sub-band strings list one entry per axis i, j(, k).
 * Every spec round-trips: `parseFilterSpec(JSON.parse(JSON.stringify(spec)))` equals `spec`.
 */
export const FilterSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('mean'),
    supportVoxels: z.number().int().positive().refine((m) => m % 2 === 1, 'support must be odd'),
    dimensions,
    padding,
  }),
  z.object({
    kind: z.literal('log'),
    sigmaMm: z.number().positive(),
    truncation: z.number().positive().default(4),
    dimensions,
    padding,
  }),
  z
    .object({
      kind: z.literal('laws'),
      kernel: z.string().regex(/^([LESWR][35])+$/i, 'kernel is a sequence of L3/E3/S3/L5/E5/S5/W5/R5'),
      dimensions,
      padding,
      rotationInvariant: z.boolean().default(false),
      pooling: z.enum(['max', 'mean']).default('max'),
      energyDistance: z.number().int().nonnegative().optional(),
    })
    .superRefine((s, ctx) => {
      const parts = s.kernel.toUpperCase().match(/[A-Z]\d/g) ?? [];
      if (parts.length !== letters(s.dimensions) || parts.some((p) => !(p in LAWS_1D))) {
        ctx.addIssue({ code: 'custom', path: ['kernel'], message: `a ${s.dimensions} Laws kernel names ${letters(s.dimensions)} 1-D kernels from ${Object.keys(LAWS_1D).join('/')}` });
      }
    }),
  z
    .object({
      kind: z.literal('gabor'),
      sigmaMm: z.number().positive(),
      lambdaMm: z.number().positive(),
      gamma: z.number().positive(),
      thetaRad: z.number().default(0),
      rotationInvariant: z.boolean().default(false),
      thetaStepRad: z.number().positive().max(2 * Math.PI).optional(),
      planes: z.enum(['axial', 'orthogonal']).default('axial'),
      padding,
      truncation: z.number().positive().default(4),
    })
    .superRefine((s, ctx) => {
      if (s.rotationInvariant && s.thetaStepRad === undefined) ctx.addIssue({ code: 'custom', path: ['thetaStepRad'], message: 'rotation-invariant Gabor needs thetaStepRad' });
    }),
  z
    .object({
      kind: z.literal('wavelet'),
      family: z.enum(WAVELET_FAMILIES as unknown as ['haar', 'db2', 'db3', 'coif1']),
      subband: z.string().regex(/^[LH]+$/i, 'sub-band is a string of L/H letters'),
      level: z.number().int().positive().default(1),
      dimensions,
      padding,
      rotationInvariant: z.boolean().default(false),
    })
    .superRefine((s, ctx) => {
      if (s.subband.length !== letters(s.dimensions)) ctx.addIssue({ code: 'custom', path: ['subband'], message: `a ${s.dimensions} sub-band has ${letters(s.dimensions)} letters` });
    }),
  z.object({
    kind: z.literal('simoncelli'),
    level: z.number().int().positive().default(1),
    dimensions,
    padding,
    grid: frequencyGrid.optional(),
  }),
  z
    .object({
      kind: z.literal('riesz'),
      /** Riesz order per axis i, j(, k). */
      order: z.array(z.number().int().nonnegative()).min(2).max(3),
      band: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('log'), sigmaMm: z.number().positive() }),
        z.object({ kind: z.literal('simoncelli'), level: z.number().int().positive() }),
      ]),
      dimensions,
      padding,
      grid: frequencyGrid.optional(),
    })
    .superRefine((s, ctx) => {
      if (s.order.length !== letters(s.dimensions)) ctx.addIssue({ code: 'custom', path: ['order'], message: `a ${s.dimensions} Riesz order has ${letters(s.dimensions)} entries` });
      if (s.order.every((v) => v === 0)) ctx.addIssue({ code: 'custom', path: ['order'], message: 'a Riesz order needs at least one positive entry' });
    }),
]);

/** A validated filter spec (defaults filled). */
export type FilterSpec = z.output<typeof FilterSpecSchema>;
/** A filter spec as written by a user (defaults optional). */
export type FilterSpecInput = z.input<typeof FilterSpecSchema>;
/** Filter kinds. */
export type FilterKind = FilterSpec['kind'];

/**
 * Validate a filter spec (e.g. from a settings file). Problems come back as `bad_option` issues with
 * paths under `['filter', …]`; all are reported, not only the first.
 */
export function parseFilterSpec(raw: unknown): Result<FilterSpec> {
  const r = FilterSpecSchema.safeParse(raw);
  if (r.success) return ok(r.data);
  const issues: Issue[] = r.error.issues.map((i) =>
    issueError('bad_option', ['filter', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], i.message),
  );
  return fail(issues);
}
