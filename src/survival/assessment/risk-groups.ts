import { z } from 'zod';
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Grouping } from '../grouping.js';
import { checkGrouping } from '../grouping.js';
import { kaplanMeier } from '../kaplan-meier.js';
import { logRankTest } from '../log-rank.js';
import type { SurvivalData } from '../outcome.js';
import { effectNotEstimable, fitCoxEffects } from './cox-effects.js';
import type { MaxSelectedLogRank } from './max-selected-logrank.js';
import { maxSelectedLogRank } from './max-selected-logrank.js';
import { quantileType7 } from './quantile.js';

/**
 * Risk groups from a continuous risk score (higher = worse): learn cut-offs once (on training
 * data), freeze them, apply them unchanged to any cohort, and summarise the groups.
 * Grouping rule everywhere: a score equal to a cut-off belongs to the LOWER group
 * (R `cut(score, c(-Inf, cuts, Inf), right = TRUE)`); group 0 is the lowest risk.
 */

/** How cut-offs are learned. Quantiles are R type 7. */
export const cutoffMethodSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('median') }),
  z.object({ method: z.literal('tertiles') }),
  z.object({ method: z.literal('quantiles'), probs: z.array(z.number().gt(0).lt(1)).min(1) }),
  z.object({ method: z.literal('optimal'), minProp: z.number().gt(0).lt(0.5).default(0.1), maxProp: z.number().gt(0.5).lt(1).default(0.9) }),
]);
/** How risk-group cut-offs are learned on the training rows: median (2 groups), tertiles (3), given quantiles, or the maximally selected log-rank cut (`optimal`). @see maxstat::maxstat.test */
export type CutoffMethod = z.input<typeof cutoffMethodSchema>;

/** Frozen cut-offs, learned once. */
export interface RiskCutoffs {
  readonly method: z.output<typeof cutoffMethodSchema>;
  /** Ascending cut-offs; k cut-offs give k + 1 groups. */
  readonly cutoffs: readonly number[];
  /** Group labels, lowest risk first. */
  readonly labels: readonly string[];
  readonly rule: 'score <= cutoff goes to the lower group';
  /** Rows the cut-offs were learned from. */
  readonly nTraining: number;
  /** For 'optimal': the scan over candidate cut-offs (training data only). */
  readonly optimal: MaxSelectedLogRank | null;
}

/** Risk groups of a cohort: a `Grouping` (levels lowest risk first) plus the cut-offs used. */
export interface RiskGroups extends Grouping {
  readonly cutoffs: readonly number[];
  /** Rows per group. */
  readonly counts: Int32Array;
}

function defaultLabels(k: number): string[] {
  if (k === 2) return ['low', 'high'];
  if (k === 3) return ['low', 'intermediate', 'high'];
  return Array.from({ length: k }, (_, j) => `group${j + 1}`);
}

function scoreIssues(score: ArrayLike<number>, path: string): Issue[] {
  const issues: Issue[] = [];
  if (score.length === 0) issues.push(issueError('empty_data', [path], 'no scores', { expected: 'at least one score' }));
  for (let i = 0; i < score.length; i++) {
    if (!Number.isFinite(score[i])) issues.push(issueError('non_finite', [path, i], `score ${i + 1} is not a finite number`, { expected: 'a finite risk score', received: String(score[i]) }));
  }
  return issues;
}

/**
 * Learn cut-offs from training scores. 'median' / 'tertiles' / 'quantiles' use R type-7
 * quantiles of `score` at 0.5 / (1/3, 2/3) / `probs`. 'optimal' maximises the two-group log-rank
 * chi-square over candidate cut-offs (distinct scores between the minProp and maxProp quantiles)
 * using `trainingOutcome` (same rows as `score`) and nothing else; the result reports the selected
 * statistic and the Lausen-Schumacher adjusted p-value. The returned object is frozen.
 * @see R `quantile(type = 7)`, `cut(right = TRUE)`; maxstat `maxstat.test`
 */
export function learnCutoffs(score: ArrayLike<number>, method: CutoffMethod, trainingOutcome?: SurvivalData): RiskCutoffs {
  const parsed = cutoffMethodSchema.safeParse(method);
  const issues: Issue[] = scoreIssues(score, 'score');
  if (!parsed.success) {
    for (const e of parsed.error.issues) issues.push(issueError('bad_option', ['method', ...e.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], e.message));
  } else if (parsed.data.method === 'quantiles') {
    const p = parsed.data.probs;
    for (let j = 1; j < p.length; j++) if (!(p[j] > p[j - 1])) issues.push(issueError('bad_option', ['method', 'probs', j], 'probabilities must be strictly increasing', { received: p.join(', ') }));
  } else if (parsed.data.method === 'optimal') {
    if (!trainingOutcome) issues.push(issueError('bad_option', ['trainingOutcome'], "method 'optimal' needs the training outcome", { expected: 'SurvivalData for the training rows' }));
    else if (trainingOutcome.n !== score.length) issues.push(issueError('bad_option', ['trainingOutcome'], `training outcome has ${trainingOutcome.n} rows but ${score.length} scores`, { expected: String(score.length), received: String(trainingOutcome.n) }));
  }
  throwIfErrors('learnCutoffs', issues);
  const m = parsed.data!;
  let cutoffs: number[];
  let optimal: MaxSelectedLogRank | null = null;
  if (m.method === 'optimal') {
    optimal = maxSelectedLogRank(trainingOutcome!, score, { minProp: m.minProp, maxProp: m.maxProp });
    cutoffs = [optimal.cutoff];
  } else {
    const probs = m.method === 'median' ? [0.5] : m.method === 'tertiles' ? [1 / 3, 2 / 3] : m.probs;
    cutoffs = Array.from(quantileType7(score, probs));
  }
  for (let j = 1; j < cutoffs.length; j++) {
    if (!(cutoffs[j] > cutoffs[j - 1])) {
      throw new HccError('E_INPUT', 'learnCutoffs: cut-offs are not distinct', { issues: [issueError('ties_in_time', ['score'], `cut-offs ${cutoffs.join(', ')} coincide (heavily tied score); groups would be empty`, { expected: 'strictly increasing cut-offs' })] });
    }
  }
  return Object.freeze({
    method: Object.freeze(m),
    cutoffs: Object.freeze(cutoffs),
    labels: Object.freeze(defaultLabels(cutoffs.length + 1)),
    rule: 'score <= cutoff goes to the lower group' as const,
    nTraining: score.length,
    optimal,
  });
}

/**
 * Apply frozen cut-offs: group(score) = #{cut-offs c : score > c} (0 = lowest risk).
 * Works on any cohort; nothing is re-estimated.
 * @see R base::findInterval / cut(right = TRUE)
 */
export function assignRiskGroups(score: ArrayLike<number>, cutoffs: Pick<RiskCutoffs, 'cutoffs' | 'labels'>, name = 'risk'): RiskGroups {
  throwIfErrors('assignRiskGroups', scoreIssues(score, 'score'));
  const cuts = cutoffs.cutoffs;
  const codes = new Int32Array(score.length);
  const counts = new Int32Array(cuts.length + 1);
  for (let i = 0; i < score.length; i++) {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (score[i] > cuts[mid]) lo = mid + 1;
      else hi = mid;
    }
    codes[i] = lo;
    counts[lo]++;
  }
  return { name, codes, levels: [...cutoffs.labels], cutoffs: [...cuts], counts };
}

/** One row of the risk-group summary. */
export interface RiskGroupRow {
  readonly label: string;
  readonly n: number;
  readonly events: number;
  /** Kaplan-Meier median survival and its CI (R summary(survfit)$table); null = not reached / no rows. */
  readonly median: number | null;
  readonly medianLower: number | null;
  readonly medianUpper: number | null;
  /** Cox hazard ratio vs the reference group (1 for the reference, null for an empty group). */
  readonly hr: number | null;
  readonly hrLower: number | null;
  readonly hrUpper: number | null;
  /** Wald p-value of the group's coefficient. */
  readonly p: number | null;
  readonly coef: number | null;
  readonly se: number | null;
  readonly reference: boolean;
  /**
   * Why the hazard ratio vs the reference is not estimable (null when it is, and for the reference):
   * an empty group, no events in the group or in the reference, or a possibly infinite coefficient
   * (monotone likelihood). Where set, `hr`/`hrLower`/`hrUpper`/`p` are not results.
   */
  readonly hrReason: string | null;
}

/** What `summarizeRiskGroups` returns. */
export interface RiskGroupSummary {
  readonly groups: readonly RiskGroupRow[];
  readonly logRank: { readonly chisq: number; readonly df: number; readonly p: number; readonly observed: Float64Array; readonly expected: Float64Array };
  readonly cox: { readonly converged: boolean; readonly iterations: number; readonly loglik: readonly [number, number] };
  readonly confLevel: number;
  readonly warnings: readonly Issue[];
}

/**
 * Per group: n, events, KM median with CI (log CI, R default); Cox HR of each group vs the first
 * non-empty group (Efron ties, dummy coding), CI exp(b ∓ z_{(1+level)/2} se), Wald p; log-rank
 * chi-square across the groups (df = groups with expected > 0, minus 1).
 * @see R `survfit`, `survdiff`, `coxph(Surv(time, event) ~ factor(group))`
 */
export function summarizeRiskGroups(outcome: SurvivalData, groups: Grouping, options: { confLevel?: number } = {}): RiskGroupSummary {
  const confLevel = options.confLevel ?? 0.95;
  const issues = checkGrouping(groups, outcome.n, 2);
  if (!(confLevel > 0 && confLevel < 1)) issues.push(issueError('bad_option', ['confLevel'], 'confidence level must be in (0, 1)', { received: String(confLevel) }));
  throwIfErrors('summarizeRiskGroups', issues);
  const k = groups.levels.length;
  const n = new Int32Array(k);
  const events = new Int32Array(k);
  for (let i = 0; i < outcome.n; i++) {
    n[groups.codes[i]]++;
    events[groups.codes[i]] += outcome.event[i];
  }
  const km = kaplanMeier(outcome, { groups: { name: '', codes: groups.codes, levels: groups.levels }, confLevel });
  const medianOf = new Map(km.curves.map((c) => [c.group, c.median]));
  const lr = logRankTest(outcome, { name: '', codes: groups.codes, levels: groups.levels });
  const ref = n.findIndex((m) => m > 0);
  const dummies = Array.from({ length: k }, (_, g) => g).filter((g) => g !== ref && n[g] > 0);
  const p = dummies.length;
  const x = new Float64Array(outcome.n * p);
  for (let i = 0; i < outcome.n; i++) {
    const j = dummies.indexOf(groups.codes[i]);
    if (j >= 0) x[i * p + j] = 1;
  }
  const cox = fitCoxEffects(outcome, x, p, dummies.map((g) => groups.levels[g]), confLevel);
  const rows: RiskGroupRow[] = groups.levels.map((label, g) => {
    const med = medianOf.get(label) ?? null;
    const j = dummies.indexOf(g);
    const base = { label, n: n[g], events: events[g], median: med?.median ?? null, medianLower: med?.lower ?? null, medianUpper: med?.upper ?? null, reference: g === ref };
    if (g === ref) return { ...base, hr: 1, hrLower: null, hrUpper: null, p: null, coef: 0, se: null, hrReason: null };
    if (j < 0) return { ...base, hr: null, hrLower: null, hrUpper: null, p: null, coef: null, se: null, hrReason: 'not estimable: no patients in this group' };
    const hrReason = events[g] === 0 ? 'not estimable: no events in this group (hazard ratio tends to zero)'
      : events[ref] === 0 ? `not estimable: no events in the reference group ${groups.levels[ref]} (hazard ratio tends to infinity)`
      : effectNotEstimable(cox, j);
    return { ...base, hr: cox.hr[j], hrLower: cox.lower[j], hrUpper: cox.upper[j], p: cox.p[j], coef: cox.coef[j], se: cox.se[j], hrReason };
  });
  return {
    groups: rows,
    logRank: { chisq: lr.chisq, df: lr.df, p: lr.p, observed: lr.observed, expected: lr.expected },
    cox: { converged: cox.converged, iterations: cox.iterations, loglik: cox.loglik },
    confLevel,
    warnings: [...km.warnings, ...cox.warnings],
  };
}
