import type { FittedModel } from './types.js';

/** One risk group as an interval of the score: above `above` (exclusive) and at most `atMost` (inclusive); null: unbounded. */
export interface RiskGroupInterval {
  readonly label: string;
  readonly above: number | null;
  readonly atMost: number | null;
}

/** How `mmf predict` assigns a model's risk group, for readers of its output (text and JSON). */
export interface RiskGroupRule {
  /** Predictions column the cut-offs apply to (always `linear_predictor`). */
  readonly column: 'linear_predictor';
  /** What that column holds for this model: `linear predictor` (Cox) or `forest mortality` (`mmf-rsf`). */
  readonly score: string;
  /** How the cut-offs were learned on the training patients' scores: `median` or `tertiles`. */
  readonly method: string;
  /** Full-precision cut-offs, ascending. */
  readonly cutoffs: readonly number[];
  /** Training patients whose scores gave the cut-offs. */
  readonly nTraining: number;
  /** group = labels[#{c : score > c}], as intervals. */
  readonly groups: readonly RiskGroupInterval[];
  /** The rule in words, e.g. "high risk when the linear predictor > 0.4121 (the training median, 80 patients), else low risk". */
  readonly rule: string;
}

const show = (v: number, digits: number): string => String(Number(v.toPrecision(digits)));

/**
 * The risk-group rule of a fitted model: its training cut-off(s) (`riskGroups`, learned by
 * `learnCutoffs` on the training patients' scores, the study's `risk_groups`) and the rule
 * group = labels[#{c : score > c}], i.e. with the median "high when score > c, else low", with
 * tertiles c1 < c2 "low when score ≤ c1, intermediate when ≤ c2, high when > c2". Null when the
 * model has no risk groups (its `risk_group` is NA). `digits`: significant digits of the cut-offs
 * in `rule` (the numbers in `cutoffs` / `groups` are full precision).
 */
export function riskGroupRuleOf(m: FittedModel, digits = 4): RiskGroupRule | null {
  const g = m.riskGroups;
  if (g === null) return null;
  const score = m.kind === 'forest' ? 'forest mortality' : 'linear predictor';
  const groups = g.labels.map((label, k) => ({ label, above: k > 0 ? g.cutoffs[k - 1] : null, atMost: k < g.cutoffs.length ? g.cutoffs[k] : null }));
  const from = m.kind === 'forest' ? `the training ${g.method} of ${g.nTraining} patients' out-of-bag mortalities` : `the training ${g.method}, ${g.nTraining} patients`;
  const c = g.cutoffs.map((v) => show(v, digits));
  const rule =
    g.cutoffs.length === 1
      ? `${g.labels[1]} risk when the ${score} > ${c[0]} (${from}), else ${g.labels[0]} risk`
      : `${g.labels[0]} risk when the ${score} <= ${c[0]}, ${g.cutoffs.slice(1).map((_, k) => `${g.labels[k + 1]} when <= ${c[k + 1]}`).join(', ')}, ${g.labels[g.labels.length - 1]} when > ${c[c.length - 1]} (${from})`;
  return { column: 'linear_predictor', score, method: g.method, cutoffs: [...g.cutoffs], nTraining: g.nTraining, groups, rule };
}
