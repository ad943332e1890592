import { chiSquareSf } from '../../core/distributions.js';
import { throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Grouping } from '../grouping.js';
import { checkGrouping } from '../grouping.js';
import type { SurvivalData } from '../outcome.js';
import { subsetSurvival } from '../outcome.js';
import { effectNotEstimable, fitCoxEffects } from './cox-effects.js';

/**
 * Subgroup analysis for a forest plot: the hazard ratio of an exposure (treatment arm, or e.g.
 * high vs low predicted risk) overall and within each level of each subgrouping variable, plus a
 * likelihood-ratio test of exposure × subgroup interaction per variable.
 */

/** One forest-plot row (plain data; the report stage draws it). */
export interface SubgroupRow {
  /** "Overall" or "variable = level" (with " : exposed vs reference" for multi-level exposures). */
  readonly label: string;
  /** Subgrouping variable and level; null for the overall row. */
  readonly variable: string | null;
  readonly level: string | null;
  /** Exposure level compared with the reference level. */
  readonly exposed: string;
  /** Hazard ratio exp(b) and its CI exp(b ∓ z se); null when not estimable in this subgroup. */
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly n: number;
  readonly events: number;
  /** Wald p-value 2 Φ(−|b/se|). */
  readonly p: number | null;
  readonly coef: number | null;
  readonly se: number | null;
  readonly converged: boolean;
  /**
   * Why the hazard ratio is not estimable in this subgroup (null when it is): patients in one
   * exposure level only, no events, no events in one exposure level, or a possibly infinite
   * coefficient (monotone likelihood). Where set, `estimate`/`lower`/`upper`/`p` (kept as the fit
   * gave them, or null when there was no fit) are not results and should not be reported.
   */
  readonly reason: string | null;
}

/** Exposure × subgroup interaction likelihood-ratio test for one variable. */
export interface SubgroupInteraction {
  readonly variable: string;
  readonly levels: readonly string[];
  readonly loglikMain: number;
  readonly loglikInteraction: number;
  /** 2 (ℓ_interaction − ℓ_main). */
  readonly chisq: number;
  /** Estimable interaction columns ((exposure levels − 1)(subgroup levels − 1) when every cell has rows). */
  readonly df: number;
  readonly p: number;
  /**
   * Why the test is not meaningful (null when it is): no estimable interaction column (df 0), a level
   * whose hazard ratio is not estimable, an interaction column aliased or possibly infinite, or a fit
   * that did not converge. Where set, `chisq`/`p` are not results (p is 1 when df is 0).
   */
  readonly reason: string | null;
}

/** What `subgroupAnalysis` returns. */
export interface SubgroupAnalysis {
  readonly exposure: { readonly name: string; readonly reference: string; readonly levels: readonly string[] };
  readonly rows: readonly SubgroupRow[];
  readonly interactions: readonly SubgroupInteraction[];
  readonly confLevel: number;
  readonly warnings: readonly Issue[];
}

/** "1 patient" / "k patients". */
const patients = (k: number) => `${k} patient${k === 1 ? '' : 's'}`;

/** Dummy columns (reference = level 0) of `g` over `rows`, dropping levels without rows. */
function dummies(g: Grouping, rows: ArrayLike<number>): { cols: number[]; present: boolean[] } {
  const present = new Array<boolean>(g.levels.length).fill(false);
  for (let k = 0; k < rows.length; k++) present[g.codes[rows[k]]] = true;
  const cols: number[] = [];
  for (let l = 1; l < g.levels.length; l++) if (present[l]) cols.push(l);
  return { cols, present };
}

/**
 * Hazard ratios of `exposure` (reference = its first level) overall and within each level of every
 * grouping in `by`, each from coxph(Surv ~ exposure) on that subset (Efron ties); and per `by`
 * variable the LRT 2(ℓ₁ − ℓ₀) of coxph(~ exposure * by) vs coxph(~ exposure + by) on all rows,
 * df = number of estimable interaction columns.
 * @see R `survival::coxph`, `anova(fit0, fit1)`; forest plots as in CONSORT subgroup reporting
 */
export function subgroupAnalysis(outcome: SurvivalData, exposure: Grouping, by: readonly Grouping[], options: { confLevel?: number; overall?: boolean } = {}): SubgroupAnalysis {
  const confLevel = options.confLevel ?? 0.95;
  const issues: Issue[] = checkGrouping(exposure, outcome.n, 2, ['exposure']);
  by.forEach((g, j) => issues.push(...checkGrouping(g, outcome.n, 1, ['by', j])));
  if (!(confLevel > 0 && confLevel < 1)) issues.push(issueError('bad_option', ['confLevel'], 'confidence level must be in (0, 1)', { received: String(confLevel) }));
  throwIfErrors('subgroupAnalysis', issues);
  const warnings: Issue[] = [];
  const all = Int32Array.from({ length: outcome.n }, (_, i) => i);
  const rows: SubgroupRow[] = [];

  const rowsFor = (subset: Int32Array, variable: string | null, level: string | null): void => {
    const data = subset.length === outcome.n ? outcome : subsetSurvival(outcome, subset);
    let events = 0;
    for (let k = 0; k < data.n; k++) events += data.event[k];
    const { cols, present } = dummies(exposure, subset);
    const prefix = variable === null ? 'Overall' : `${variable} = ${level}`;
    const fit = present[0] && cols.length > 0 && events > 0 ? fitCoxEffects(data, designOf(subset, [{ g: exposure, cols }]), cols.length, cols.map((l) => exposure.levels[l]), confLevel) : null;
    if (fit) warnings.push(...fit.warnings.map((w) => ({ ...w, path: [prefix, ...w.path] })));
    const nOf = new Array<number>(exposure.levels.length).fill(0);
    const eventsOf = new Array<number>(exposure.levels.length).fill(0);
    for (let k = 0; k < subset.length; k++) {
      nOf[exposure.codes[subset[k]]]++;
      eventsOf[exposure.codes[subset[k]]] += outcome.event[subset[k]];
    }
    const who = (l: number) => `${exposure.name ? `${exposure.name} = ` : ''}${exposure.levels[l]}`;
    for (let l = 1; l < exposure.levels.length; l++) {
      const j = cols.indexOf(l);
      const label = exposure.levels.length > 2 ? `${prefix} : ${exposure.levels[l]} vs ${exposure.levels[0]}` : prefix;
      const ok = fit !== null && j >= 0;
      let reason: string | null = null;
      if (!present[0] || j < 0) {
        const only = nOf.findIndex((m) => m === data.n);
        reason = only >= 0 ? `not estimable: ${data.n === 1 ? 'the only patient has' : `all ${data.n} patients have`} ${who(only)}` : `not estimable: no patients with ${who(nOf[0] === 0 ? 0 : l)}`;
      } else if (events === 0) reason = `not estimable: no events among the ${patients(data.n)}`;
      else if (eventsOf[0] === 0 || eventsOf[l] === 0) {
        const none = eventsOf[0] === 0 ? 0 : l;
        reason = `not estimable: no events among the ${patients(nOf[none])} with ${who(none)} (hazard ratio infinite or zero)`;
      } else if (fit) reason = effectNotEstimable(fit, j);
      if (!ok) warnings.push(issueWarning('single_group', [prefix, exposure.name], `${prefix}: hazard ratio of ${exposure.levels[l]} vs ${exposure.levels[0]} not estimable (a level without rows, or no events)`, { expected: 'rows in both exposure levels and at least one event' }));
      rows.push({
        label, variable, level, exposed: exposure.levels[l], n: data.n, events,
        estimate: ok ? fit.hr[j] : null, lower: ok ? fit.lower[j] : null, upper: ok ? fit.upper[j] : null,
        p: ok ? fit.p[j] : null, coef: ok ? fit.coef[j] : null, se: ok ? fit.se[j] : null, converged: ok ? fit.converged : false,
        reason,
      });
    }
  };

  if (options.overall !== false) rowsFor(all, null, null);
  const interactions: SubgroupInteraction[] = [];
  for (const g of by) {
    const members: number[][] = g.levels.map(() => []);
    for (let i = 0; i < outcome.n; i++) members[g.codes[i]].push(i);
    const firstRow = rows.length;
    g.levels.forEach((level, l) => {
      if (members[l].length > 0) rowsFor(Int32Array.from(members[l]), g.name, level);
    });
    const unestimable = [...new Set(rows.slice(firstRow).filter((r) => r.reason !== null).map((r) => r.level))];
    const e = dummies(exposure, all).cols;
    const s = dummies(g, all).cols;
    if (s.length === 0) continue; // one observed level: no interaction to test
    const main = designOf(all, [{ g: exposure, cols: e }, { g, cols: s }]);
    const pMain = e.length + s.length;
    // Interaction columns that are not identically zero (R would give them NA coefficients).
    const inter: [number, number][] = [];
    for (const a of e) for (const b of s) if (all.some((i) => exposure.codes[i] === a && g.codes[i] === b)) inter.push([a, b]);
    const pInt = pMain + inter.length;
    const full = new Float64Array(outcome.n * pInt);
    for (let i = 0; i < outcome.n; i++) {
      for (let c = 0; c < pMain; c++) full[i * pInt + c] = main[i * pMain + c];
      inter.forEach(([a, b], c) => (full[i * pInt + pMain + c] = exposure.codes[i] === a && g.codes[i] === b ? 1 : 0));
    }
    const names = [...e.map((l) => `${exposure.name}=${exposure.levels[l]}`), ...s.map((l) => `${g.name}=${g.levels[l]}`)];
    const f0 = fitCoxEffects(outcome, main, pMain, names, confLevel);
    const f1 = fitCoxEffects(outcome, full, pInt, [...names, ...inter.map(([a, b]) => `${exposure.levels[a]}:${g.levels[b]}`)], confLevel);
    warnings.push(...f0.warnings, ...f1.warnings);
    const chisq = Math.max(0, 2 * (f1.loglik[1] - f0.loglik[1]));
    const df = inter.length;
    let reason: string | null = null;
    const interCols = inter.map((_, c) => pMain + c);
    if (df === 0) reason = `not estimable: no interaction term can be estimated (within each level of ${g.name} the patients are in one ${exposure.name || 'exposure'} group)`;
    else if (unestimable.length) reason = `not estimable: the hazard ratio is not estimable within ${g.name} = ${unestimable.join(', ')}`;
    else if (interCols.some((c) => f1.aliased[c])) reason = 'not estimable: an interaction term is collinear with the main effects';
    else if (interCols.some((c) => f1.infinite[c]) || !f0.converged || !f1.converged) reason = 'not estimable: an interaction coefficient tends to infinity (monotone likelihood) or the fit did not converge';
    interactions.push({ variable: g.name, levels: g.levels, loglikMain: f0.loglik[1], loglikInteraction: f1.loglik[1], chisq, df, p: df > 0 ? chiSquareSf(chisq, df) : 1, reason });
  }
  return { exposure: { name: exposure.name, reference: exposure.levels[0], levels: exposure.levels }, rows, interactions, confLevel, warnings };
}

/** Row-major design of dummy columns for the given groupings over `rows`. */
function designOf(rows: Int32Array, parts: readonly { g: Grouping; cols: readonly number[] }[]): Float64Array {
  const p = parts.reduce((s, q) => s + q.cols.length, 0);
  const x = new Float64Array(rows.length * p);
  for (let k = 0; k < rows.length; k++) {
    let c = 0;
    for (const { g, cols } of parts) {
      const code = g.codes[rows[k]];
      for (const l of cols) x[k * p + c++] = code === l ? 1 : 0;
    }
  }
  return x;
}

/** Forest-plot rows {label, estimate, lower, upper, n, events, p} for the estimable rows (report stage input; rows with a `reason` are left out). */
export function forestRows(analysis: SubgroupAnalysis): { label: string; estimate: number; lower: number; upper: number; n: number; events: number; p: number }[] {
  return analysis.rows
    .filter((r) => r.reason === null && r.estimate !== null && r.lower !== null && r.upper !== null && r.p !== null)
    .map((r) => ({ label: r.label, estimate: r.estimate!, lower: r.lower!, upper: r.upper!, n: r.n, events: r.events, p: r.p! }));
}
