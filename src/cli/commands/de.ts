import type { Command } from 'commander';
import { Option } from 'commander';
import type { DeMethod, DifferentialExpressionTable } from '../../genomics/index.js';
import { DE_METHODS, geneTableCsv, readCountMatrix, readSampleSheet, runDifferentialExpression, twoGroupCounts } from '../../genomics/index.js';
import { renderSvg, volcanoPlotSpec } from '../../report/index.js';
import type { TextTable } from '../render.js';
import { emit, unwrap } from '../shared.js';
import { boundedNumberFlag, integerFlag, writeFiles } from './genomics-flags.js';

interface DeFlags {
  group: string;
  sampleColumn: string;
  reference?: string;
  alternative?: string;
  method: DeMethod;
  padj: string;
  lfc: string;
  top: string;
  out?: string;
  json?: boolean;
  digits: string;
}

/** Indices of genes with finite padj, by ascending padj then |log2FC| descending. */
function topGenes(t: DifferentialExpressionTable, n: number): number[] {
  const idx: number[] = [];
  for (let g = 0; g < t.geneIds.length; g++) if (Number.isFinite(t.padj[g])) idx.push(g);
  idx.sort((a, b) => t.padj[a] - t.padj[b] || Math.abs(t.log2FoldChange[b]) - Math.abs(t.log2FoldChange[a]) || a - b);
  return idx.slice(0, n);
}

/** `mmf de`: two-group differential expression (DESeq2, edgeR or limma-voom) with a gene table and volcano plot. */
export function register(program: Command): void {
  program
    .command('de')
    .description('Differential expression between two groups of RNA-seq samples: DESeq2 (default, as DESeq() + results()), edgeR exact test or limma-voom. Prints the top genes; --out writes de.csv (all genes) and volcano.svg.')
    .argument('<counts.csv>', 'counts table: gene id column then one integer column per sample (CSV or TSV)')
    .argument('<samples.csv>', 'sample sheet with a sample id column and a group column')
    .option('--group <column>', 'group column of the sample sheet', 'group')
    .option('--sample-column <column>', 'sample id column of the sample sheet', 'sample')
    .option('--reference <level>', 'reference (denominator) group; default: first label in sorted order')
    .option('--alternative <level>', 'alternative (numerator) group; default: the other label')
    .addOption(new Option('--method <method>', 'differential-expression method').choices([...DE_METHODS]).default('deseq2'))
    .option('--padj <p>', 'padj cut for the up/down counts and the volcano plot', '0.05')
    .option('--lfc <x>', '|log2 fold change| cut for the up/down counts and the volcano plot', '1')
    .option('--top <n>', 'genes shown in the text table', '20')
    .option('--out <dir>', 'write de.csv (gene table, DESeq2 column names) and volcano.svg into this folder')
    .option('--json', 'write JSON (full precision: every gene and the diagnostics) instead of a text table')
    .option('--digits <n>', 'significant digits in text tables', '4')
    .addHelpText(
      'after',
      '\nExamples:\n  mmf de counts.csv samples.csv --group condition --reference control --out de-results/\n' +
        '  mmf de s/counts.csv groups.csv --sample-column sample_id --group risk --reference low --method voom --json',
    )
    .action(async (countsPath: string, samplesPath: string, f: DeFlags) => {
      const padjCut = boundedNumberFlag('--padj', f.padj, 0, 1, true);
      const lfcCut = boundedNumberFlag('--lfc', f.lfc, 0, 100);
      const top = integerFlag('--top', f.top, 0);
      const matrix = unwrap(countsPath, readCountMatrix(countsPath));
      const sheet = unwrap(samplesPath, readSampleSheet(samplesPath, { sampleColumn: f.sampleColumn, groupColumn: f.group }));
      const input = unwrap('groups', twoGroupCounts(matrix, sheet, { reference: f.reference, alternative: f.alternative }));
      const res = runDifferentialExpression(input, { method: f.method });
      const t = res.table;
      let nUp = 0;
      let nDown = 0;
      for (let g = 0; g < t.geneIds.length; g++) {
        if (!(t.padj[g] < padjCut)) continue;
        if (t.log2FoldChange[g] > lfcCut) nUp++;
        else if (t.log2FoldChange[g] < -lfcCut) nDown++;
      }
      const summary = `${f.method}: ${t.alternative} vs ${t.reference}, ${input.matrix.nSamples} samples, ${t.geneIds.length} genes, ${res.diagnostics.nTested} tested; ${nUp} up, ${nDown} down (padj < ${padjCut}, |log2FC| > ${lfcCut})`;
      const notes = [summary, ...res.diagnostics.warnings.map((w) => `warning: ${w.message}`)];
      if (f.out) {
        const svg = await renderSvg(
          volcanoPlotSpec(
            t.geneIds.map((id, g) => ({ id, log2FoldChange: t.log2FoldChange[g], padj: t.padj[g] })),
            { title: `${t.alternative} vs ${t.reference} (${f.method})`, padjThreshold: padjCut, lfcThreshold: lfcCut, alternative: t.alternative, reference: t.reference },
          ),
        );
        const paths = writeFiles(f.out, { 'de.csv': geneTableCsv(t), 'volcano.svg': svg });
        notes.push(`wrote ${paths.join(', ')}`);
      }
      const table: TextTable = {
        title: `Top ${top} genes by padj`,
        columns: ['gene', 'baseMean', 'log2FC', 'stat', 'pvalue', 'padj'],
        rows: topGenes(t, top).map((g) => [t.geneIds[g], t.baseMean[g], t.log2FoldChange[g], t.stat[g], t.pvalue[g], t.padj[g]]),
      };
      emit(f, { summary: { nUp, nDown, padjThreshold: padjCut, lfcThreshold: lfcCut }, table: t, diagnostics: res.diagnostics }, [table], notes);
    });
}
