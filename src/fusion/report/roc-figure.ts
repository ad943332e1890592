import type { TopLevelSpec } from 'vega-lite';
import type { NamedTable } from '../evaluate.js';
import { cohortLabel, recordsOf } from './figures.js';

/** Distinct line colours (Tableau 10 then darker variants); the chance line is grey. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#17becf', '#1f3b73', '#8c2d04', '#2ca02c', '#7f3c8d'];

/**
 * Cumulative/dynamic time-dependent ROC curves (IPCW) of the given models in one cohort, one panel
 * per horizon, from the `roc_curves` table, with the chance diagonal (dashed) in every panel; the
 * td-AUC of each curve is in the panel title's table (`td_auc`). Null without rows.
 */
export function rocCurveSpec(tables: readonly NamedTable[], outcome: string, models: readonly string[], cohort: string, horizons: readonly number[]): TopLevelSpec | null {
  const values: { model: string; horizon: string; point: number; fpr: number; tpr: number }[] = [];
  const panels: string[] = [];
  for (const h of horizons) {
    const horizon = `${h} months`;
    let any = false;
    for (const m of models) {
      for (const r of recordsOf(tables, 'roc_curves', { outcome, model: m, cohort, horizon_months: h })) {
        if (typeof r.fpr === 'number' && typeof r.tpr === 'number') {
          values.push({ model: m, horizon, point: r.point as number, fpr: r.fpr, tpr: r.tpr });
          any = true;
        }
      }
    }
    if (!any) continue;
    panels.push(horizon);
    values.push({ model: 'chance', horizon, point: 0, fpr: 0, tpr: 0 }, { model: 'chance', horizon, point: 1, fpr: 1, tpr: 1 });
  }
  if (!values.length) return null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcome.toUpperCase()} time-dependent ROC (cumulative/dynamic, IPCW): ${cohortLabel(cohort)}`,
    data: { values },
    facet: { column: { field: 'horizon', type: 'nominal', title: null, sort: panels } },
    spec: {
      width: 200,
      height: 200,
      mark: { type: 'line', interpolate: 'linear', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'fpr', type: 'quantitative', title: '1 − specificity', scale: { domain: [0, 1] } },
        y: { field: 'tpr', type: 'quantitative', title: 'Sensitivity', scale: { domain: [0, 1] } },
        color: { field: 'model', type: 'nominal', title: null, scale: { domain: [...models, 'chance'], range: [...models.map((_, k) => PALETTE[k % PALETTE.length]), '#999999'] } },
        strokeDash: { condition: { test: "datum.model === 'chance'", value: [4, 3] }, value: [1, 0] },
        order: { field: 'point', type: 'quantitative' },
      },
    },
    config: { font: 'sans-serif' },
  } as unknown as TopLevelSpec;
}
