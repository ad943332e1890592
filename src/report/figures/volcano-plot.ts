import type { TopLevelSpec } from 'vega-lite';

/** One gene of a volcano plot. Genes with a non-finite log2FC or padj are not drawn (untested). */
export interface VolcanoGene {
  readonly id: string;
  /** Text shown for labelled genes (default `id`). */
  readonly label?: string;
  readonly log2FoldChange: number;
  readonly padj: number;
}

export interface VolcanoPlotOptions {
  readonly title?: string;
  readonly subtitle?: string;
  /** Significance cut drawn as a horizontal line at −log10(padjThreshold) (default 0.05). */
  readonly padjThreshold?: number;
  /** Fold-change cut drawn as vertical lines at ±lfcThreshold (default 1). */
  readonly lfcThreshold?: number;
  /** Label this many significant genes with the smallest padj (default 10). */
  readonly topLabels?: number;
  /** Names of the two groups, for the axis title: log2FC = alternative vs reference. */
  readonly alternative?: string;
  readonly reference?: string;
  readonly width?: number;
  readonly height?: number;
}

/** padj floor so that −log10 stays finite (DESeq2 can report padj = 0). */
export const VOLCANO_PADJ_FLOOR = 1e-300;

/** Call of one gene on the plot: up / down when padj < cut and |log2FC| > cut, else ns. */
export function volcanoCall(g: VolcanoGene, padjThreshold: number, lfcThreshold: number): 'up' | 'down' | 'ns' {
  if (!(g.padj < padjThreshold)) return 'ns';
  if (g.log2FoldChange > lfcThreshold) return 'up';
  if (g.log2FoldChange < -lfcThreshold) return 'down';
  return 'ns';
}

/**
 * Volcano plot spec: x = log2 fold change, y = −log10(padj) (padj floored at 1e-300), points
 * coloured up (red) / down (blue) / not selected (grey), dashed threshold lines at ±lfcThreshold
 * and −log10(padjThreshold), and text labels on the `topLabels` selected genes with the smallest
 * padj. The subtitle (default) states how many genes are up / down of those drawn.
 * @see R EnhancedVolcano::EnhancedVolcano (same encoding)
 */
export function volcanoPlotSpec(genes: readonly VolcanoGene[], options: VolcanoPlotOptions = {}): TopLevelSpec {
  const padjThreshold = options.padjThreshold ?? 0.05;
  const lfcThreshold = options.lfcThreshold ?? 1;
  const values = genes
    .filter((g) => Number.isFinite(g.log2FoldChange) && Number.isFinite(g.padj))
    .map((g) => ({ id: g.id, label: g.label ?? g.id, lfc: g.log2FoldChange, padj: g.padj, mlog10: -Math.log10(Math.max(g.padj, VOLCANO_PADJ_FLOOR)), call: volcanoCall(g, padjThreshold, lfcThreshold) }));
  const nUp = values.filter((v) => v.call === 'up').length;
  const nDown = values.filter((v) => v.call === 'down').length;
  const labelled = values
    .filter((v) => v.call !== 'ns')
    .sort((a, b) => a.padj - b.padj || Math.abs(b.lfc) - Math.abs(a.lfc))
    .slice(0, options.topLabels ?? 10);
  const xTitle = options.alternative && options.reference ? `log2 fold change (${options.alternative} vs ${options.reference})` : 'log2 fold change';
  const color = { field: 'call', type: 'nominal', title: 'Call', scale: { domain: ['up', 'down', 'ns'], range: ['#d62728', '#1f77b4', '#b0b0b0'] } };
  const rules = [
    { x: -lfcThreshold }, { x: lfcThreshold },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'Volcano plot', subtitle: options.subtitle ?? `${nUp} up, ${nDown} down of ${values.length} tested genes (padj < ${padjThreshold}, |log2FC| > ${lfcThreshold})` },
    width: options.width ?? 520,
    height: options.height ?? 380,
    layer: [
      {
        data: { values },
        mark: { type: 'circle', size: 14, opacity: 0.7 },
        encoding: {
          x: { field: 'lfc', type: 'quantitative', title: xTitle },
          y: { field: 'mlog10', type: 'quantitative', title: '-log10 adjusted p-value' },
          color,
          tooltip: [{ field: 'label', title: 'gene' }, { field: 'lfc', title: 'log2FC', format: '.3f' }, { field: 'padj', title: 'padj', format: '.3g' }],
        },
      },
      { data: { values: rules }, mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{ y: -Math.log10(padjThreshold) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'grey' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: labelled },
        mark: { type: 'text', dy: -7, fontSize: 10 },
        encoding: { x: { field: 'lfc', type: 'quantitative' }, y: { field: 'mlog10', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
    config: { font: 'sans-serif' },
  } as TopLevelSpec;
}
