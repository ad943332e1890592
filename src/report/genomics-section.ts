/**
 * The genomics section of the study report: high- vs low-risk differential expression and
 * pathway enrichment (the paper's PI3K-Akt analysis), as Markdown with a volcano plot, enrichment
 * dot plots and CSV tables. The study pipeline calls {@link buildGenomicsSection} when the
 * manifest lists RNA-seq samples; with no counts it returns null and the report omits the section.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Issue } from '../core/issues.js';
import { VERSION } from '../core/version.js';
import type { GseaSetResult, OverRepresentationResult, RiskGroupDeInput, RiskGroupDeOptions, RiskGroupDeResult } from '../genomics/index.js';
import { gseaTableCsv, oraTableCsv, riskGeneTableCsv, riskGroupDifferentialExpression, sortGsea } from '../genomics/index.js';
import type { EnrichmentDot } from './figures/enrichment-dot-plot.js';
import { enrichmentDotPlotSpec, shortSetName } from './figures/enrichment-dot-plot.js';
import { renderSvg } from './figures/render-svg.js';
import { volcanoPlotSpec } from './figures/volcano-plot.js';

/** Input of the section: the analysis input, or `counts: null` when the study has no RNA-seq. */
export type GenomicsSectionInput = Omit<RiskGroupDeInput, 'counts'> & { readonly counts: RiskGroupDeInput['counts'] | null };

export interface GenomicsSectionOptions extends RiskGroupDeOptions {
  /** Name of the risk score in the text (default "MMF risk score"). */
  readonly riskName?: string;
  /** Sets shown per dot plot and table (default 15 / 10). */
  readonly topSets?: number;
  readonly topRows?: number;
  /**
   * Gene id → symbol (keyed by the count-matrix id or the gene-set id), when the study has one: genes
   * are shown as `SYMBOL (id)` in the table and by symbol on the volcano plot; without it, by id.
   */
  readonly geneSymbols?: ReadonlyMap<string, string>;
  /** Where the RNA-seq samples come from (cohort, samples, centres), for the pooling limitation. */
  readonly samplePooling?: readonly SamplePoolingRow[];
}

/** RNA-seq samples of one cohort in the analysis. */
export interface SamplePoolingRow {
  readonly cohort: string;
  readonly samples: number;
  readonly centres: readonly string[];
}

/** A gene as shown: `SYMBOL (id)` when a symbol is known for its count-matrix or gene-set id, else the id. */
export function geneDisplayName(g: { readonly geneId: string; readonly setGeneId?: string }, symbols?: ReadonlyMap<string, string>): string {
  const sym = symbols?.get(g.geneId) ?? (g.setGeneId !== undefined ? symbols?.get(g.setGeneId) : undefined);
  return sym && sym !== g.geneId ? `${sym} (${g.geneId})` : g.geneId;
}

const COHORT_NAMES: Readonly<Record<string, string>> = { training: 'training', internal_validation: 'internal validation', external_test: 'external test' };

/** The limitation sentence on pooling: every cohort and centre analysed together, no centre term in the design. */
export function poolingLimitation(method: string, pooling?: readonly SamplePoolingRow[]): string {
  const design = `the ${method} design has only the risk group (no centre or batch term), so centre effects on expression are not adjusted for and may confound the high- vs low-risk comparison`;
  const rows = (pooling ?? []).filter((r) => r.samples > 0);
  if (!rows.length) return `Limitation: the RNA-seq samples are analysed together whatever their centre or cohort, and ${design}.`;
  const centres = [...new Set(rows.flatMap((r) => r.centres))].sort();
  const parts = rows.map((r) => `${COHORT_NAMES[r.cohort] ?? r.cohort} ${r.samples}${r.centres.length ? ` (${r.centres.join(', ')})` : ''}`);
  return `Limitation: the RNA-seq samples pool ${rows.length > 1 ? 'all cohorts' : 'one cohort'}${centres.length ? ` and ${centres.length} centre(s)` : ''} (${parts.join('; ')}), training and test patients alike, and ${design}.`;
}

/** The rendered section. */
export interface GenomicsSection {
  readonly result: RiskGroupDeResult;
  readonly markdown: string;
  readonly figures: { readonly volcanoSvg: string; readonly gseaDotSvg: string; readonly oraUpDotSvg: string };
  readonly warnings: readonly Issue[];
}

/** ORA sets as dots: gene ratio = overlap / selected genes, count = overlap. */
export function oraDots(r: OverRepresentationResult): EnrichmentDot[] {
  const n = r.diagnostics.selectedSize;
  return r.sets.filter((s) => s.overlap > 0).map((s) => ({ id: s.id, geneRatio: n > 0 ? s.overlap / n : 0, count: s.overlap, pValue: s.pValue, padj: s.padjAll }));
}

/** Positively enriched GSEA sets (ES > 0) as dots: gene ratio = leading edge / set size. */
export function gseaDots(sets: readonly GseaSetResult[], sign: 1 | -1 = 1): EnrichmentDot[] {
  return sets.filter((s) => Math.sign(s.es) === sign).map((s) => ({ id: s.id, geneRatio: s.leadingEdge.length / s.size, count: s.leadingEdge.length, pValue: s.pValue, padj: s.padj }));
}

const fmt = (v: number, d = 3): string => (Number.isNaN(v) ? 'NA' : v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toFixed(d));

/** Markdown of the section (figure links are relative: volcano.svg, gsea-dot.svg, ora-up-dot.svg). */
export function genomicsSectionMarkdown(r: RiskGroupDeResult, options: GenomicsSectionOptions = {}, geneSetSource = 'the gene-set file'): string {
  const riskName = options.riskName ?? 'MMF risk score';
  const top = options.topRows ?? 10;
  const d = r.diagnostics;
  const s = r.split;
  const L: string[] = [];
  L.push(`## Genomics: differential expression, high vs low ${riskName}`, '');
  const rule = s.rule === 'median' ? `split at the median ${riskName} (${fmt(s.threshold ?? NaN)}; ties go to low risk)` : 'given high/low labels';
  L.push(`${s.nHigh + s.nLow} RNA-seq samples, ${rule}: ${s.nHigh} high-risk vs ${s.nLow} low-risk.${s.unmatchedSamples.length ? ` ${s.unmatchedSamples.length} sample(s) without a risk value were left out.` : ''}`);
  const m = d.method === 'deseq2' ? 'DESeq2 (Wald test, parametric dispersion trend, independent filtering)' : d.method === 'edger' ? 'edgeR exact test (TMM, common dispersion)' : 'limma-voom (TMM, moderated t)';
  L.push('', `Differential expression high vs low risk with ${m}: ${r.de.diagnostics.nTested} genes tested; ${d.nUp} up and ${d.nDown} down (padj < ${d.padjThreshold}, |log2FC| > ${d.lfcThreshold}).`, '');
  L.push(poolingLimitation(d.method === 'deseq2' ? 'DESeq2' : d.method === 'edger' ? 'edgeR' : 'limma-voom', options.samplePooling), '');
  L.push('![Volcano plot](volcano.svg)', '');
  const sig = r.genes.filter((g) => g.call === 'up' || g.call === 'down').sort((a, b) => a.padj - b.padj).slice(0, top);
  if (sig.length) {
    L.push(`| gene${options.geneSymbols ? ' (symbol and id)' : ''} | log2FC | padj |`, '|---|---:|---:|');
    for (const g of sig) L.push(`| ${geneDisplayName(g, options.geneSymbols)} | ${fmt(g.log2FoldChange)} | ${fmt(g.padj)} |`);
    L.push('');
  }
  L.push(`### Pre-ranked GSEA (ranked on the ${d.method === 'deseq2' ? 'Wald statistic' : d.method === 'voom' ? 'moderated t' : 'signed normal score'}; ${r.gsea.diagnostics.permutations} gene-set permutations, seed ${d.seed})`, '');
  L.push('![GSEA dot plot](gsea-dot.svg)', '', '| gene set | size | ES | NES | p | padj |', '|---|---:|---:|---:|---:|---:|');
  for (const g of sortGsea(r.gsea.sets).slice(0, top)) L.push(`| ${shortSetName(g.id)} | ${g.size} | ${fmt(g.es)} | ${fmt(g.nes)} | ${fmt(g.pValue)} | ${fmt(g.padj)} |`);
  L.push('', `### Over-representation of up-regulated genes (hypergeometric; universe = ${r.oraUp.diagnostics.universeSize} tested, annotated genes)`, '');
  const oraTop = r.oraUp.sets.filter((x) => x.overlap > 0).slice(0, top);
  if (oraTop.length) {
    L.push('![ORA dot plot](ora-up-dot.svg)', '', '| gene set | size | overlap | expected | p | padj |', '|---|---:|---:|---:|---:|---:|');
    for (const o of oraTop) L.push(`| ${shortSetName(o.id)} | ${o.size} | ${o.overlap} | ${fmt(o.expected, 2)} | ${fmt(o.pValue)} | ${fmt(o.padjAll)} |`);
  } else L.push('No up-regulated gene falls in a tested gene set.');
  if (d.warnings.length) L.push('', '### Warnings', '', ...d.warnings.map((w) => `- ${w.message}`));
  L.push('', `Gene sets: ${r.oraUp.diagnostics.setsInCollection} sets from \`${basename(geneSetSource)}\`; mmf ${VERSION}.`, '');
  return L.join('\n');
}

/**
 * Run the analysis and render the section; null when the study has no RNA-seq counts
 * (`counts` null or without samples).
 */
export async function buildGenomicsSection(input: GenomicsSectionInput, options: GenomicsSectionOptions = {}): Promise<GenomicsSection | null> {
  if (input.counts === null || input.counts.nSamples === 0) return null;
  const result = riskGroupDifferentialExpression({ ...input, counts: input.counts }, options);
  const d = result.diagnostics;
  const topSets = options.topSets ?? 15;
  const volcanoSvg = await renderSvg(
    volcanoPlotSpec(
      result.genes.map((g) => ({ id: g.geneId, label: options.geneSymbols?.get(g.geneId) ?? options.geneSymbols?.get(g.setGeneId) ?? g.geneId, log2FoldChange: g.log2FoldChange, padj: g.padj })),
      { title: `High vs low ${options.riskName ?? 'MMF risk score'}`, padjThreshold: d.padjThreshold, lfcThreshold: d.lfcThreshold, alternative: 'high', reference: 'low' },
    ),
  );
  const gseaDotSvg = await renderSvg(enrichmentDotPlotSpec(gseaDots(result.gsea.sets), { title: 'GSEA: sets enriched in high risk', top: topSets }));
  const oraUpDotSvg = await renderSvg(enrichmentDotPlotSpec(oraDots(result.oraUp), { title: 'ORA: genes up in high risk', top: topSets }));
  return { result, markdown: genomicsSectionMarkdown(result, options, input.geneSets.source), figures: { volcanoSvg, gseaDotSvg, oraUpDotSvg }, warnings: d.warnings };
}

/** Write the section (section.md, three SVGs, genes.csv, gsea.csv, ora-up.csv, ora-down.csv) into `dir`; returns path by role. */
export function writeGenomicsSection(section: GenomicsSection, dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  const put = (name: string, role: string, text: string): void => {
    const p = join(dir, name);
    writeFileSync(p, text);
    files[role] = p;
  };
  const r = section.result;
  put('section.md', 'markdown', section.markdown);
  put('volcano.svg', 'volcano', section.figures.volcanoSvg);
  put('gsea-dot.svg', 'gseaDot', section.figures.gseaDotSvg);
  put('ora-up-dot.svg', 'oraUpDot', section.figures.oraUpDotSvg);
  put('genes.csv', 'genes', riskGeneTableCsv(r.genes));
  put('gsea.csv', 'gsea', gseaTableCsv(r.gsea.sets));
  put('ora-up.csv', 'oraUp', oraTableCsv(r.oraUp.sets, r.oraUp.diagnostics.selectedSize));
  put('ora-down.csv', 'oraDown', oraTableCsv(r.oraDown.sets, r.oraDown.diagnostics.selectedSize));
  return files;
}
