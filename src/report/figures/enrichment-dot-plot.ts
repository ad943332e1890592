import type { TopLevelSpec } from 'vega-lite';

/** One gene set of an enrichment dot plot. */
export interface EnrichmentDot {
  readonly id: string;
  /** Axis label (default: {@link shortSetName} of `id`). */
  readonly label?: string;
  /** ORA: overlap / selected genes (k/n); GSEA: leading-edge genes / set size. */
  readonly geneRatio: number;
  /** Genes behind the dot: ORA overlap k, GSEA leading-edge size. */
  readonly count: number;
  readonly pValue: number;
  readonly padj: number;
}

export interface EnrichmentDotPlotOptions {
  readonly title?: string;
  readonly subtitle?: string;
  /** Show this many sets with the smallest p (default 15). */
  readonly top?: number;
  readonly width?: number;
}

/**
 * A readable set name: GMT names of the WikiPathways form `Name%WikiPathways_date%WP123%Species`
 * become `Name (WP123)`; other names are returned as they are.
 */
export function shortSetName(id: string): string {
  const parts = id.split('%');
  return parts.length >= 3 ? `${parts[0]} (${parts[2]})` : id;
}

/** The `top` sets by ascending p (ties: larger gene ratio first, then input order). */
export function topEnrichmentDots(dots: readonly EnrichmentDot[], top: number): EnrichmentDot[] {
  return dots
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => Number.isFinite(d.pValue))
    .sort((a, b) => a.d.pValue - b.d.pValue || b.d.geneRatio - a.d.geneRatio || a.i - b.i)
    .slice(0, top)
    .map(({ d }) => d);
}

/**
 * Enrichment dot plot spec (clusterProfiler `dotplot` layout): the `top` sets by p on the y axis
 * (most significant at the top), x = gene ratio, dot size = gene count, colour = −log10 padj.
 * @see R enrichplot::dotplot
 */
export function enrichmentDotPlotSpec(dots: readonly EnrichmentDot[], options: EnrichmentDotPlotOptions = {}): TopLevelSpec {
  const shown = topEnrichmentDots(dots, options.top ?? 15);
  const values = shown.map((d, i) => ({ label: d.label ?? shortSetName(d.id), order: i, geneRatio: d.geneRatio, count: d.count, padj: d.padj, mlog10: -Math.log10(Math.max(d.padj, 1e-300)) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'Enrichment', subtitle: options.subtitle ?? `top ${values.length} sets by p-value` },
    width: options.width ?? 300,
    height: { step: 22 },
    data: { values },
    mark: { type: 'circle', opacity: 0.9 },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: { field: 'order' }, title: null, axis: { labelLimit: 360 } },
      x: { field: 'geneRatio', type: 'quantitative', title: 'Gene ratio', scale: { zero: false } },
      size: { field: 'count', type: 'quantitative', title: 'Count' },
      color: { field: 'mlog10', type: 'quantitative', title: '-log10 padj', scale: { scheme: 'reds' } },
      tooltip: [{ field: 'label', title: 'set' }, { field: 'count' }, { field: 'padj', format: '.3g' }],
    },
    config: { font: 'sans-serif' },
  } as TopLevelSpec;
}
