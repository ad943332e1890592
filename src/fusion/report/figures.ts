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

/**
 * Display labels of the models of one outcome ("MMF (Cox)" for `mmf-cox`), from the `models` and
 * `discrimination` tables, so figures and tables name a model the same way.
 */
export function modelLabels(tables: readonly NamedTable[], outcome: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const name of ['models', 'discrimination']) {
    for (const r of recordsOf(tables, name, { outcome })) {
      if (typeof r.model === 'string' && typeof r.label === 'string' && r.label && !labels.has(r.model)) labels.set(r.model, r.label);
    }
  }
  return labels;
}

/** A Vega `labelExpr` showing each model id's label (ids without one shown as they are). */
export function modelLabelExpr(labels: ReadonlyMap<string, string>): string {
  return `(${JSON.stringify(Object.fromEntries(labels))})[datum.label] || datum.label`;
}

/** A figure to draw: KM curves, forest rows, or a ready Vega-Lite spec. */
export type FigureRequest =
  | { readonly kind: 'km'; readonly curves: readonly ReportKmCurve[]; readonly options: { title: string; subtitle: string; timeLabel: string; yLabel: string; width: number; height: number } }
  | { readonly kind: 'forest'; readonly rows: readonly { label: string; estimate: number | null; lower: number | null; upper: number | null; note?: string }[]; readonly options: { title: string; width: number; labelLimit: number } }
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

const KM_Y_LABEL: Readonly<Record<string, string>> = { os: 'Survival probability', pfs: 'Progression-free probability' };

/** Y-axis title of a Kaplan-Meier plot of an outcome: "Progression-free probability" for PFS, else "Survival probability". */
export function kmYLabel(outcome: string): string {
  return KM_Y_LABEL[outcome] ?? 'Survival probability';
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
  return { kind: 'km', curves, options: { title: `${outcome.toUpperCase()} by ${model} risk group: ${cohortLabel(cohort)}`, subtitle: p, timeLabel: 'Months', yLabel: kmYLabel(outcome), width: 420, height: 240 } };
}

/** Forest plot of high vs low risk hazard ratios within subgroups; null without rows. */
export function subgroupForestFigure(tables: readonly NamedTable[], outcome: string, model: string, cohort: string): FigureRequest | null {
  // Levels with no patients in this cohort are left out; levels whose HR cannot be estimated are
  // shown as such, with the reason, so a subgroup never disappears silently.
  const rows = recordsOf(tables, 'subgroups', { outcome, model, cohort }).filter((r) => Number(r.n) > 0);
  if (!rows.some((r) => typeof r.hr === 'number')) return null;
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const reason = (r: Record<string, unknown>): string | undefined => (typeof r.reason === 'string' ? r.reason.replace(/^not estimable:\s*/, '') : undefined);
  return {
    kind: 'forest',
    rows: rows.map((r) => ({ label: r.variable === null ? `Overall (n=${r.n})` : `${r.variable}: ${r.level} (${r.n})`, estimate: num(r.hr), lower: num(r.hr_lower), upper: num(r.hr_upper), note: num(r.hr) === null ? reason(r) : undefined })),
    // Subgroup labels ("regimen: PD-(L)1+bevacizumab (54)") need more room than Vega's default 180 px.
    options: { title: `${outcome.toUpperCase()}: high vs low ${model} risk within subgroups (${cohortLabel(cohort)})`, width: 320, labelLimit: 360 },
  };
}

/**
 * Harrell's C with 95 % CI of every model, one panel column per cohort: a point at C and a rule
 * over its CI (no bars, so the axis need not start at 0). The axis spans the data: from 0.4, or
 * lower (to the tenth below) when a CI reaches below 0.4, to 1; marks are clipped to it.
 */
export function cIndexBarSpec(tables: readonly NamedTable[], outcome: string): TopLevelSpec | null {
  const rows = recordsOf(tables, 'discrimination', { outcome }).map((r) => ({ model: String(r.model), cohort: cohortLabel(String(r.cohort)), c: r.c_index, lo: r.ci_lower, hi: r.ci_upper }));
  if (!rows.length) return null;
  const finite = (v: Cell): v is number => typeof v === 'number' && Number.isFinite(v);
  const low = Math.min(0.4, ...rows.flatMap((r) => [r.c, r.lo].filter(finite)));
  const domain = [Math.max(0, Math.floor(low * 10 + 1e-9) / 10), 1];
  const y = { field: 'model', type: 'nominal', title: null, sort: null, axis: { labelExpr: modelLabelExpr(modelLabels(tables, outcome)), labelLimit: 260 } };
  const x = { type: 'quantitative', title: 'C-index', scale: { domain, nice: false, zero: false }, axis: { grid: true } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcome.toUpperCase()}: Harrell's C with 95% CI`,
    data: { values: rows },
    facet: { column: { field: 'cohort', type: 'nominal', title: null, sort: ['Training', 'Internal validation', 'External test'] } },
    spec: {
      width: 180,
      height: { step: 16 },
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { datum: 0.5, ...x } } },
        { mark: { type: 'rule', color: '#333', clip: true }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
        { mark: { type: 'point', filled: true, size: 40, color: '#1f5a96', opacity: 1, clip: true }, encoding: { y, x: { field: 'c', ...x } } },
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

/** A drawn piece of a decision curve: consecutive points of one strategy inside the y-domain. */
export interface DecisionCurvePoint {
  readonly strategy: string;
  /** Piece number within the strategy: a curve is cut where it leaves the domain or has no value. */
  readonly segment: number;
  readonly threshold: number;
  readonly nb: number;
}

/** Where a curve leaves the plotted domain downwards, and the lowest value it reaches below it. */
export interface DecisionCurveExit {
  readonly strategy: string;
  readonly threshold: number;
  min: number;
}

/**
 * Cut decision curves to the y-domain [lo, ∞): each strategy's points (sorted by threshold) are
 * split into pieces at missing values and where the curve goes below `lo`; a piece that leaves
 * the domain ends at the (linearly interpolated) crossing of `lo`, one that re-enters starts
 * there. Values below `lo` are never drawn (no clamping to a false plateau); every exit is
 * returned with the curve's minimum below the domain, to be marked on the figure.
 */
export function clipDecisionCurves(series: readonly { strategy: string; threshold: number; nb: number | null }[], lo: number): { points: DecisionCurvePoint[]; exits: DecisionCurveExit[] } {
  const points: DecisionCurvePoint[] = [];
  const exits: DecisionCurveExit[] = [];
  for (const strategy of [...new Set(series.map((v) => v.strategy))]) {
    const s = series.filter((v) => v.strategy === strategy).sort((a, b) => a.threshold - b.threshold);
    let segment = 0;
    let open = false;
    let below: DecisionCurveExit | null = null;
    const cross = (a: { threshold: number; nb: number }, b: { threshold: number; nb: number }) => a.threshold + ((lo - a.nb) / (b.nb - a.nb)) * (b.threshold - a.threshold);
    const push = (threshold: number, nb: number) => {
      if (!open) {
        segment++;
        open = true;
      }
      points.push({ strategy, segment, threshold, nb });
    };
    for (let k = 0; k < s.length; k++) {
      const cur = s[k];
      const prev = k > 0 ? s[k - 1] : null;
      if (cur.nb === null || !Number.isFinite(cur.nb)) {
        open = false;
        below = null;
        continue;
      }
      const prevNb = prev && prev.nb !== null && Number.isFinite(prev.nb) ? prev.nb : null;
      if (cur.nb >= lo) {
        if (prevNb !== null && prevNb < lo) push(cross({ threshold: prev!.threshold, nb: prevNb }, { threshold: cur.threshold, nb: cur.nb }), lo);
        push(cur.threshold, cur.nb);
        below = null;
        continue;
      }
      // below the domain: end the piece at the crossing (when the previous point was inside) and
      // record the exit, or extend the current exit's minimum while the curve stays below
      if (prevNb !== null && prevNb < lo && below !== null) {
        below.min = Math.min(below.min, cur.nb);
      } else {
        const t = prevNb !== null ? cross({ threshold: prev!.threshold, nb: prevNb }, { threshold: cur.threshold, nb: cur.nb }) : cur.threshold;
        if (prevNb !== null) push(t, lo);
        below = { strategy, threshold: t, min: cur.nb };
        exits.push(below);
      }
      open = false;
    }
  }
  return { points, exits };
}

/**
 * Decision curves (net benefit) of the given models at one horizon, with treat-all and treat-none;
 * null without rows. The y-axis runs from a little below 0 (−max(0.05, top/10)) to the largest net
 * benefit; a curve that falls below is cut where it leaves the axis, marked there with a
 * downward triangle, and its lowest value is given in the subtitle (decision curves far below 0
 * carry no information on the useful thresholds and would flatten the rest). Missing net benefits
 * break the line rather than being bridged (a lone value between two missing ones is a dot).
 */
export function decisionCurveSpec(tables: readonly NamedTable[], outcome: string, models: readonly string[], cohort: string, horizon: number): TopLevelSpec | null {
  const values: { strategy: string; threshold: number; nb: number | null }[] = [];
  let all: Record<string, Cell>[] = [];
  for (const m of models) {
    const rows = recordsOf(tables, 'decision_curve', { outcome, model: m, cohort, horizon_months: horizon });
    if (!all.length) all = rows;
    for (const r of rows) if (typeof r.threshold === 'number') values.push({ strategy: m, threshold: r.threshold, nb: typeof r.net_benefit === 'number' ? r.net_benefit : null });
  }
  if (!values.some((v) => v.nb !== null)) return null;
  for (const r of all) if (typeof r.threshold === 'number') values.push({ strategy: 'treat all', threshold: r.threshold, nb: typeof r.net_benefit_all === 'number' ? r.net_benefit_all : null });
  for (const r of all) if (typeof r.threshold === 'number') values.push({ strategy: 'treat none', threshold: r.threshold, nb: 0 });
  const top = Math.max(0.05, ...values.map((v) => v.nb ?? 0));
  const lo = -Math.max(0.05, Number((top / 10).toPrecision(1)));
  const { points, exits } = clipDecisionCurves(values, lo);
  const strategies = [...models, 'treat all', 'treat none'];
  const minus = (v: number) => String(v).replace('-', '−');
  const note = exits.length ? `Below ${minus(lo)} (not drawn, ▼): ${[...exits].sort((a, b) => a.threshold - b.threshold).map((e) => `${e.strategy} from threshold ${e.threshold.toFixed(2)} (lowest ${minus(Number(e.min.toFixed(2)))})`).join('; ')}` : '';
  const x = { field: 'threshold', type: 'quantitative', title: 'Threshold probability of the event' };
  const y = { field: 'nb', type: 'quantitative', title: 'Net benefit', scale: { domain: [lo, top], nice: false, zero: false } };
  const color = { field: 'strategy', type: 'nominal', title: null, scale: { domain: strategies }, legend: { symbolType: 'stroke', labelExpr: modelLabelExpr(modelLabels(tables, outcome)), labelLimit: 320 } };
  const layers: object[] = [
    {
      data: { values: points },
      mark: { type: 'line', clip: true },
      encoding: { x, y, color, detail: { field: 'segment', type: 'nominal' }, strokeDash: { condition: { test: "datum.strategy === 'treat all' || datum.strategy === 'treat none'", value: [4, 3] }, value: [1, 0] } },
    },
  ];
  // a piece of one point (a value between two missing ones) draws no line: show it as a dot
  const pieces = new Map<string, number>();
  for (const p of points) pieces.set(`${p.strategy}\u0000${p.segment}`, (pieces.get(`${p.strategy}\u0000${p.segment}`) ?? 0) + 1);
  const single = points.filter((p) => pieces.get(`${p.strategy}\u0000${p.segment}`) === 1);
  if (single.length) layers.push({ data: { values: single }, mark: { type: 'point', filled: true, size: 20, opacity: 1, clip: true }, encoding: { x, y, color } });
  if (exits.length) {
    layers.push({
      data: { values: exits.map((e) => ({ strategy: e.strategy, threshold: e.threshold, nb: lo, min: e.min })) },
      mark: { type: 'point', shape: 'triangle-down', filled: true, size: 50, opacity: 1 },
      encoding: { x, y, color, tooltip: [{ field: 'strategy' }, { field: 'min', title: 'lowest net benefit' }] },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${outcome.toUpperCase()} decision curves at ${horizon} months: ${cohortLabel(cohort)}`, subtitle: note, subtitleFontSize: 10 },
    width: 360,
    height: 240,
    layer: layers,
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
