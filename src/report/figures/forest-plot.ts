import type { TopLevelSpec } from 'vega-lite';

/** One row of a forest plot: an estimate (hazard ratio) with its CI, or null ones for a row that is shown as not estimable. */
export interface ForestRow {
  readonly label: string;
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Extra text shown at the right, e.g. "n=120, p=0.03"; for a row without an estimate, why. */
  readonly note?: string;
}

const estimable = (r: ForestRow): boolean => [r.estimate, r.lower, r.upper].every((v) => v !== null && Number.isFinite(v) && v > 0);

/**
 * Forest plot spec: log-scale hazard ratios with CIs and a reference line at 1, and beside it a
 * column with each row's estimate and CI as numbers (and its `note`), as clinicians read them. A
 * row without a finite positive estimate and CI keeps its line, with "not estimable" and its note
 * as text and no mark (both panels share the rows' order as an explicit domain, so they align).
 */
export function forestPlotSpec(rows: readonly ForestRow[], options: { title?: string; xLabel?: string; width?: number } = {}): TopLevelSpec {
  const values = rows.map((r, i) => {
    const ok = estimable(r);
    const text = ok ? `${r.estimate!.toFixed(2)} (${r.lower!.toFixed(2)}–${r.upper!.toFixed(2)})${r.note ? '  ' + r.note : ''}` : `not estimable${r.note ? `: ${r.note}` : ''}`;
    return { label: r.label, order: i, estimate: ok ? r.estimate : null, lower: ok ? r.lower : null, upper: ok ? r.upper : null, text };
  });
  const y = { field: 'label', type: 'nominal', sort: null, scale: { domain: values.map((v) => v.label) }, title: null };
  const marks = values.filter((v) => v.estimate !== null);
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
          { data: { values: marks }, mark: { type: 'rule' }, encoding: { y, x: { field: 'lower', type: 'quantitative', scale: { type: 'log' }, title: options.xLabel ?? 'Hazard ratio (95% CI)' }, x2: { field: 'upper' } } },
          { data: { values: marks }, mark: { type: 'square', size: 60 }, encoding: { y, x: { field: 'estimate', type: 'quantitative' } } },
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
