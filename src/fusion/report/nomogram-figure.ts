import type { TopLevelSpec } from 'vega-lite';
import { SYNTHETIC_VARIABLES } from '../../io/index.js';
import type { NamedTable } from '../evaluate.js';
import { recordsOf } from './figures.js';

const SURVIVAL_TICKS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
/** Width of the axes (px) and the labels' font size; a label's width is estimated as 0.58 em per character. */
const WIDTH_PX = 520;
const LABEL_FONT = 9;
const CHAR_PX = 0.58 * LABEL_FONT;
const GAP_PX = 4;

/** A tick label of a nomogram axis, and whether it is drawn below the axis line. */
export interface NomogramLabel {
  readonly row: string;
  readonly x: number;
  readonly label: string;
  readonly below: boolean;
}

/**
 * Which tick labels to draw, and where, so that none overlaps another on its axis (by the labels'
 * estimated widths). A numeric axis gets every k-th label above the line, with the smallest k at
 * which none overlaps, so its scale stays regular (the other ticks are still drawn). A factor's
 * labels are taken left to right, each above the line when it clears the previous one there, else
 * below it (so every level stays named, as rms staggers them). `pxPerUnit`: pixels per unit of x.
 */
export function placeNomogramLabels(ticks: readonly { row: string; x: number; label: string }[], rows: readonly string[], factorRows: ReadonlySet<string>, pxPerUnit: number): NomogramLabel[] {
  const out: NomogramLabel[] = [];
  const half = (label: string) => (label.length * CHAR_PX) / 2;
  for (const row of rows) {
    const last = { above: null as { x: number; label: string } | null, below: null as { x: number; label: string } | null };
    const clears = (prev: { x: number; label: string } | null, t: { x: number; label: string }) => prev === null || (t.x - prev.x) * pxPerUnit >= half(prev.label) + half(t.label) + GAP_PX;
    const sorted = ticks.filter((x) => x.row === row).sort((a, b) => a.x - b.x);
    if (!factorRows.has(row)) {
      // numbers: every k-th label, with the smallest k at which none overlaps (a regular scale)
      for (let k = 1; k <= sorted.length; k++) {
        const pick = sorted.filter((_, i) => i % k === 0);
        if (pick.every((t, i) => i === 0 || clears(pick[i - 1], t))) {
          for (const t of pick) out.push({ row, x: t.x, label: t.label, below: false });
          break;
        }
      }
      continue;
    }
    for (const t of sorted) {
      if (clears(last.above, t)) {
        out.push({ row, x: t.x, label: t.label, below: false });
        last.above = t;
      } else if (clears(last.below, t)) {
        out.push({ row, x: t.x, label: t.label, below: true });
        last.below = t;
      }
    }
  }
  return out;
}

function trimNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** "log10(1 + AFP ng/mL)" for an axis of `log10p1_afp_ng_ml` drawn on the log scale. */
function labelOnLogScale(name: string, label: string): string {
  if (label === name) return `log10(1 + ${name.slice(LOG10P1.length)})`;
  return `log10(1 + ${label.replace(/\s*\(([^)]*)\)$/, ' $1')})`;
}

/** A tick value as text: 4 significant digits, thousands grouped ("100,000"). */
function tickText(v: number): string {
  const t = trimNumber(v);
  return Math.abs(v) >= 1000 && /^-?\d+$/.test(t) ? t.replace(/\B(?=(\d{3})+$)/g, ',') : t;
}

const LOG10P1 = 'log10p1_';
const VARIABLE_LABELS: ReadonlyMap<string, string> = new Map(SYNTHETIC_VARIABLES.filter((v) => v.label).map((v) => [v.column, v.label!]));

/**
 * Human name of a nomogram variable (a design column): `labels[name]` when given, else the
 * clinical variable's label ("AFP (ng/mL)" for `afp_ng_ml` and for its `log10p1_afp_ng_ml`
 * transform, whose axis is drawn on the original scale), "Ensemble-DL score (OS)" for
 * `ensemble_dl_os`, else the name itself.
 */
export function nomogramVariableLabel(name: string, labels: Readonly<Record<string, string>> = {}): string {
  if (labels[name]) return labels[name];
  const dl = /^ensemble_dl_(\w+)$/.exec(name);
  if (dl) return `Ensemble-DL score (${dl[1].toUpperCase()})`;
  const base = name.startsWith(LOG10P1) ? name.slice(LOG10P1.length) : name;
  return labels[base] ?? VARIABLE_LABELS.get(base) ?? name;
}

/**
 * Round original-scale values x for an axis drawn in u = log10(1 + x) over [uMin, uMax]: 1-2-5 × 10^k
 * within the range (only the powers of 10 when that gives more than 8), with 0 first when the range
 * starts at 0 (then nothing in the first 4 % of the axis, and no 1 on a powers-of-10 axis, where they
 * would crowd the 0). Empty when fewer than two fit (the axis is then labelled on the log scale).
 */
export function log10p1AxisValues(uMin: number, uMax: number): number[] {
  const eps = 1e-9;
  const lo = 10 ** uMin - 1;
  const hi = 10 ** uMax - 1;
  if (!(hi > lo) || !Number.isFinite(hi)) return [];
  // from 0, values whose log10(1 + x) is under 4 % of the axis would crowd the 0 tick
  const from = lo > eps ? lo : 10 ** (uMin + 0.04 * (uMax - uMin)) - 1;
  const inside = (v: number) => v >= from * (1 - eps) - eps && v <= hi * (1 + eps) + eps;
  const k0 = Math.floor(Math.log10(from));
  const k1 = Math.ceil(Math.log10(hi));
  const nice = (mult: readonly number[]) => {
    const out: number[] = [];
    for (let k = k0; k <= k1; k++) for (const m of mult) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v > 0 && inside(v)) out.push(v);
    }
    return out;
  };
  let vals = nice([1, 2, 5]);
  const decades = vals.length > 8;
  if (decades) vals = nice([1]);
  if (lo <= eps) vals = [0, ...vals.filter((v) => !(decades && v === 1))];
  return vals.length >= 2 ? vals : [];
}

/**
 * An rms-style nomogram drawn from `nomogram_points` and `nomogram_totals`: a "Points" scale
 * (0–100), one axis per variable with its values at their points, a "Total points" axis and one
 * predicted-survival axis per horizon placed at the total points that give that survival
 * (log-linear interpolation between the totals-table rows is exact: log(−log S) is linear in the
 * total points). All axes share one horizontal position scale: a variable's points are plotted as
 * they are, total points are rescaled to the same width. Variables are named by
 * `nomogramVariableLabel` (`options.labels` first); a `log10p1_<x>` variable's axis is labelled on
 * the original scale of x (round values placed at log10(1 + x), `log10p1AxisValues`; points are
 * linear in log10(1 + x)), else on the log scale with the axis named "log10(1 + …)". Each axis line
 * spans the values of its table rows. Null without rows.
 */
export function nomogramSpec(tables: readonly NamedTable[], outcome: string, model: string, outcomeLabel: string, options: { labels?: Readonly<Record<string, string>> } = {}): TopLevelSpec | null {
  const pts = recordsOf(tables, 'nomogram_points', { outcome, model });
  const totals = recordsOf(tables, 'nomogram_totals', { outcome, model });
  if (!pts.length || !totals.length) return null;
  const maxPoints = Math.max(...pts.map((r) => r.points as number));
  const grid = [...new Set(totals.map((r) => r.total_points as number))].sort((a, b) => a - b);
  const maxTotal = grid[grid.length - 1];
  if (!(maxPoints > 0 && maxTotal > 0)) return null;
  const rows: string[] = ['Points'];
  const ticks: { row: string; x: number; label: string }[] = [];
  /** Points span of each variable's axis line (its table rows). */
  const spans = new Map<string, [number, number]>();
  for (let p = 0; p <= maxPoints + 1e-9; p += 10) ticks.push({ row: 'Points', x: p, label: trimNumber(p) });
  const factorRows = new Set<string>();
  for (const v of [...new Set(pts.map((r) => String(r.variable)))]) {
    const vr = pts.filter((x) => x.variable === v);
    const numeric = vr.every((r) => typeof r.value === 'number');
    let row = nomogramVariableLabel(v, options.labels);
    if (rows.includes(row)) row = v;
    const xs = vr.map((r) => r.points as number);
    const span: [number, number] = [Math.min(...xs), Math.max(...xs)];
    if (numeric && v.startsWith(LOG10P1) && vr.length >= 2) {
      const sorted = [...vr].sort((a, b) => (a.value as number) - (b.value as number));
      const a = sorted[0];
      const b = sorted[sorted.length - 1];
      const ua = a.value as number;
      const ub = b.value as number;
      const at = (u: number) => (a.points as number) + ((u - ua) / (ub - ua)) * ((b.points as number) - (a.points as number));
      const orig = ub > ua ? log10p1AxisValues(ua, ub) : [];
      if (orig.length) {
        rows.push(row);
        spans.set(row, span);
        for (const x of orig) ticks.push({ row, x: at(Math.log10(1 + x)), label: tickText(x) });
        continue;
      }
      row = labelOnLogScale(v, row);
    }
    rows.push(row);
    spans.set(row, span);
    for (const r of vr) {
      if (typeof r.value !== 'number') factorRows.add(row);
      ticks.push({ row, x: r.points as number, label: typeof r.value === 'number' ? trimNumber(r.value) : String(r.value) });
    }
  }
  const scaleTotal = (tp: number) => (tp * maxPoints) / maxTotal;
  rows.push('Total points');
  for (const tp of grid) ticks.push({ row: 'Total points', x: scaleTotal(tp), label: trimNumber(tp) });
  const horizons = [...new Set(totals.map((r) => r.horizon_months as number))];
  for (const h of horizons) {
    const row = `${outcomeLabel} at ${h} months`;
    rows.push(row);
    // log(−log S) is linear in total points for a Cox model: invert it from two grid rows, the
    // outermost ones where it is finite (a large total's S underflows to 0, a small one's may be 1).
    const g = (r: Record<string, unknown>) => Math.log(-Math.log(r.survival as number));
    const at = totals.filter((r) => r.horizon_months === h && Number.isFinite(g(r))).sort((a, b) => (a.total_points as number) - (b.total_points as number));
    if (at.length < 2) continue;
    const a = at[0];
    const b = at[at.length - 1];
    const ga = g(a);
    const gb = g(b);
    if (ga === gb) continue;
    for (const s of SURVIVAL_TICKS) {
      const tp = (a.total_points as number) + ((Math.log(-Math.log(s)) - ga) / (gb - ga)) * ((b.total_points as number) - (a.total_points as number));
      if (tp >= 0 && tp <= maxTotal) ticks.push({ row, x: scaleTotal(tp), label: trimNumber(s) });
    }
  }
  const labels = placeNomogramLabels(ticks, rows, factorRows, WIDTH_PX / maxPoints);
  const lines = rows.map((row) => {
    const xs = [...ticks.filter((t) => t.row === row).map((t) => t.x), ...(spans.get(row) ?? [])];
    return { row, x0: xs.length ? Math.min(...xs) : 0, x1: xs.length ? Math.max(...xs) : 0 };
  });
  const y = { field: 'row', type: 'ordinal', title: null, sort: rows, axis: { domain: false, ticks: false, labelFontWeight: 'bold', labelLimit: 220 } };
  const x = { type: 'quantitative', axis: null, scale: { domain: [0, maxPoints] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcomeLabel} nomogram: ${model}`,
    width: WIDTH_PX,
    height: { step: 38 },
    layer: [
      { data: { values: lines }, mark: { type: 'rule', color: '#333' }, encoding: { y, x: { ...x, field: 'x0' }, x2: { field: 'x1' } } },
      { data: { values: ticks }, mark: { type: 'tick', orient: 'vertical', color: '#333', size: 8, thickness: 1 }, encoding: { y, x: { ...x, field: 'x' } } },
      { data: { values: labels.filter((l) => !l.below) }, mark: { type: 'text', dy: -10, fontSize: LABEL_FONT, color: '#222' }, encoding: { y, x: { ...x, field: 'x' }, text: { field: 'label' } } },
      { data: { values: labels.filter((l) => l.below) }, mark: { type: 'text', dy: 12, fontSize: LABEL_FONT, color: '#222' }, encoding: { y, x: { ...x, field: 'x' }, text: { field: 'label' } } },
    ],
    config: { font: 'sans-serif', view: { stroke: null } },
  } as unknown as TopLevelSpec;
}
