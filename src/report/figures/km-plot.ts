import type { TopLevelSpec } from 'vega-lite';

/** One survival curve to draw: a right-continuous step function starting at S(0) = 1. */
export interface KmCurveInput {
  readonly group: string;
  readonly time: ArrayLike<number>;
  readonly surv: ArrayLike<number>;
  readonly lower?: ArrayLike<number | null>;
  readonly upper?: ArrayLike<number | null>;
  /** Times at which a censored observation occurred (drawn as ticks on the curve). */
  readonly censorTimes?: ArrayLike<number>;
  /** Number at risk at each `time` (enables the number-at-risk table under the plot). */
  readonly nRisk?: ArrayLike<number>;
}

export interface KmPlotOptions {
  readonly title?: string;
  readonly timeLabel?: string;
  /** Y-axis title; default "Survival probability" (e.g. "Progression-free probability" for PFS). */
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
  /** Draw the pointwise confidence band. */
  readonly band?: boolean;
  /** Annotation lines under the title, e.g. "log-rank p = 0.0013". */
  readonly subtitle?: string;
}

/** Number at risk at t: n at risk at the first curve time >= t (0 after the last time). */
export function numberAtRisk(time: ArrayLike<number>, nRisk: ArrayLike<number>, t: number): number {
  for (let k = 0; k < time.length; k++) if (time[k] >= t) return nRisk[k];
  return 0;
}

/** About five round tick times from 0 to tMax (1, 2, 2.5, 5 × 10^k steps). */
export function riskTableTimes(tMax: number): number[] {
  if (!(tMax > 0)) return [0];
  const raw = tMax / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = 0; t <= tMax + 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function stepValue(time: ArrayLike<number>, surv: ArrayLike<number>, t: number): number {
  let s = 1;
  for (let k = 0; k < time.length && time[k] <= t; k++) s = surv[k];
  return s;
}

/** Build a Kaplan-Meier plot spec: step lines per group, optional CI band, censor ticks. */
export function kmPlotSpec(curves: readonly KmCurveInput[], options: KmPlotOptions = {}): TopLevelSpec {
  const line: { group: string; time: number; surv: number; lower: number | null; upper: number | null }[] = [];
  const ticks: { group: string; time: number; surv: number }[] = [];
  for (const c of curves) {
    line.push({ group: c.group, time: 0, surv: 1, lower: 1, upper: 1 });
    for (let k = 0; k < c.time.length; k++) {
      line.push({ group: c.group, time: c.time[k], surv: c.surv[k], lower: c.lower ? (c.lower[k] ?? null) : null, upper: c.upper ? (c.upper[k] ?? null) : null });
    }
    for (let k = 0; k < (c.censorTimes?.length ?? 0); k++) {
      const t = c.censorTimes![k];
      ticks.push({ group: c.group, time: t, surv: stepValue(c.time, c.surv, t) });
    }
  }
  const layers: object[] = [];
  if (options.band) {
    layers.push({
      data: { values: line.filter((d) => d.lower !== null && d.upper !== null) },
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.15 },
      encoding: {
        x: { field: 'time', type: 'quantitative' },
        y: { field: 'lower', type: 'quantitative' },
        y2: { field: 'upper' },
        color: { field: 'group', type: 'nominal' },
      },
    });
  }
  layers.push({
    data: { values: line },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'time', type: 'quantitative', title: options.timeLabel ?? 'Time' },
      y: { field: 'surv', type: 'quantitative', title: options.yLabel ?? 'Survival probability', scale: { domain: [0, 1] } },
      color: { field: 'group', type: 'nominal', title: 'Group' },
    },
  });
  if (ticks.length) {
    layers.push({
      data: { values: ticks },
      mark: { type: 'tick', orient: 'vertical', size: 8, thickness: 1 },
      encoding: {
        x: { field: 'time', type: 'quantitative' },
        y: { field: 'surv', type: 'quantitative' },
        color: { field: 'group', type: 'nominal' },
      },
    });
  }
  const width = options.width ?? 520;
  const plot = { width, height: options.height ?? 320, layer: layers };
  const withRisk = curves.filter((c) => c.nRisk);
  if (withRisk.length === 0) {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: options.title ? { text: options.title, subtitle: options.subtitle ?? '' } : undefined,
      ...plot,
      config: { font: 'sans-serif' },
    } as TopLevelSpec;
  }
  let tMax = 0;
  for (const c of curves) if (c.time.length) tMax = Math.max(tMax, c.time[c.time.length - 1]);
  const tableTimes = riskTableTimes(tMax);
  const risk = withRisk.flatMap((c) => tableTimes.map((t) => ({ group: c.group, time: t, n: numberAtRisk(c.time, c.nRisk!, t) })));
  const table = {
    width,
    height: { step: 18 },
    title: { text: 'Number at risk', fontSize: 11, anchor: 'start' },
    // no frame: its left edge would run through the numbers centred at time 0
    view: { stroke: null },
    data: { values: risk },
    mark: { type: 'text', fontSize: 11 },
    encoding: {
      x: { field: 'time', type: 'quantitative', scale: { domain: [0, tMax] }, axis: null },
      y: { field: 'group', type: 'nominal', title: null, axis: { labelPadding: 18, ticks: false, domain: false } },
      text: { field: 'n', type: 'quantitative' },
      color: { field: 'group', type: 'nominal', legend: null },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title ? { text: options.title, subtitle: options.subtitle ?? '' } : undefined,
    vconcat: [plot, table],
    resolve: { scale: { x: 'shared' }, legend: { color: 'independent' } },
    config: { font: 'sans-serif' },
  } as TopLevelSpec;
}
