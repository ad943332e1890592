import type { TopLevelSpec } from 'vega-lite';
import type { NamedTable } from '../evaluate.js';
import { cohortLabel, modelLabelExpr, modelLabels, recordsOf } from './figures.js';

/**
 * Line colours, chosen to stay apart (CIE76 ΔE ≥ 27 between any two, and ≥ 30 from the chance line's
 * grey): the emphasised curves (clinical benchmark, MMF) take the first ones (black, red, orange),
 * the other models the rest in their order.
 */
export const ROC_PALETTE = ['#000000', '#d62728', '#ff7f0e', '#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#0b3d91', '#98df8a'] as const;
const CHANCE_COLOUR = '#999999';
const CEILING_DASH = [6, 3];
const CHANCE_DASH = [2, 3];

/** Curves drawn on top, thicker: the clinical benchmark and the MMF models. */
function emphasised(model: string): boolean {
  return model === 'clinical' || model.startsWith('mmf');
}

/** The models whose family is `ceiling` in the `models` table (a synthetic cohort's true-risk rows): drawn dashed. */
export function ceilingModels(tables: readonly NamedTable[], outcome: string): Set<string> {
  return new Set(recordsOf(tables, 'models', { outcome }).filter((r) => r.family === 'ceiling').map((r) => String(r.model)));
}

/** Colour and dash of every model's curve (and the chance line), in the order of `models`; `ceilings` are dashed. */
export function rocStyles(models: readonly string[], ceilings: ReadonlySet<string> = new Set()): { domain: string[]; colours: string[]; dashes: number[][] } {
  const order = [...models.filter(emphasised), ...models.filter((m) => !emphasised(m))];
  const colourOf = new Map(order.map((m, k) => [m, ROC_PALETTE[k % ROC_PALETTE.length] as string]));
  return {
    domain: [...models, 'chance'],
    colours: [...models.map((m) => colourOf.get(m)!), CHANCE_COLOUR],
    dashes: [...models.map((m) => (ceilings.has(m) ? CEILING_DASH : [1, 0])), CHANCE_DASH],
  };
}

/**
 * Cumulative/dynamic time-dependent ROC curves (IPCW) of the given models in one cohort, one panel
 * per horizon, from the `roc_curves` table, with the chance diagonal (dotted grey) in every panel;
 * the td-AUC of each curve is in the `td_auc` table. Distinct colours (`rocStyles`), ceiling rows
 * dashed, MMF and the clinical benchmark drawn last (on top), each thinner than the one under it.
 * Null without rows.
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
  const ceilings = ceilingModels(tables, outcome);
  const style = rocStyles(models, ceilings);
  // colour and dash share one legend, which names each model by its label
  const legend = { labelExpr: modelLabelExpr(modelLabels(tables, outcome)), labelLimit: 320 };
  const encoding = {
    x: { field: 'fpr', type: 'quantitative', title: '1 − specificity', scale: { domain: [0, 1] } },
    y: { field: 'tpr', type: 'quantitative', title: 'Sensitivity', scale: { domain: [0, 1] } },
    // colour and dash on the same field and title: one legend showing both
    color: { field: 'model', type: 'nominal', title: null, scale: { domain: style.domain, range: style.colours }, legend },
    strokeDash: { field: 'model', type: 'nominal', title: null, scale: { domain: style.domain, range: style.dashes }, legend },
    order: { field: 'point', type: 'quantitative' },
  };
  // MMF first and thickest, the clinical benchmark last and thinnest (black): where curves coincide
  // (common at late horizons) each stays visible around the one drawn over it
  const onTop = [...models.filter((m) => emphasised(m) && m !== 'clinical'), ...models.filter((m) => m === 'clinical')];
  const layer = (keep: readonly string[], strokeWidth: number) =>
    keep.length && values.some((v) => keep.includes(v.model)) ? { transform: [{ filter: { field: 'model', oneOf: [...keep] } }], mark: { type: 'line', interpolate: 'linear', strokeWidth }, encoding } : null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${outcome.toUpperCase()} time-dependent ROC (cumulative/dynamic, IPCW): ${cohortLabel(cohort)}`,
    data: { values },
    facet: { column: { field: 'horizon', type: 'nominal', title: null, sort: panels } },
    spec: {
      width: 200,
      height: 200,
      // chance first, then the other models, the synthetic ceilings, and on top MMF and the benchmark
      layer: [
        layer(['chance'], 1.5),
        layer(models.filter((m) => !emphasised(m) && !ceilings.has(m)), 1.5),
        layer(models.filter((m) => !emphasised(m) && ceilings.has(m)), 1.5),
        ...onTop.map((m, k) => layer([m], Math.max(1.75, 4 - 1.25 * k))),
      ].filter((l) => l !== null),
    },
    config: { font: 'sans-serif' },
  } as unknown as TopLevelSpec;
}
