import type { TopLevelSpec } from 'vega-lite';

/** One row of a forest plot: an estimate (hazard ratio) with its CI. */
export interface ForestRow {
  readonly label: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Extra text shown at the right, e.g. "n=120, p=0.03". */
  readonly note?: string;
}

/**
 * Forest plot spec: log-scale hazard ratios with CIs and a reference line at 1, and beside it a
 * column with each row's estimate and CI as numbers (and its `note`), as clinicians read them.
 */
export function forestPlotSpec(rows: readonly ForestRow[], options: { title?: string; xLabel?: string; width?: number } = {}): TopLevelSpec {
  const values = rows.map((r, i) => ({ ...r, order: i, text: `${r.estimate.toFixed(2)} (${r.lower.toFixed(2)}–${r.upper.toFixed(2)})${r.note ? '  ' + r.note : ''}` }));
  const y = { field: 'label', type: 'nominal', sort: { field: 'order' }, title: null };
  const longest = Math.max(12, ...values.map((v) => v.text.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    data: { values },
    hconcat: [
      {
        width: options.width ?? 360,
        height: { step: 24 },
        layer: [
          { mark: { type: 'rule' }, encoding: { y, x: { field: 'lower', type: 'quantitative', scale: { type: 'log' }, title: options.xLabel ?? 'Hazard ratio (95% CI)' }, x2: { field: 'upper' } } },
          { mark: { type: 'square', size: 60 }, encoding: { y, x: { field: 'estimate', type: 'quantitative' } } },
          { data: { values: [{ ref: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { field: 'ref', type: 'quantitative' } } },
        ],
      },
      {
        title: { text: options.xLabel === undefined ? 'HR (95% CI)' : 'estimate (95% CI)', fontSize: 11, anchor: 'start' },
        width: Math.round(6.2 * longest),
        height: { step: 24 },
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 11 },
        encoding: { y: { ...y, axis: null }, x: { value: 0 }, text: { field: 'text' } },
      },
    ],
    spacing: 8,
    config: { font: 'sans-serif', view: { stroke: null } },
  } as TopLevelSpec;
}
