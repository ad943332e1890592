import { describe, expect, it } from 'vitest';
import { decodeSetTitle, dotPlotLabel, enrichmentDotPlotSpec, integerLegendValues, shortSetName, topEnrichmentDots } from './enrichment-dot-plot.js';
import { renderSvg } from './render-svg.js';
import { volcanoCall, volcanoPlotSpec } from './volcano-plot.js';

const genes = [
  { id: 'UP1', log2FoldChange: 2.5, padj: 1e-8 },
  { id: 'UP2', log2FoldChange: 1.2, padj: 0.01 },
  { id: 'DN1', log2FoldChange: -3, padj: 1e-4 },
  { id: 'SMALL', log2FoldChange: 0.5, padj: 1e-6 },
  { id: 'NS', log2FoldChange: 2, padj: 0.2 },
  { id: 'UNTESTED', log2FoldChange: 1, padj: NaN },
];

describe('volcano plot', () => {
  it('calls genes by both cuts (hand-checked) and drops untested ones', () => {
    expect(genes.map((g) => volcanoCall(g, 0.05, 1))).toEqual(['up', 'up', 'down', 'ns', 'ns', 'ns']);
    const spec = volcanoPlotSpec(genes, { topLabels: 2 }) as unknown as { title: { subtitle: string }; layer: { data: { values: { id?: string; mlog10?: number }[] } }[] };
    expect(spec.title.subtitle).toBe('2 up, 1 down of 5 tested genes (padj < 0.05, |log2FC| > 1)');
    expect(spec.layer[0].data.values.map((v) => v.id)).not.toContain('UNTESTED');
    expect(spec.layer[0].data.values[0].mlog10).toBeCloseTo(8, 12);
    // labels: the 2 selected genes with the smallest padj
    expect(spec.layer[3].data.values.map((v) => v.id)).toEqual(['UP1', 'DN1']);
  });

  it('renders to SVG with the labels and the axis titles', async () => {
    const svg = await renderSvg(volcanoPlotSpec(genes, { alternative: 'high', reference: 'low' }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('log2 fold change (high vs low)');
    expect(svg).toContain('>UP1<');
  });

  it('padj = 0 stays finite (floored at 1e-300)', () => {
    const spec = volcanoPlotSpec([{ id: 'Z', log2FoldChange: 3, padj: 0 }]) as unknown as { layer: { data: { values: { mlog10: number }[] } }[] };
    expect(spec.layer[0].data.values[0].mlog10).toBe(300);
  });
});

describe('enrichment dot plot', () => {
  const dots = [
    { id: 'A%WikiPathways_20260610%WP1%Homo sapiens', geneRatio: 0.1, count: 3, pValue: 0.01, padj: 0.02 },
    { id: 'B', geneRatio: 0.3, count: 9, pValue: 0.001, padj: 0.005 },
    { id: 'C', geneRatio: 0.5, count: 5, pValue: 0.01, padj: 0.02 },
    { id: 'D', geneRatio: 0.5, count: 5, pValue: NaN, padj: NaN },
  ];
  it('keeps the top sets by p (ties: larger gene ratio), NaN p dropped', () => {
    expect(topEnrichmentDots(dots, 3).map((d) => d.id)).toEqual(['B', 'C', dots[0].id]);
    expect(topEnrichmentDots(dots, 1).map((d) => d.id)).toEqual(['B']);
  });
  it('short names for WikiPathways GMT ids', () => {
    expect(shortSetName(dots[0].id)).toBe('A (WP1)');
    expect(shortSetName('HALLMARK_PI3K_AKT_MTOR_SIGNALING')).toBe('HALLMARK_PI3K_AKT_MTOR_SIGNALING');
  });
  it('decodes HTML entities and the WikiPathways mangled apostrophe in set names', () => {
    expect(shortSetName('Alzheimer 39 s disease and miRNA effects%WikiPathways_20260610%WP2059%Homo sapiens')).toBe("Alzheimer's disease and miRNA effects (WP2059)");
    expect(decodeSetTitle('ERK pathway in Huntington 39 s disease')).toBe("ERK pathway in Huntington's disease");
    expect(decodeSetTitle('Parkinson&#39;s &amp; &#x27;X&#x27; &lt;y&gt; &bogus;')).toBe("Parkinson's & 'X' <y> &bogus;");
    // Numbers that are not the mangled apostrophe stay.
    expect(decodeSetTitle('miR 222 in exercise induced cardiac growth')).toBe('miR 222 in exercise induced cardiac growth');
    expect(decodeSetTitle('COVID 19 adverse outcome pathway')).toBe('COVID 19 adverse outcome pathway');
  });
  it('cuts long axis labels before the set id, not after', () => {
    expect(dotPlotLabel("Alzheimer's disease and miRNA effects (WP2059)", 30)).toBe("Alzheimer's disease… (WP2059)");
    expect(dotPlotLabel('Short (WP1)', 30)).toBe('Short (WP1)');
  });
  it('size legend shows whole counts only; colour legend has a range and a format even for one value', () => {
    expect(integerLegendValues(1, 3)).toEqual([1, 2, 3]);
    expect(integerLegendValues(0.4, 1)).toEqual([0, 1]);
    expect(integerLegendValues(19, 190)).toEqual([50, 100, 150]);
    expect(integerLegendValues(3, 40)).toEqual([10, 20, 30, 40]);
    const one = [1, 2, 3].map((k) => ({ id: `S${k}`, geneRatio: 0.1 * k, count: k, pValue: 0.001, padj: 0.008 }));
    const enc = (enrichmentDotPlotSpec(one) as unknown as { encoding: { size: { legend: { values: number[]; format: string } }; color: { scale: { domain: number[] }; legend: { format: string } } } }).encoding;
    expect(enc.size.legend.values.every((v) => Number.isInteger(v))).toBe(true);
    expect(enc.size.legend).toEqual({ values: [1, 2, 3], format: 'd' });
    expect(enc.color.scale.domain[0]).toBe(0);
    expect(enc.color.scale.domain[1]).toBeCloseTo(-Math.log10(0.008), 12);
    expect(enc.color.legend.format).toBe('.1f');
    // All non-significant: the colour range still reaches padj = 0.05.
    const ns = (enrichmentDotPlotSpec([{ ...one[0], padj: 0.9 }]) as unknown as { encoding: { color: { scale: { domain: number[] } } } }).encoding.color.scale.domain;
    expect(ns[1]).toBeCloseTo(-Math.log10(0.05), 12);
  });
  it('renders one-valued legends with round labels and whole counts', async () => {
    const svg = await renderSvg(enrichmentDotPlotSpec([1, 2, 3].map((k) => ({ id: `S${k}`, geneRatio: 0.1 * k, count: k, pValue: 0.001, padj: 0.008 }))));
    expect(svg).not.toContain('2.09691');
    expect(svg).not.toMatch(/>[0-9]\.5</);
    expect(svg).toContain('>2.0<');
  });
  it('renders to SVG with set labels and the legend titles', async () => {
    const svg = await renderSvg(enrichmentDotPlotSpec(dots, { title: 'GSEA' }));
    expect(svg).toContain('A (WP1)');
    expect(svg).toContain('Gene ratio');
    expect(svg).toContain('-log10 padj');
  });
});
