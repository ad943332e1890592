import type { Table } from '../core/table.js';
import { throwIfErrors } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { sha256 } from '../core/provenance.js';
import { VERSION } from '../core/version.js';
import type { DesignTermSpec, DroppedRow, Grouping } from '../survival/index.js';
import {
  assignRiskGroups,
  concordanceIndex,
  coxZph,
  fitCox,
  groupingFromColumn,
  kaplanMeier,
  learnCutoffs,
  logRankTest,
  parseSurvivalDesign,
  summarizeRiskGroups,
  timeDependentAuc,
} from '../survival/index.js';
import type { ForestRow } from './figures/forest-plot.js';
import { forestPlotSpec } from './figures/forest-plot.js';
import type { KmCurveInput } from './figures/km-plot.js';
import { kmPlotSpec } from './figures/km-plot.js';
import { renderSvg } from './figures/render-svg.js';

/** What to analyse in a table of survival data. */
export interface SurvivalAnalysisSpec {
  readonly time: string;
  readonly event: string;
  /** Column defining the groups compared by Kaplan-Meier and the log-rank test. */
  readonly group: string;
  /** Cox model covariates (numeric unless listed in `factors`). */
  readonly covariates: readonly string[];
  /** Factor covariates and their reference levels (undefined = first level). */
  readonly factors?: Readonly<Record<string, string | undefined>>;
  /** Horizons for time-dependent AUC, in the time unit. */
  readonly horizons: readonly number[];
  /** Name of the time unit for labels, e.g. 'days'. */
  readonly timeUnit: string;
  /** Raw bytes of the input (for the SHA-256 in the provenance); optional. */
  readonly inputBytes?: string | Uint8Array;
}

/** Everything the survival analysis produced, named, with provenance. */
export interface SurvivalAnalysisResult {
  readonly input: { readonly source: string; readonly sha256: string | null; readonly summary: string; readonly dropped: readonly DroppedRow[] };
  readonly kaplanMeier: readonly { group: string; n: number; events: number; median: number | null; lower: number | null; upper: number | null }[];
  readonly kmCurves: ReturnType<typeof kaplanMeier>;
  readonly logRank: { chisq: number; df: number; p: number; groups: readonly string[]; observed: number[]; expected: number[] };
  readonly cox: ReturnType<typeof fitCox>;
  readonly zph: ReturnType<typeof coxZph>;
  readonly concordance: { c: number; se: number; concordant: number; discordant: number; tiedRisk: number; tiedTime: number };
  readonly tdAuc: readonly { horizon: number; auc: number | null; se: number | null; lower: number | null; upper: number | null; cases: number; controls: number }[];
  readonly riskGroups: ReturnType<typeof summarizeRiskGroups>;
  readonly figures: { readonly kmSvg: string; readonly riskGroupSvg: string; readonly forestSvg: string };
  readonly warnings: readonly Issue[];
  readonly provenance: { readonly spec: Omit<SurvivalAnalysisSpec, 'inputBytes'>; readonly version: string; readonly node: string; readonly date: string };
}

function curvesForPlot(km: ReturnType<typeof kaplanMeier>): KmCurveInput[] {
  return km.curves.map((c) => {
    const censorTimes: number[] = [];
    for (let k = 0; k < c.time.length; k++) if (c.nCensor[k] > 0) censorTimes.push(c.time[k]);
    return { group: c.label, time: c.time, surv: c.surv, lower: c.lower, upper: c.upper, censorTimes, nRisk: c.nRisk };
  });
}

/**
 * A standard survival analysis of one table, as a statistician would run it in R: Kaplan-Meier by
 * group with medians, log-rank test, a Cox model with hazard ratios and the proportional-hazards
 * test, the model's discrimination (Harrell's C, time-dependent AUC) and risk groups split at the
 * median linear predictor; with KM and forest plots. All on the same complete cases.
 */
export async function analyseSurvival(table: Table, spec: SurvivalAnalysisSpec): Promise<SurvivalAnalysisResult> {
  const terms: DesignTermSpec[] = spec.covariates.map((column) =>
    spec.factors && column in spec.factors ? { column, kind: 'factor', reference: spec.factors[column] } : { column },
  );
  const parsed = parseSurvivalDesign(table, { time: spec.time, event: spec.event, alsoRequire: [spec.group] }, terms);
  if (!parsed.ok) throwIfErrors(table.source, parsed.issues);
  if (!parsed.ok) throw new Error('unreachable');
  const { survival, design } = parsed.value;
  const data = survival.data;
  const warnings: Issue[] = [...parsed.warnings];

  const grouping = groupingFromColumn(table, spec.group, data);
  if (!grouping.ok) throwIfErrors(`${table.source}: group column`, grouping.issues);
  const groups = (grouping as { value: Grouping }).value;
  const km = kaplanMeier(data, { groups });
  const lr = logRankTest(data, groups);

  const fit = fitCox(data, design.x, design.names, { ties: 'efron', terms: design.terms });
  warnings.push(...fit.diagnostics.warnings);
  const zph = coxZph(fit.model, { transform: 'km' });
  const lp = fit.model.linearPredictors;
  const cRes = concordanceIndex(data, lp);
  if (!cRes.ok) throwIfErrors('concordance', cRes.issues);
  const c = (cRes as { value: { concordance: number; se: number; counts: { concordant: number; discordant: number; tiedX: number; tiedY: number } } }).value;
  const auc = timeDependentAuc(data, lp, { times: [...spec.horizons] });
  if (!auc.ok) throwIfErrors('time-dependent AUC', auc.issues);
  const aucPoints = auc.ok ? auc.value.points : [];

  const cut = learnCutoffs(lp, { method: 'median' });
  const rg = assignRiskGroups(lp, cut, 'Cox risk');
  const rgSummary = summarizeRiskGroups(data, rg);
  const rgKm = kaplanMeier(data, { groups: rg });

  const unit = spec.timeUnit;
  const kmSvg = await renderSvg(
    kmPlotSpec(curvesForPlot(km), { title: `Kaplan-Meier by ${spec.group}`, subtitle: `log-rank chi-square ${lr.chisq.toFixed(2)} on ${lr.df} df, p = ${lr.p.toPrecision(3)}`, timeLabel: `Time (${unit})`, band: true }),
  );
  const riskGroupSvg = await renderSvg(
    kmPlotSpec(curvesForPlot(rgKm), { title: 'Risk groups (median Cox linear predictor)', subtitle: `log-rank p = ${rgSummary.logRank.p.toPrecision(3)}`, timeLabel: `Time (${unit})`, band: true }),
  );
  const forest: ForestRow[] = fit.model.coefficients
    .filter((co) => co.hazardRatio !== null)
    .map((co) => ({ label: co.name, estimate: co.hazardRatio as number, lower: co.lower95 as number, upper: co.upper95 as number, note: `p = ${(co.p as number).toPrecision(2)}` }));
  const forestSvg = await renderSvg(forestPlotSpec(forest, { title: 'Cox model: hazard ratios (95% CI)' }));

  const { inputBytes, ...specRest } = spec;
  return {
    input: { source: table.source, sha256: inputBytes !== undefined ? sha256(inputBytes) : null, summary: survival.summary, dropped: survival.dropped },
    kaplanMeier: km.curves.map((cv) => ({ group: cv.label, n: cv.records, events: cv.events, median: cv.median.median, lower: cv.median.lower, upper: cv.median.upper })),
    kmCurves: km,
    logRank: { chisq: lr.chisq, df: lr.df, p: lr.p, groups: groups.levels, observed: Array.from(lr.observed), expected: Array.from(lr.expected) },
    cox: fit,
    zph,
    concordance: { c: c.concordance, se: c.se, concordant: c.counts.concordant, discordant: c.counts.discordant, tiedRisk: c.counts.tiedX, tiedTime: c.counts.tiedY },
    tdAuc: aucPoints.map((pt) => ({ horizon: pt.timeDays, auc: pt.auc, se: pt.se, lower: pt.ci95Lower, upper: pt.ci95Upper, cases: pt.nCases, controls: pt.nControls })),
    riskGroups: rgSummary,
    figures: { kmSvg, riskGroupSvg, forestSvg },
    warnings,
    provenance: { spec: specRest, version: VERSION, node: process.version, date: new Date().toISOString() },
  };
}
