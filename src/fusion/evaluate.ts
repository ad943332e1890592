import type { Table } from '../core/table.js';
import type { Split } from '../io/index.js';
import { SPLITS } from '../io/index.js';
import type { SurvivalData } from '../survival/index.js';
import type { Grouping } from '../survival/index.js';
import { assignRiskGroups, bootstrapConcordanceDifference, brierScore, kaplanMeier, subgroupAnalysis, calibrationByGroups, compareConcordanceKang, concordanceIndex, decisionCurve, integratedBrierScore, learnCutoffs, summarizeRiskGroups, timeDependentAuc } from '../survival/index.js';
import type { OutcomeColumns } from './cohort-data.js';
import { survivalOf } from './cohort-data.js';
import type { CoxFitRecord } from './cox-model.js';
import { coxRecordNomogram, nomogramTableRows } from './evaluation/cox-record-nomogram.js';
import { rocPointsOf } from './evaluation/roc-points.js';
import type { StudySubgroupLevels } from './evaluation/study-rows.js';
import { CALIBRATION_EXTRA_COLUMNS, RISK_GROUP_EXTRA_COLUMNS, TD_AUC_EXTRA_COLUMNS, calibrationRows, errorText, riskGroupRows, singleRiskGroupReason, subgroupRows, tdAucRow } from './evaluation/study-rows.js';
import type { ModelPredictions } from './fit-models.js';

/** A named table of results: columns and rows of plain values (written as CSV and JSON). */
export interface NamedTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: (string | number | null)[][];
}

/** Everything evaluated for one outcome. */
export interface OutcomeEvaluation {
  readonly tables: readonly NamedTable[];
  /** Metrics that could not be computed (e.g. a horizon beyond follow-up), one line each. */
  readonly notes: readonly string[];
}

/** What the evaluation needs besides the predictions. */
export interface EvaluationContext {
  readonly outcome: 'os' | 'pfs';
  readonly outcomeColumns: OutcomeColumns;
  readonly split: readonly Split[];
  /** Model every other model is compared with. */
  readonly referenceId: string;
  readonly cutoff: 'median' | 'tertiles';
  readonly calibrationGroups: number;
  /** Cohort table (subgroup variables); subgroups are skipped without it. */
  readonly table?: Table;
  /** Subgroup variables: categorical columns, or numeric ones split at the TRAINING median. */
  readonly subgroups?: readonly string[];
  /** Seed of the paired bootstrap of C (settings.seed); default `DEFAULT_EVALUATION_SEED`. */
  readonly seed?: number;
  /** Resamples of the paired bootstrap of C; default `DEFAULT_BOOTSTRAP_RESAMPLES`; 0 skips it. */
  readonly bootstrapResamples?: number;
  /** Cox model drawn as a nomogram (its fit must hold a Cox record); default 'mmf-cox'. */
  readonly nomogramModel?: string;
}

/** Seed of the paired bootstrap when the caller gives none (the settings' default seed). */
export const DEFAULT_EVALUATION_SEED = 1;
/** Resamples of the paired bootstrap of Harrell's C when the caller gives none. */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;

/**
 * Subgroup variables as groupings over `rows` (levels present in `rows` only): numeric columns split
 * at the training median, missing values as their own "missing" level; and per variable every level
 * the study reports (all levels of the cohort table, "missing" where `rows` have it).
 */
function subgroupGroupings(table: Table, columns: readonly string[], trainRows: readonly number[], rows: readonly number[], notes: string[]): { groupings: Grouping[]; variables: StudySubgroupLevels[] } {
  const out: Grouping[] = [];
  const variables: StudySubgroupLevels[] = [];
  for (const col of columns) {
    const cells = table.cells.get(col);
    if (!cells) {
      notes.push(`subgroup variable "${col}" is not in the cohort; left out`);
      continue;
    }
    const present = cells.filter((v) => v !== null) as string[];
    const numeric = present.length > 0 && present.every((v) => Number.isFinite(Number(v))) && new Set(present).size > 5;
    let label: (v: string | null) => string;
    let levels: string[];
    if (numeric) {
      const t = trainRows.map((r) => cells[r]).filter((v) => v !== null).map(Number).sort((a, b) => a - b);
      const m = t.length ? (t[(t.length - 1) >> 1] + t[t.length >> 1]) / 2 : NaN;
      const fmtM = Number(m.toPrecision(4));
      levels = [`<= ${fmtM}`, `> ${fmtM}`, 'missing'];
      label = (v) => (v === null ? 'missing' : Number(v) <= m ? levels[0] : levels[1]);
    } else {
      levels = [...new Set(present)].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
      levels.push('missing');
      label = (v) => (v === null ? 'missing' : v);
    }
    const codes = Int32Array.from(rows, (r) => levels.indexOf(label(cells[r])));
    const used = [...new Set(codes)].sort((a, b) => a - b);
    out.push({ name: col, codes: Int32Array.from(codes, (c) => used.indexOf(c)), levels: used.map((c) => levels[c]) });
    variables.push({ name: col, levels: levels.filter((l, c) => l !== 'missing' || used.includes(c)) });
  }
  return { groupings: out, variables };
}

const Z975 = 1.959963984540054;
const DCA_THRESHOLDS = Array.from({ length: 19 }, (_, k) => (k + 1) * 0.05);

function table(name: string, columns: string[]): NamedTable {
  return { name, columns, rows: [] };
}

/** Rows of `split` scored by every given model, with a usable outcome. */
function scoredRows(ctx: EvaluationContext, split: Split, models: readonly ModelPredictions[]): number[] {
  const out: number[] = [];
  for (let r = 0; r < ctx.split.length; r++) {
    if (ctx.split[r] !== split || !Number.isFinite(ctx.outcomeColumns.time[r]) || ctx.outcomeColumns.event[r] > 1) continue;
    if (models.every((m) => m.risk[r] !== null && m.risk[r] !== undefined)) out.push(r);
  }
  return out;
}

function attempt(notes: string[], what: string, f: () => void): void {
  try {
    f();
  } catch (err) {
    notes.push(`${what}: not computed (${errorText(err)})`);
  }
}

/**
 * Evaluate every model on every cohort: Harrell's C with 95 % CI (infinitesimal-jackknife SE),
 * compareC of each model against the reference (difference, z, p, relative improvement
 * (C_ref − C_m)/C_m) with a seeded paired bootstrap of the same difference (percentile CI, p),
 * time-dependent AUC at the horizons (IPCW, timeROC; Wald CI truncated to [0, 1], cases and
 * controls, flagged unreliable under 5 of either) with its ROC curve points, Brier score and IBS,
 * calibration by quantile groups (every group kept with n and a note where the observed estimate is
 * missing), decision curves (net benefit at thresholds 0.05–0.95), and risk groups with cut-offs
 * learned on TRAINING predictions and applied unchanged elsewhere (KM medians and their difference
 * from the reference group, HR vs the reference, log-rank). Hazard ratios that are not estimable
 * (risk groups, subgroups: no events in a group, monotone likelihood) and interaction tests that are
 * not estimable are null with a reason, never reported as numbers (see evaluation/study-rows.ts).
 * Landmark models are evaluated on their landmark population with times
 * from the landmark; their comparison with the reference uses the same patients and times.
 * The Cox model `nomogramModel` (MMF) is also drawn as an rms-style nomogram (`nomogram_points`,
 * `nomogram_totals`).
 * @see R survival `concordance`, compareC `compareC`, timeROC, riskRegression `Score`, rms `groupkm`, dcurves `dca`
 */
export function evaluateOutcome(models: readonly ModelPredictions[], ctx: EvaluationContext): OutcomeEvaluation {
  const notes: string[] = [];
  const disc = table('discrimination', ['outcome', 'model', 'label', 'cohort', 'n', 'events', 'c_index', 'se', 'ci_lower', 'ci_upper']);
  const comp = table('comparisons', ['outcome', 'model', 'reference', 'cohort', 'n', 'c_model', 'c_reference', 'difference', 'relative_improvement', 'z', 'p', 'boot_difference', 'boot_ci_lower', 'boot_ci_upper', 'boot_p', 'boot_resamples', 'boot_seed']);
  const auc = table('td_auc', ['outcome', 'model', 'cohort', 'horizon_months', 'auc', 'se', 'ci_lower', 'ci_upper', 'cases', 'controls', ...TD_AUC_EXTRA_COLUMNS]);
  const roc = table('roc_curves', ['outcome', 'model', 'cohort', 'horizon_months', 'point', 'threshold', 'fpr', 'tpr']);
  const nomoPoints = table('nomogram_points', ['outcome', 'model', 'variable', 'value', 'beta_x', 'points']);
  const nomoTotals = table('nomogram_totals', ['outcome', 'model', 'total_points', 'linear_predictor', 'horizon_months', 'baseline_survival', 'survival']);
  const seed = ctx.seed ?? DEFAULT_EVALUATION_SEED;
  const resamples = ctx.bootstrapResamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const brier = table('brier', ['outcome', 'model', 'cohort', 'horizon_months', 'brier', 'se', 'null_brier', 'ibs_to_horizon']);
  const calib = table('calibration', ['outcome', 'model', 'cohort', 'horizon_months', 'group', 'n', 'mean_predicted', 'observed', 'ci_lower', 'ci_upper', ...CALIBRATION_EXTRA_COLUMNS]);
  const dca = table('decision_curve', ['outcome', 'model', 'cohort', 'horizon_months', 'threshold', 'net_benefit', 'net_benefit_all']);
  const subgroups = table('subgroups', ['outcome', 'model', 'cohort', 'variable', 'level', 'label', 'exposed', 'n', 'events', 'hr', 'hr_lower', 'hr_upper', 'p', 'reason']);
  const interactions = table('subgroup_interactions', ['outcome', 'model', 'cohort', 'variable', 'levels', 'chisq', 'df', 'p', 'reason']);
  const km = table('km_curves', ['outcome', 'model', 'cohort', 'group', 'time_months', 'surv', 'lower', 'upper', 'n_risk', 'n_event', 'n_censor']);
  const groups = table('risk_groups', ['outcome', 'model', 'cohort', 'cutoffs', 'group', 'n', 'events', 'median_months', 'hr', 'hr_lower', 'hr_upper', 'hr_p', 'logrank_p', ...RISK_GROUP_EXTRA_COLUMNS]);
  const ref = models.find((m) => m.id === ctx.referenceId) ?? null;
  if (!ref) notes.push(`reference model "${ctx.referenceId}" was not fitted; comparisons are skipped`);
  for (const m of models) {
    const shift = m.landmarkMonths ?? 0;
    const trainRows = scoredRows(ctx, 'training', [m]);
    let cutoffs: number[] | null = null;
    attempt(notes, `${m.id} cut-offs`, () => {
      cutoffs = [...learnCutoffs(trainRows.map((r) => m.risk[r]!), { method: ctx.cutoff }).cutoffs];
    });
    for (const split of SPLITS) {
      const rows = scoredRows(ctx, split, [m]);
      if (rows.length < 2) continue;
      const data: SurvivalData = survivalOf(ctx.outcomeColumns, rows, shift);
      const risk = rows.map((r) => m.risk[r]!);
      const events = data.event.reduce((a, e) => a + e, 0);
      attempt(notes, `${m.id} ${split} C-index`, () => {
        const c = concordanceIndex(data, risk);
        if (!c.ok) throw new Error(c.issues[0].message);
        const v = c.value;
        // Wald interval, truncated to the [0, 1] range a concordance can take (small cohorts).
        disc.rows.push([ctx.outcome, m.id, m.label, split, rows.length, events, v.concordance, v.se, Math.max(0, v.concordance - Z975 * v.se), Math.min(1, v.concordance + Z975 * v.se)]);
      });
      if (ref && m.id !== ref.id) {
        attempt(notes, `${m.id} vs ${ref.id} ${split}`, () => {
          const both = scoredRows(ctx, split, [m, ref]);
          const d = survivalOf(ctx.outcomeColumns, both, shift);
          const k = compareConcordanceKang(d, both.map((r) => ref.risk[r]!), both.map((r) => m.risk[r]!));
          if (!k.ok) throw new Error(k.issues[0].message);
          const v = k.value;
          // Paired bootstrap of C_ref − C_model on the same rows (Harrell's C), seeded: every comparison of a cohort draws the same resamples.
          let boot: (number | null)[] = [null, null, null, null, null, null];
          if (resamples >= 2) {
            const bt = bootstrapConcordanceDifference(d, both.map((r) => ref.risk[r]!), both.map((r) => m.risk[r]!), { seed, resamples });
            if (bt.ok) boot = [bt.value.difference, bt.value.ciLower, bt.value.ciUpper, bt.value.p, bt.value.resamples, seed];
            else notes.push(`${m.id} vs ${ref.id} ${split} bootstrap: not computed (${bt.issues[0].message})`);
          }
          comp.rows.push([ctx.outcome, m.id, ref.id, split, both.length, v.concordance2, v.concordance1, v.difference, v.difference / v.concordance2, v.z, v.p, ...boot]);
        });
      }
      if (m.horizonsMonths.length) attempt(notes, `${m.id} ${split} td-AUC`, () => {
        const a = timeDependentAuc(data, risk, { times: [...m.horizonsMonths], roc: true });
        if (!a.ok) throw new Error(a.issues[0].message);
        for (const pt of a.value.points) {
          auc.rows.push(tdAucRow([ctx.outcome, m.id, split, pt.timeDays], pt));
          // The cumulative/dynamic ROC curve whose trapezoid area is this AUC (runs of one kind thinned, area kept).
          const c = rocPointsOf(pt, risk);
          if (c) c.fpr.forEach((f, q) => roc.rows.push([ctx.outcome, m.id, split, pt.timeDays, q, c.threshold[q], f, c.tpr[q]]));
        }
      });
      // A score without predicted survival (e.g. the synthetic ceiling) gets discrimination only.
      const hasSurvival = m.horizonsMonths.length > 0 && m.horizonsMonths.every((h) => m.survival[String(h)] !== undefined);
      const riskAt = hasSurvival ? m.horizonsMonths.map((h) => ({ timeDays: h, risk: rows.map((r) => 1 - (m.survival[String(h)][r] ?? NaN)) })) : [];
      const finite = hasSurvival && riskAt.every((x) => x.risk.every((v) => Number.isFinite(v)));
      if (finite) {
        attempt(notes, `${m.id} ${split} Brier`, () => {
          const b = brierScore(data, riskAt);
          if (!b.ok) throw new Error(b.issues[0].message);
          // IBS over [0, horizon] by the trapezoid rule on the horizon grid (BS(0) = 0).
          const ibs = integratedBrierScore(b.value.model.map((x) => x.timeDays), b.value.model.map((x) => x.brier), 'trapezoid');
          b.value.model.forEach((x, q) => brier.rows.push([ctx.outcome, m.id, split, x.timeDays, x.brier, x.se, b.value.nullModel?.[q].brier ?? null, ibs.ok ? ibs.value.ibs[q] : null]));
        });
        for (const h of m.horizonsMonths) {
          const surv = rows.map((r) => m.survival[String(h)][r]!);
          attempt(notes, `${m.id} ${split} calibration at ${h}`, () => {
            const c = calibrationByGroups(data, surv, { horizonDays: h, groups: ctx.calibrationGroups });
            if (!c.ok) throw new Error(c.issues[0].message);
            calib.rows.push(...calibrationRows([ctx.outcome, m.id, split, h], c.value, h));
          });
          attempt(notes, `${m.id} ${split} decision curve at ${h}`, () => {
            const d = decisionCurve(data, [{ name: m.id, risk: surv.map((s) => 1 - s) }], { horizonDays: h, thresholds: DCA_THRESHOLDS });
            if (!d.ok) throw new Error(d.issues[0].message);
            const all = d.value.curves.find((c) => c.variable === 'all')!;
            const mine = d.value.curves.find((c) => c.variable === m.id)!;
            DCA_THRESHOLDS.forEach((t, q) => dca.rows.push([ctx.outcome, m.id, split, h, t, mine.netBenefit[q], all.netBenefit[q]]));
          });
        }
      }
      if (cutoffs) {
        const cuts: number[] = cutoffs;
        attempt(notes, `${m.id} ${split} risk groups`, () => {
          const labels = cuts.length === 1 ? ['low', 'high'] : ['low', 'intermediate', 'high'];
          const g = assignRiskGroups(risk, { cutoffs: cuts, labels });
          const single = singleRiskGroupReason(g.counts, labels, cuts, trainRows.map((r) => m.risk[r]!), ctx.cutoff);
          if (single) throw new Error(single);
          const s = summarizeRiskGroups(data, g);
          groups.rows.push(...riskGroupRows([ctx.outcome, m.id, split, cuts.join(';')], s));
          if (m.id !== ctx.referenceId) return;
          // The reference model (MMF) only: KM curves by risk group and the subgroup forest.
          attempt(notes, `${m.id} ${split} KM by risk group`, () => {
          const k = kaplanMeier(data, { groups: g });
          for (const curve of k.curves) {
            for (let q = 0; q < curve.time.length; q++) {
              const fin = (v: number) => (Number.isFinite(v) ? v : null);
              km.rows.push([ctx.outcome, m.id, split, curve.group ?? curve.label, curve.time[q], curve.surv[q], fin(curve.lower[q]), fin(curve.upper[q]), curve.nRisk[q], curve.nEvent[q], curve.nCensor[q]]);
            }
          }
          });
          if (!ctx.table || !ctx.subgroups?.length) return;
          const tab = ctx.table;
          const vars = ctx.subgroups;
          attempt(notes, `${m.id} ${split} subgroups`, () => {
          const by = subgroupGroupings(tab, vars, trainRows, rows, split === 'training' ? notes : []);
          const a = subgroupAnalysis(data, g, by.groupings);
          const out = subgroupRows([ctx.outcome, m.id, split], a, by.variables);
          subgroups.rows.push(...out.rows);
          interactions.rows.push(...out.interactions);
          });
        });
      }
    }
  }
  const nomoId = ctx.nomogramModel ?? 'mmf-cox';
  const nomoModel = models.find((m) => m.id === nomoId);
  const rec = (nomoModel?.fit as { cox?: CoxFitRecord } | null | undefined)?.cox;
  if (nomoModel && rec && ctx.table) {
    const tab = ctx.table;
    attempt(notes, `${nomoId} nomogram`, () => {
      const nm = coxRecordNomogram(rec, tab, scoredRows(ctx, 'training', [nomoModel]), nomoModel.horizonsMonths);
      const r = nomogramTableRows(ctx.outcome, nomoId, nm);
      nomoPoints.rows.push(...r.points);
      nomoTotals.rows.push(...r.totals);
    });
  } else if (nomoModel) notes.push(`${nomoId} nomogram: not drawn (${rec ? 'no cohort table' : 'not a Cox model'})`);
  return { tables: [disc, comp, auc, roc, brier, calib, dca, groups, km, subgroups, interactions, nomoPoints, nomoTotals], notes };
}
