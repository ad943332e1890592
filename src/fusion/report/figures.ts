import type { TopLevelSpec } from 'vega-lite';
import type { NamedTable } from '../evaluate.js';

/**
 * Figures of the study report, built from the result tables only, so a figure always shows exactly
 * the numbers written beside it. Kaplan-Meier and forest plots are returned as *requests* (plain
 * data in the shapes of the report stage's `kmPlotSpec` / `forestPlotSpec` inputs), because the
 * report stage sits downstream of fusion and is applied by the caller (the CLI) through a
 * `FigureRenderer`; the other figures are Vega-Lite specs built here.
 */

/** One KM curve (the report stage's `KmCurveInput`). */
export interface ReportKmCurve {
  readonly group: string;
  readonly time: readonly number[];
  readonly surv: readonly number[];
  readonly nRisk?: readonly number[];
  readonly censorTimes?: readonly number[];
}

/** A figure to draw: KM curves, forest rows, or a ready Vega-Lite spec. */
export type FigureRequest =
  | { readonly kind: 'km'; readonly curves: readonly ReportKmCurve[]; readonly options: { title: string; subtitle: string; timeLabel: string; width: number; height: number } }
  | { readonly kind: 'forest'; readonly rows: readonly { label: string; estimate: number; lower: number; upper: number }[]; readonly options: { title: string; width: number; labelLimit: number } }
  | { readonly kind: 'vega'; readonly spec: TopLevelSpec };

/** Turns a figure request into an SVG string and the spec it drew (saved beside the SVG). */
export type FigureRenderer = (f: FigureRequest) => Promise<{ svg: string; spec: unknown }>;

type Cell = string | number | null;

/** Rows of a named table as records, filtered by column values. */
export function recordsOf(tables: readonly NamedTable[], name: string, where: Readonly<Record<string, Cell>> = {}): Record<string, Cell>[] {
  const t = tables.find((x) => x.name === name);
  if (!t) return [];
  return t.rows
    .map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])) as Record<string, Cell>)
    .filter((rec) => Object.entries(where).every(([k, v]) => rec[k] === v));
}

const COHORT_LABEL: Readonly<Record<string, string>> = { training: 'Training', internal_validation: 'Internal validation', external_test: 'External test' };

/** Human name of a cohort id. */
export function cohortLabel(c: string): string {
  return COHORT_LABEL[c] ?? c;
}

/** Kaplan-Meier curves of the reference model's risk groups in one cohort, with numbers at risk; null without curves. */
export function kmRiskGroupFigure(tables: readonly NamedTable[], outcome: string, model: string, cohort: string): FigureRequest | null {
  const rows = recordsOf(tables, 'km_curves', { outcome, model, cohort });
  if (!rows.length) return null;
  const groups = [...new Set(rows.map((r) => String(r.group)))];
  const curves: ReportKmCurve[] = groups.map((g) => {
    const rs = rows.filter((r) => r.group === g);
    return {
      group: `${g} risk`,
      time: rs.map((r) => r.time_months as number),
      surv: rs.map((r) => r.surv as number),
      nRisk: rs.map((r) => r.n_risk as number),
      censorTimes: rs.filter((r) => (r.n_censor as number) > 0).map((r) => r.time_months as number),
    };
  });
  const lr = recordsOf(tables, 'risk_groups', { outcome, model, cohort })[0];
  const p = lr && typeof lr.logrank_p === 'number' ? `log-rank p ${pText(lr.logrank_p)}` : '';
  return { kind: 'km', curves, options: { title: `${outcome.toUpperCase()} by ${model} risk group: ${cohortLabel(cohort)}`, subtitle: p, timeLabel: 'Months', width: 420, height: 240 } };
}

/** Forest plot of high vs low risk hazard ratios within subgroups; null without rows. */
export function subgroupForestFigure(tables: readonly NamedTable[], outcome: string, model: string, cohort: string): FigureRequest | null {
  const rows = recordsOf(tables, 'subgroups', { outcome, model, cohort }).filter((r) => typeof r.hr === 'number' && typeof r.hr_lower === 'number' && typeof r.hr_upper === 'number' && Number.isFinite(r.hr_upper as number) && (r.hr_lower as number) > 0);
  if (!rows.length) return null;
  return {
    kind: 'forest',
    rows: rows.map((r) => ({ label: r.variable === null ? `Overall (n=${r.n})` : `${r.variable}: ${r.level} (${r.n})`, estimate: r.hr as number, lower: r.hr_lower as number, upper: r.hr_upper as number })),
    // Subgroup labels ("regimen: PD-(L)1+bevacizumab (54)") need more room than Vega's default 180 px.
    options: { title: `${outcome.toUpperCase()}: high vs low ${model} risk within subgroups (${cohortLabel(cohort)})`, width: 320, labelLimit: 360 },
  };
}

/** Harrell's C with 95 % CI of every model, one panel column per cohort. */
export function cIndexBarSpec(tables: readonly NamedTable[], outcome: string): TopLevelSpec | null {
  const rows = recordsOf(tables, 'discrimination', { outcome }).map((r) => ({ model: String(r.model), cohort: cohortLabel(String(r.cohort)), c: r.c_index, lo: r.ci_lower, hi: r.ci_upper }));
  if (!rows.length) return null;
  const y = { field: 'model', type: 'nominal', title: null, sort: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcome.toUpperCase()}: Harrell's C with 95% CI`,
    data: { values: rows },
    facet: { column: { field: 'cohort', type: 'nominal', title: null, sort: ['Training', 'Internal validation', 'External test'] } },
    spec: {
      width: 180,
      height: { step: 16 },
      layer: [
        { mark: { type: 'bar', color: '#8fb3d9', clip: true }, encoding: { y, x: { field: 'c', type: 'quantitative', title: 'C-index', scale: { domain: [0.4, 1] } }, x2: { datum: 0.4 } } },
        { mark: { type: 'rule', color: '#333' }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
        { mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { datum: 0.5 } } },
      ],
    },
    config: { font: 'sans-serif' },
  } as unknown as TopLevelSpec;
}

/** Calibration at one horizon: mean predicted vs Kaplan-Meier observed survival per group with CI; null without rows. */
export function calibrationSpec(tables: readonly NamedTable[], outcome: string, model: string, cohort: string, horizon: number): TopLevelSpec | null {
  const rows = recordsOf(tables, 'calibration', { outcome, model, cohort, horizon_months: horizon });
  if (!rows.length) return null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcome.toUpperCase()} calibration at ${horizon} months: ${model}, ${cohortLabel(cohort)}`,
    width: 260,
    height: 260,
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] }, title: 'Predicted survival' }, y: { field: 'y', type: 'quantitative', scale: { domain: [0, 1] }, title: 'Observed (Kaplan-Meier)' } } },
      { data: { values: rows }, mark: { type: 'rule' }, encoding: { x: { field: 'mean_predicted', type: 'quantitative' }, y: { field: 'ci_lower', type: 'quantitative' }, y2: { field: 'ci_upper' } } },
      { data: { values: rows }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x: { field: 'mean_predicted', type: 'quantitative' }, y: { field: 'observed', type: 'quantitative' } } },
    ],
    config: { font: 'sans-serif' },
  } as unknown as TopLevelSpec;
}

/** Decision curves (net benefit) of the given models at one horizon, with treat-all and treat-none; null without rows. */
export function decisionCurveSpec(tables: readonly NamedTable[], outcome: string, models: readonly string[], cohort: string, horizon: number): TopLevelSpec | null {
  const values: { strategy: string; threshold: number; nb: number }[] = [];
  let all: Record<string, Cell>[] = [];
  for (const m of models) {
    const rows = recordsOf(tables, 'decision_curve', { outcome, model: m, cohort, horizon_months: horizon });
    if (!all.length) all = rows;
    for (const r of rows) if (typeof r.net_benefit === 'number') values.push({ strategy: m, threshold: r.threshold as number, nb: r.net_benefit });
  }
  if (!values.length) return null;
  for (const r of all) if (typeof r.net_benefit_all === 'number') values.push({ strategy: 'treat all', threshold: r.threshold as number, nb: r.net_benefit_all });
  for (const r of all) values.push({ strategy: 'treat none', threshold: r.threshold as number, nb: 0 });
  const top = Math.max(0.05, ...values.map((v) => v.nb));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcome.toUpperCase()} decision curves at ${horizon} months: ${cohortLabel(cohort)}`,
    width: 360,
    height: 240,
    data: { values: values.map((v) => ({ ...v, nb: Math.max(v.nb, -0.05) })) },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'threshold', type: 'quantitative', title: 'Threshold probability of the event' },
      y: { field: 'nb', type: 'quantitative', title: 'Net benefit', scale: { domain: [-0.05, top] } },
      color: { field: 'strategy', type: 'nominal', title: null },
      strokeDash: { condition: { test: "datum.strategy === 'treat all' || datum.strategy === 'treat none'", value: [4, 3] }, value: [1, 0] },
    },
    config: { font: 'sans-serif' },
  } as unknown as TopLevelSpec;
}

/** "= 0.012" or "< 0.001", to follow a "p". */
export function pText(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p.toPrecision(2)}`;
}

/** p-value as text: 2 significant digits, "< 0.001" below. */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toPrecision(2);
}
