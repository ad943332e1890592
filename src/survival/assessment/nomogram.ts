import { z } from 'zod';
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import { prettyBreaks } from './pretty.js';

/**
 * Nomogram points from a fitted linear predictor, with the rms conventions: each term's
 * contribution b·f(v) is evaluated at the term's axis values; the term whose contributions span the
 * widest range is scaled to 0..maxPoints (100); every term's points start at 0 at its smallest
 * contribution; total points map linearly back to the linear predictor.
 */

/** A linear term b·f(v) of a continuous variable; `at` are the axis values that get points. */
const continuousTerm = z.object({
  kind: z.literal('continuous'),
  name: z.string().min(1),
  coefficient: z.number(),
  transform: z.enum(['identity', 'log']).default('identity'),
  at: z.array(z.number()).min(1),
});
/** A categorical term: one coefficient per level (0 for the reference level). */
const categoricalTerm = z.object({
  kind: z.literal('categorical'),
  name: z.string().min(1),
  levels: z.array(z.string()).min(1),
  coefficients: z.array(z.number()).min(1),
});

/** Schema of one nomogram term (JSON round-trips). */
export const nomogramTermSchema = z.discriminatedUnion('kind', [continuousTerm, categoricalTerm]);
/** One model term on the nomogram: a continuous covariate (coefficient, optional transform, axis values) or a factor (one coefficient per level). @see rms::nomogram */
export type NomogramTerm = z.input<typeof nomogramTermSchema>;

/** Knobs of `buildNomogram`. */
export interface NomogramOptions {
  /** Points of the widest term (rms `maxscale`), default 100. */
  readonly maxPoints?: number;
  /** Linear-predictor centring constant: lp = Σ b·f(v) − center (rms/coxph report centred lp). Default 0. */
  readonly center?: number;
  /** lp (centred) values for the lp axis; default `pretty(lpRange, nint)`. */
  readonly lpAt?: readonly number[];
  /** Range of the (centred) linear predictor in the data, for the default lp axis. */
  readonly lpRange?: { readonly min: number; readonly max: number };
  /** Number of intervals `pretty` aims for (rms `nint`), default 10. */
  readonly nint?: number;
  /** Baseline survival S0(t) at centred lp = 0, for predicted-survival axes. */
  readonly survival?: { readonly horizons: readonly number[]; readonly baseline: readonly number[] };
}

/** Points for one term at its axis values. */
export interface NomogramTermPoints {
  readonly name: string;
  readonly kind: 'continuous' | 'categorical';
  readonly values: readonly (number | string)[];
  /** b·f(v), uncentred. */
  readonly contributions: Float64Array;
  readonly points: Float64Array;
  readonly minContribution: number;
  readonly maxContribution: number;
}

/** A nomogram: scale, term points and axes. */
export interface Nomogram {
  readonly terms: readonly NomogramTermPoints[];
  /** Points per unit of linear predictor: maxPoints / max_j (range of term j). */
  readonly scale: number;
  /** Centred lp at 0 total points: −center + Σ_j min_j (rms `Intercept`). */
  readonly intercept: number;
  readonly center: number;
  readonly maxPoints: number;
  /** lp axis: centred lp values and their positions in total points. */
  readonly lpAxis: { readonly lp: Float64Array; readonly points: Float64Array } | null;
  /** Total-points axis ticks: pretty(0, max(maxPoints, scale·max(lpAt − intercept))). */
  readonly totalPointsAxis: Float64Array;
  /** Predicted survival S0(t)^exp(lp) at each lp-axis value, per horizon. */
  readonly survival: readonly { readonly horizon: number; readonly baseline: number; readonly atLpAxis: Float64Array }[];
  /** The validated term specs (for `termPoints`). */
  readonly specs: readonly z.output<typeof nomogramTermSchema>[];
}

function contributionOf(spec: z.output<typeof nomogramTermSchema>, value: number | string): number {
  if (spec.kind === 'categorical') {
    const j = spec.levels.indexOf(String(value));
    if (j < 0) throw new HccError('E_INPUT', `nomogram: "${value}" is not a level of ${spec.name}`, { issues: [issueError('unknown_level', [spec.name], `"${value}" is not a level of ${spec.name}`, { expected: spec.levels.join(', '), received: String(value) })] });
    return spec.coefficients[j];
  }
  const v = Number(value);
  return spec.coefficient * (spec.transform === 'log' ? Math.log(v) : v);
}

function validate(terms: readonly NomogramTerm[], options: NomogramOptions): z.output<typeof nomogramTermSchema>[] {
  const issues: Issue[] = [];
  const specs: z.output<typeof nomogramTermSchema>[] = [];
  if (terms.length === 0) issues.push(issueError('empty_data', ['terms'], 'a nomogram needs at least one term', { expected: 'one or more terms' }));
  terms.forEach((t, i) => {
    const r = nomogramTermSchema.safeParse(t);
    if (!r.success) {
      for (const e of r.error.issues) issues.push(issueError('bad_option', ['terms', i, ...e.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], e.message));
      return;
    }
    const s = r.data;
    if (s.kind === 'categorical' && s.levels.length !== s.coefficients.length) {
      issues.push(issueError('bad_option', ['terms', i, 'coefficients'], `${s.name}: ${s.coefficients.length} coefficients for ${s.levels.length} levels`, { expected: String(s.levels.length), received: String(s.coefficients.length) }));
    }
    if (s.kind === 'continuous') {
      s.at.forEach((v, k) => {
        if (!Number.isFinite(v) || (s.transform === 'log' && !(v > 0))) {
          issues.push(issueError('bad_option', ['terms', i, 'at', k], `${s.name}: axis value ${v} gives an infinite contribution`, { expected: s.transform === 'log' ? 'values > 0 for a log term' : 'finite values', received: String(v) }));
        }
      });
    }
    specs.push(s);
  });
  if (options.maxPoints !== undefined && !(options.maxPoints > 0)) issues.push(issueError('bad_option', ['maxPoints'], 'maxPoints must be > 0', { received: String(options.maxPoints) }));
  if (options.survival && options.survival.horizons.length !== options.survival.baseline.length) {
    issues.push(issueError('bad_option', ['survival', 'baseline'], 'one baseline survival per horizon', { expected: String(options.survival.horizons.length), received: String(options.survival.baseline.length) }));
  }
  throwIfErrors('nomogram', issues);
  return specs;
}

/**
 * Build a nomogram. For term j with contributions c_j(v) = b_j f_j(v) over its axis values:
 * R_j = [min c_j, max c_j]; scale = maxPoints / max_j (max R_j − min R_j);
 * points_j(v) = (c_j(v) − min R_j)·scale; intercept = −center + Σ_j min R_j;
 * total points P ↔ centred lp: P = (lp − intercept)·scale.
 * Predicted survival at horizon t: S(t | lp) = S0(t)^exp(lp) (lp centred as the baseline is).
 * @see rms `nomogram` (points, `Intercept`, `sc`, total-points and lp axes)
 */
export function buildNomogram(terms: readonly NomogramTerm[], options: NomogramOptions = {}): Nomogram {
  const specs = validate(terms, options);
  const maxPoints = options.maxPoints ?? 100;
  const center = options.center ?? 0;
  const nint = options.nint ?? 10;
  const raw = specs.map((s) => {
    const values: (number | string)[] = s.kind === 'categorical' ? [...s.levels] : [...s.at];
    const contributions = Float64Array.from(values, (v) => contributionOf(s, v));
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of contributions) {
      lo = Math.min(lo, c);
      hi = Math.max(hi, c);
    }
    return { name: s.name, kind: s.kind, values, contributions, lo, hi };
  });
  const widest = Math.max(...raw.map((r) => r.hi - r.lo));
  if (!(widest > 0)) throw new HccError('E_INPUT', 'nomogram: every term is constant over its axis', { issues: [issueError('constant_covariate', ['terms'], 'no term varies over its axis values', { expected: 'at least one term with two different contributions' })] });
  const scale = maxPoints / widest;
  const intercept = -center + raw.reduce((s, r) => s + r.lo, 0);
  const termsOut: NomogramTermPoints[] = raw.map((r) => ({
    name: r.name,
    kind: r.kind,
    values: r.values,
    contributions: r.contributions,
    points: Float64Array.from(r.contributions, (c) => (c - r.lo) * scale),
    minContribution: r.lo,
    maxContribution: r.hi,
  }));
  let lpAt: Float64Array | null = null;
  if (options.lpAt) lpAt = Float64Array.from(options.lpAt);
  else if (options.lpRange) lpAt = prettyBreaks(options.lpRange.min, options.lpRange.max, nint).breaks;
  const lpAxis = lpAt ? { lp: lpAt, points: Float64Array.from(lpAt, (v) => (v - intercept) * scale) } : null;
  const sumMax = termsOut.length === 1 || !lpAt ? maxPoints : Math.max(maxPoints, scale * Math.max(...Array.from(lpAt, (v) => v - intercept)));
  const totalPointsAxis = prettyBreaks(0, sumMax, nint).breaks;
  const survival = (options.survival?.horizons ?? []).map((horizon, k) => {
    const baseline = options.survival!.baseline[k];
    return { horizon, baseline, atLpAxis: lpAt ? Float64Array.from(lpAt, (v) => predictSurvivalFromLp(v, baseline)) : new Float64Array(0) };
  });
  return { terms: termsOut, scale, intercept, center, maxPoints, lpAxis, totalPointsAxis, survival, specs };
}

/** Points of one term at any value v: (b·f(v) − min R_j)·scale. */
export function termPoints(nomogram: Nomogram, name: string, value: number | string): number {
  const j = nomogram.specs.findIndex((s) => s.name === name);
  if (j < 0) throw new HccError('E_INPUT', `nomogram: no term named ${name}`, { issues: [issueError('missing_column', [name], `no term named ${name}`, { expected: nomogram.specs.map((s) => s.name).join(', ') })] });
  return (contributionOf(nomogram.specs[j], value) - nomogram.terms[j].minContribution) * nomogram.scale;
}

/** Centred linear predictor for total points P: lp = P / scale + intercept. */
export function totalPointsToLp(nomogram: Nomogram, totalPoints: number): number {
  return totalPoints / nomogram.scale + nomogram.intercept;
}

/** Total points for a centred linear predictor: P = (lp − intercept)·scale. */
export function lpToTotalPoints(nomogram: Nomogram, lp: number): number {
  return (lp - nomogram.intercept) * nomogram.scale;
}

/**
 * Predicted survival S(t | lp) = S0(t)^exp(lp) for a proportional-hazards model, with `lp` on the
 * same centring as the baseline survival S0(t) (in (0, 1]).
 * @see R `survival::survfit.coxph`, rms `Survival.cph`
 */
export function predictSurvivalFromLp(lp: number, baselineSurvival: number): number {
  return Math.exp(Math.exp(lp) * Math.log(baselineSurvival));
}

/**
 * Axis values rms uses for a variable: its sorted distinct values when it has at most `nUnique`
 * (10) of them, else pretty(min, max, nint = 10) over the full data range.
 * @see Hmisc `datadist` (values, full range) and rms `nomogram` (type.range = "full")
 */
export function nomogramAxisValues(x: ArrayLike<number>, options: { nint?: number; nUnique?: number } = {}): Float64Array {
  const distinct = [...new Set(Array.from(x).filter((v) => Number.isFinite(v)))].sort((a, b) => a - b);
  if (distinct.length === 0) throw new RangeError('nomogramAxisValues: no finite values');
  if (distinct.length <= (options.nUnique ?? 10)) return Float64Array.from(distinct);
  return prettyBreaks(distinct[0], distinct[distinct.length - 1], options.nint ?? 10).breaks;
}
