import type { TopLevelSpec } from 'vega-lite';
import type { DeepRadiomicCorrelation } from './deep-radiomic-correlation.js';

/** Options of `correlationHeatmapSpec`. */
export interface CorrelationHeatmapOptions {
  readonly title?: string;
  /** Pixels per cell (default 12). */
  readonly cellSize?: number;
}

/** Longest axis label of the heatmap (characters); longer names keep their informative end. */
const LABEL_CHARS = 34;

/**
 * Display labels for feature names: the dot-separated prefix they all share (e.g. `tumour.original.`)
 * dropped, and a name still longer than `maxChars` cut from the left (`…glcm.joint_avg.3d_averaged`),
 * since the end of an IBSI name says what it measures. Labels stay unique (a clash keeps the full name).
 */
export function featureAxisLabels(names: readonly string[], maxChars = LABEL_CHARS): { labels: string[]; prefix: string } {
  let prefix = '';
  if (names.length > 1) {
    const parts = names.map((n) => n.split('.'));
    const shortest = Math.min(...parts.map((p) => p.length));
    let k = 0;
    while (k < shortest - 1 && parts.every((p) => p[k] === parts[0][k])) k++;
    prefix = k ? parts[0].slice(0, k).join('.') + '.' : '';
  }
  const labels = names.map((n) => {
    const rest = n.slice(prefix.length);
    return rest.length > maxChars ? `…${rest.slice(rest.length - maxChars + 1)}` : rest;
  });
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return { labels: labels.map((l, i) => (seen.get(l)! > 1 ? names[i] : l)), prefix };
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
  const { labels, prefix } = featureAxisLabels(res.radiomicFeatures);
  const labelOf = new Map(res.radiomicFeatures.map((f, i) => [f, labels[i]]));
  const values = res.pairs.map((p) => ({ deep: p.deep, radiomic: p.radiomic, radiomic_label: labelOf.get(p.radiomic) ?? p.radiomic, n: p.n, rho: p.rho, p: p.p, q: p.q, significant: p.significant }));
  const x = { field: 'radiomic_label', type: 'nominal', sort: labels, title: `Radiomic feature (IBSI${prefix ? `; names without the common prefix ${prefix}` : ''})`, axis: { labelFontSize: 8, labelAngle: -60, labelLimit: 240 } };
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
