/**
 * Result tables of the genomics analyses as CSV text (R-style `NA` for untested values), the
 * layout written by `mmf de`, `mmf enrichment` and `mmf genomics` and read back by `mmf enrichment`.
 */
import type { OverRepresentationSet, GseaSetResult } from '../enrichment/index.js';
import type { DifferentialExpressionTable } from './differential-expression.js';
import type { RiskGroupGene } from './risk-group-de.js';

type Cell = string | number | null;

function cell(v: Cell): string {
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) return 'NA';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Inf' : '-Inf';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows (first row = header) → CSV text with a trailing newline. */
export function formatCsvRows(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** Header of the gene table (DESeq2 `results()` column names, gene id first). */
export const GENE_TABLE_COLUMNS = ['gene_id', 'baseMean', 'log2FoldChange', 'stat', 'pvalue', 'padj'] as const;

/** DE gene table in matrix order: gene_id, baseMean, log2FoldChange, stat, pvalue, padj. */
export function geneTableCsv(t: DifferentialExpressionTable): string {
  const rows: Cell[][] = [[...GENE_TABLE_COLUMNS]];
  for (let g = 0; g < t.geneIds.length; g++) rows.push([t.geneIds[g], t.baseMean[g], t.log2FoldChange[g], t.stat[g], t.pvalue[g], t.padj[g]]);
  return formatCsvRows(rows);
}

/** Resolved risk-group gene table: the DE columns plus the gene-set id and the up/down call. */
export function riskGeneTableCsv(genes: readonly RiskGroupGene[]): string {
  const rows: Cell[][] = [[...GENE_TABLE_COLUMNS, 'set_gene_id', 'call']];
  for (const g of genes) rows.push([g.geneId, g.baseMean, g.log2FoldChange, g.stat, g.pvalue, g.padj, g.setGeneId, g.call]);
  return formatCsvRows(rows);
}

/** ORA table sorted by p: id, description, size, overlap, expected, gene ratio (k/n), p, BH. */
export function oraTableCsv(sets: readonly OverRepresentationSet[], selectedSize: number): string {
  const rows: Cell[][] = [['set_id', 'description', 'size', 'overlap', 'expected', 'gene_ratio', 'pvalue', 'padj', 'overlap_genes']];
  for (const s of sets) rows.push([s.id, s.description, s.size, s.overlap, s.expected, selectedSize > 0 ? s.overlap / selectedSize : NaN, s.pValue, s.padjAll, s.overlapGenes.join(';')]);
  return formatCsvRows(rows);
}

/** GSEA table sorted by p then |NES|: id, description, size, ES, NES, p, BH, permutations, leading edge. */
export function gseaTableCsv(sets: readonly GseaSetResult[]): string {
  const rows: Cell[][] = [['set_id', 'description', 'size', 'es', 'nes', 'pvalue', 'padj', 'permutations', 'leading_edge']];
  for (const s of sortGsea(sets)) rows.push([s.id, s.description, s.size, s.es, s.nes, s.pValue, s.padj, s.permutations, s.leadingEdge.join(';')]);
  return formatCsvRows(rows);
}

/** GSEA sets by ascending p, then descending |NES| (NaN last), then collection order. */
export function sortGsea(sets: readonly GseaSetResult[]): GseaSetResult[] {
  const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
  return sets
    .map((s, i) => ({ s, i }))
    .sort((a, b) => key(a.s.pValue) - key(b.s.pValue) || key(-Math.abs(a.s.nes)) - key(-Math.abs(b.s.nes)) || a.i - b.i)
    .map((x) => x.s);
}
