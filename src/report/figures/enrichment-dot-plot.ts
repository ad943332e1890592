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

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A gene-set title with HTML entities decoded (`&#39;`, `&#x27;`, `&amp;`, …) and the WikiPathways
 * GMT export's mangled apostrophe repaired: its titles carry `&#39;` with the punctuation stripped,
 * as in "Alzheimer 39 s disease" → "Alzheimer's disease".
 */
export function decodeSetTitle(title: string): string {
  return title
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/([A-Za-z]) 39 s\b/g, "$1's");
}

/**
 * A readable set name: GMT names of the WikiPathways form `Name%WikiPathways_date%WP123%Species`
 * become `Name (WP123)`; other names are returned as they are; HTML entities and the mangled
 * apostrophe are decoded ({@link decodeSetTitle}).
 */
export function shortSetName(id: string): string {
  const parts = id.split('%');
  return decodeSetTitle(parts.length >= 3 ? `${parts[0]} (${parts[2]})` : id);
}

/**
 * An axis label of at most `max` characters that keeps a trailing identifier: `Long name … (WP123)`
 * rather than the renderer cutting the end (and the id) off.
 */
export function dotPlotLabel(label: string, max = 44): string {
  if (label.length <= max) return label;
  const m = /^(.*?)\s*(\([^()]+\))$/.exec(label);
  const tail = m ? ` ${m[2]}` : '';
  const head = m ? m[1] : label;
  return `${head.slice(0, Math.max(1, max - tail.length - 1)).trimEnd()}…${tail}`;
}

/** Whole-number legend values for a count range: every integer when at most five, else the multiples of a round step (1, 2, 5 × 10^k) giving three to seven values. */
export function integerLegendValues(min: number, max: number): number[] {
  const lo = Math.max(0, Math.floor(min));
  const hi = Math.max(lo, Math.ceil(max));
  if (hi - lo <= 4) return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const raw = (hi - lo) / 3;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [5, 2, 1].map((m) => m * pow).find((st) => st <= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v);
  return out;
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
  const values = shown.map((d, i) => ({ label: dotPlotLabel(d.label ?? shortSetName(d.id)), order: i, geneRatio: d.geneRatio, count: d.count, padj: d.padj, mlog10: -Math.log10(Math.max(d.padj, 1e-300)) }));
  // Colour from padj = 1 (0) to at least padj = 0.05 (1.3), so one value or all non-significant sets still get a readable legend.
  const maxColour = Math.max(-Math.log10(0.05), ...values.map((v) => v.mlog10));
  const counts = values.map((v) => v.count);
  const countValues = counts.length ? integerLegendValues(Math.min(...counts), Math.max(...counts)) : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'Enrichment', subtitle: options.subtitle ?? `top ${values.length} sets by p-value` },
    width: options.width ?? 300,
    height: { step: 22 },
    data: { values },
    mark: { type: 'circle', opacity: 0.9 },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: { field: 'order' }, title: null, axis: { labelLimit: 600 } },
      x: { field: 'geneRatio', type: 'quantitative', title: 'Gene ratio', scale: { zero: false } },
      size: { field: 'count', type: 'quantitative', title: 'Count', legend: { values: countValues, format: 'd' } },
      color: { field: 'mlog10', type: 'quantitative', title: '-log10 padj', scale: { scheme: 'reds', domain: [0, maxColour], nice: true }, legend: { format: '.1f' } },
      tooltip: [{ field: 'label', title: 'set' }, { field: 'count' }, { field: 'padj', format: '.3g' }],
    },
    config: { font: 'sans-serif' },
  } as TopLevelSpec;
}
