import type { TopLevelSpec } from 'vega-lite';
import type { NamedTable } from '../evaluate.js';
import { recordsOf } from './figures.js';

const SURVIVAL_TICKS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

function trimNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/**
 * An rms-style nomogram drawn from `nomogram_points` and `nomogram_totals`: a "Points" scale
 * (0–100), one axis per variable with its values at their points, a "Total points" axis and one
 * predicted-survival axis per horizon placed at the total points that give that survival
 * (log-linear interpolation between the totals-table rows is exact: log(−log S) is linear in the
 * total points). All axes share one horizontal position scale: a variable's points are plotted as
 * they are, total points are rescaled to the same width. Null without rows.
 */
export function nomogramSpec(tables: readonly NamedTable[], outcome: string, model: string, outcomeLabel: string): TopLevelSpec | null {
  const pts = recordsOf(tables, 'nomogram_points', { outcome, model });
  const totals = recordsOf(tables, 'nomogram_totals', { outcome, model });
  if (!pts.length || !totals.length) return null;
  const maxPoints = Math.max(...pts.map((r) => r.points as number));
  const grid = [...new Set(totals.map((r) => r.total_points as number))].sort((a, b) => a - b);
  const maxTotal = grid[grid.length - 1];
  if (!(maxPoints > 0 && maxTotal > 0)) return null;
  const rows: string[] = ['Points'];
  const ticks: { row: string; x: number; label: string }[] = [];
  for (let p = 0; p <= maxPoints + 1e-9; p += 10) ticks.push({ row: 'Points', x: p, label: trimNumber(p) });
  for (const v of [...new Set(pts.map((r) => String(r.variable)))]) {
    rows.push(v);
    for (const r of pts.filter((x) => x.variable === v)) ticks.push({ row: v, x: r.points as number, label: typeof r.value === 'number' ? trimNumber(r.value) : String(r.value) });
  }
  const scaleTotal = (tp: number) => (tp * maxPoints) / maxTotal;
  rows.push('Total points');
  for (const tp of grid) ticks.push({ row: 'Total points', x: scaleTotal(tp), label: trimNumber(tp) });
  const horizons = [...new Set(totals.map((r) => r.horizon_months as number))];
  for (const h of horizons) {
    const row = `${outcomeLabel} at ${h} months`;
    rows.push(row);
    const at = totals.filter((r) => r.horizon_months === h).sort((a, b) => (a.total_points as number) - (b.total_points as number));
    // log(−log S) is linear in total points for a Cox model: invert it from two grid rows.
    const a = at[0];
    const b = at[at.length - 1];
    const ga = Math.log(-Math.log(a.survival as number));
    const gb = Math.log(-Math.log(b.survival as number));
    if (!Number.isFinite(ga) || !Number.isFinite(gb) || ga === gb) continue;
    for (const s of SURVIVAL_TICKS) {
      const tp = (a.total_points as number) + ((Math.log(-Math.log(s)) - ga) / (gb - ga)) * ((b.total_points as number) - (a.total_points as number));
      if (tp >= 0 && tp <= maxTotal) ticks.push({ row, x: scaleTotal(tp), label: trimNumber(s) });
    }
  }
  // Every tick is drawn; a label that would touch the previous one on its axis is left blank.
  const minGap = maxPoints * 0.045;
  const labels: typeof ticks = [];
  for (const row of rows) {
    let last = -Infinity;
    for (const t of ticks.filter((x) => x.row === row).sort((a, b) => a.x - b.x)) {
      if (t.x - last >= minGap) {
        labels.push(t);
        last = t.x;
      }
    }
  }
  const lines = rows.map((row) => {
    const xs = ticks.filter((t) => t.row === row).map((t) => t.x);
    return { row, x0: xs.length ? Math.min(...xs) : 0, x1: xs.length ? Math.max(...xs) : 0 };
  });
  const y = { field: 'row', type: 'ordinal', title: null, sort: rows, axis: { domain: false, ticks: false, labelFontWeight: 'bold', labelLimit: 220 } };
  const x = { type: 'quantitative', axis: null, scale: { domain: [0, maxPoints] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcomeLabel} nomogram: ${model}`,
    width: 520,
    height: { step: 38 },
    layer: [
      { data: { values: lines }, mark: { type: 'rule', color: '#333' }, encoding: { y, x: { ...x, field: 'x0' }, x2: { field: 'x1' } } },
      { data: { values: ticks }, mark: { type: 'tick', orient: 'vertical', color: '#333', size: 8, thickness: 1 }, encoding: { y, x: { ...x, field: 'x' } } },
      { data: { values: labels }, mark: { type: 'text', dy: -10, fontSize: 9, color: '#222' }, encoding: { y, x: { ...x, field: 'x' }, text: { field: 'label' } } },
    ],
    config: { font: 'sans-serif', view: { stroke: null } },
  } as unknown as TopLevelSpec;
}
