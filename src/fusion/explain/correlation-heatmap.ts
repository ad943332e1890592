import type { TopLevelSpec } from 'vega-lite';
import type { DeepRadiomicCorrelation } from './deep-radiomic-correlation.js';

/** Options of `correlationHeatmapSpec`. */
export interface CorrelationHeatmapOptions {
  readonly title?: string;
  /** Pixels per cell (default 12). */
  readonly cellSize?: number;
}

/**
 * Vega-Lite heatmap of Spearman ρ (rows: deep features, columns: radiomic features, both in the
 * result's display order). Colour: diverging red–blue scale fixed to [−1, 1] with white at 0
 * (blue negative, red positive); cells with q < alpha carry a dot; pairs that could not be computed
 * are grey. Tooltips (interactive renderers) give n, ρ, p and q; no per-cell ARIA text, which would
 * bloat the static SVG. Null when there are no pairs.
 */
export function correlationHeatmapSpec(res: DeepRadiomicCorrelation, options: CorrelationHeatmapOptions = {}): TopLevelSpec | null {
  if (!res.pairs.length) return null;
  const step = options.cellSize ?? 12;
  const values = res.pairs.map((p) => ({ deep: p.deep, radiomic: p.radiomic, n: p.n, rho: p.rho, p: p.p, q: p.q, significant: p.significant }));
  const x = { field: 'radiomic', type: 'nominal', sort: [...res.radiomicFeatures], title: 'Radiomic feature (IBSI)', axis: { labelFontSize: 8, labelAngle: -60, labelLimit: 220 } };
  const y = { field: 'deep', type: 'nominal', sort: [...res.deepFeatures], title: 'Deep feature (penultimate layer)', axis: { labelFontSize: 8 } };
  const tooltip = [
    { field: 'deep', type: 'nominal' },
    { field: 'radiomic', type: 'nominal' },
    { field: 'n', type: 'quantitative' },
    { field: 'rho', type: 'quantitative', format: '.3f', title: 'Spearman ρ' },
    { field: 'p', type: 'quantitative', format: '.2e' },
    { field: 'q', type: 'quantitative', format: '.2e', title: 'q (BH)' },
  ];
  const d = res.diagnostics;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'Deep vs radiomic features: Spearman ρ', subtitle: `n = ${d.nJoined} patients; • q < ${d.alpha} (Benjamini–Hochberg over ${d.nTested} pairs); ${d.orderMethod}` },
    data: { values },
    width: { step },
    height: { step },
    layer: [
      { transform: [{ filter: '!isValid(datum.rho)' }], mark: { type: 'rect', color: '#dddddd' }, encoding: { x, y, tooltip } },
      {
        transform: [{ filter: 'isValid(datum.rho)' }],
        mark: { type: 'rect' },
        encoding: { x, y, tooltip, color: { field: 'rho', type: 'quantitative', title: 'ρ', scale: { domain: [-1, 1], domainMid: 0, scheme: 'redblue', reverse: true } } },
      },
      {
        transform: [{ filter: 'datum.significant' }],
        mark: { type: 'point', shape: 'circle', filled: true, color: 'black', size: Math.max(4, step * 0.8) },
        encoding: { x, y, tooltip },
      },
    ],
    // No ARIA descriptions per mark: with thousands of cells they made the static SVG ~8 MB.
    config: { font: 'sans-serif', view: { stroke: null }, aria: false },
  } as unknown as TopLevelSpec;
}
