import type { Command } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { createRng } from '../../core/rng.js';
import type { Table } from '../../core/table.js';
import { numericColumn, readCsvFile } from '../../core/table.js';
import type { OverRepresentationResult, PreRankedGseaResult } from '../../genomics/index.js';
import { gseaTableCsv, oraTableCsv, overRepresentation, parseRankedList, preRankedGsea, readGmtFile, resolveGeneIds, sortGsea } from '../../genomics/index.js';
import { enrichmentDotPlotSpec, gseaDots, oraDots, renderSvg, shortSetName } from '../../report/index.js';
import type { TextTable } from '../render.js';
import { emit, unwrap } from '../shared.js';
import { boundedNumberFlag, idMappingFromFlags, integerFlag, writeFiles } from './genomics-flags.js';

interface EnrichmentFlags {
  gmt: string;
  ora?: boolean;
  gsea?: boolean;
  idColumn?: string;
  statColumn?: string;
  padjColumn: string;
  lfcColumn: string;
  padj: string;
  lfc: string;
  seed: string;
  permutations: string;
  minSize?: string;
  maxSize?: string;
  idMap?: string;
  idFrom?: string;
  idTo?: string;
  top: string;
  out?: string;
  json?: boolean;
  digits: string;
}

function column(table: Table, name: string, role: string): Float64Array {
  const c = numericColumn(table, name, role);
  throwIfErrors(`${table.source}: ${role} column "${name}"`, c.issues.filter((i) => i.code !== 'non_finite'));
  return c.values;
}

function requireColumn(table: Table, name: string, flag: string): void {
  if (!table.columns.includes(name)) {
    throw new HccError('E_INPUT', `${table.source}: no column "${name}"`, {
      issues: [issueError('missing_column', [table.source, name], `column "${name}" is not in the table`, { expected: `one of: ${table.columns.join(', ')} (set ${flag})` })],
    });
  }
}

/** `mmf enrichment`: over-representation (ORA) of DE genes and/or pre-ranked GSEA against a GMT file. */
export function register(program: Command): void {
  program
    .command('enrichment')
    .description(
      'Gene-set enrichment against a GMT file: pre-ranked GSEA (weighted running sum, seeded gene-set permutations) on a ranked list or a DE table, and/or over-representation (hypergeometric) of the up- and down-regulated genes of a DE table (universe = genes with a padj). ' +
        'A ranked list is a CSV of gene id and statistic; a DE table is the de.csv written by `mmf de` (gene_id, log2FoldChange, stat, padj).',
    )
    .argument('<table.csv>', 'ranks.csv (gene id, statistic) or de.csv (from mmf de)')
    .requiredOption('--gmt <file>', 'gene sets (GMT), e.g. data/genesets/wikipathways-20260610-gmt-Homo_sapiens.gmt')
    .option('--ora', 'over-representation of up/down genes (needs padj and log2FoldChange columns)')
    .option('--gsea', 'pre-ranked GSEA on the statistic column (default when neither is given)')
    .option('--id-column <column>', 'gene id column (default: gene_id if present, else the first column)')
    .option('--stat-column <column>', 'ranking statistic column (default: stat if present, else the second column)')
    .option('--padj-column <column>', 'adjusted p-value column (ORA)', 'padj')
    .option('--lfc-column <column>', 'log2 fold-change column (ORA)', 'log2FoldChange')
    .option('--padj <p>', 'ORA: padj cut', '0.05')
    .option('--lfc <x>', 'ORA: |log2 fold change| cut', '1')
    .option('--seed <n>', 'GSEA permutation seed', '1')
    .option('--permutations <n>', 'GSEA gene-set permutations per set size', '1000')
    .option('--min-size <n>', 'smallest set tested (default GSEA 15, ORA 10)')
    .option('--max-size <n>', 'largest set tested', '500')
    .option('--id-map <file>', 'CSV mapping the table\'s gene ids to the GMT\'s id type (with --id-from, --id-to)')
    .option('--id-from <column>', 'mapping column with the table\'s ids, e.g. ENSEMBL')
    .option('--id-to <column>', 'mapping column with the GMT\'s ids, e.g. ENTREZID')
    .option('--top <n>', 'sets shown per text table', '15')
    .option('--out <dir>', 'write gsea.csv / ora-up.csv / ora-down.csv and dot-plot SVGs into this folder')
    .option('--json', 'write JSON (full precision) instead of text tables')
    .option('--digits <n>', 'significant digits in text tables', '4')
    .addHelpText(
      'after',
      '\nExamples:\n  mmf enrichment ranks.csv --gmt data/genesets/h.all.v7.0.symbols.gmt --gsea --seed 1 --permutations 1000\n' +
        '  mmf enrichment de-results/de.csv --gmt data/genesets/wikipathways-20260610-gmt-Homo_sapiens.gmt --ora --gsea --out enrich/',
    )
    .action(async (file: string, f: EnrichmentFlags) => {
      const doOra = !!f.ora;
      const doGsea = !!f.gsea || !f.ora;
      const padjCut = boundedNumberFlag('--padj', f.padj, 0, 1, true);
      const lfcCut = boundedNumberFlag('--lfc', f.lfc, 0, 100);
      const seed = integerFlag('--seed', f.seed, 0);
      const permutations = integerFlag('--permutations', f.permutations, 0);
      const maxSize = integerFlag('--max-size', f.maxSize ?? '500', 1);
      const minSize = f.minSize !== undefined ? integerFlag('--min-size', f.minSize, 1) : undefined;
      const top = integerFlag('--top', f.top, 0);
      const table = readCsvFile(file);
      const idCol = f.idColumn ?? (table.columns.includes('gene_id') ? 'gene_id' : table.columns[0]);
      requireColumn(table, idCol, '--id-column');
      const statCol = f.statColumn ?? (table.columns.includes('stat') ? 'stat' : table.columns[1]);
      if (doGsea) requireColumn(table, statCol ?? '', '--stat-column');
      if (doOra) {
        requireColumn(table, f.padjColumn, '--padj-column');
        requireColumn(table, f.lfcColumn, '--lfc-column');
      }
      const { collection, warnings: gmtWarnings } = readGmtFile(f.gmt);
      const rawIds = table.cells.get(idCol)!.map((v) => v ?? '');
      let ids: readonly string[] = rawIds;
      const stat = statCol && table.columns.includes(statCol) ? column(table, statCol, 'statistic') : null;
      const padj = doOra ? column(table, f.padjColumn, 'padj') : null;
      const lfc = doOra ? column(table, f.lfcColumn, 'log2 fold change') : null;
      let rows: Int32Array = Int32Array.from(rawIds, (_, i) => i);
      const mapping = idMappingFromFlags(f);
      const notes: string[] = gmtWarnings.map((w) => `warning: ${w.message}`);
      if (mapping) {
        const res = resolveGeneIds(rawIds, stat ?? lfc!.map(Math.abs), mapping);
        rows = res.rows;
        ids = res.targetIds;
        notes.push(`ids: ${res.diagnostics.kept} of ${res.diagnostics.input} genes mapped to ${f.idTo} (${res.diagnostics.unmapped} unmapped, ${res.diagnostics.multiMapped} ambiguous, ${res.diagnostics.duplicateTargetDropped} duplicates)`);
      }
      const out: { gsea?: PreRankedGseaResult; oraUp?: OverRepresentationResult; oraDown?: OverRepresentationResult } = {};
      const tables: TextTable[] = [];
      const files: Record<string, string> = {};
      if (doGsea) {
        const rIds: string[] = [];
        const rStats: number[] = [];
        rows.forEach((r, k) => {
          if (Number.isFinite(stat![r])) {
            rIds.push(ids[k]);
            rStats.push(stat![r]);
          }
        });
        if (rIds.length < rows.length) notes.push(`GSEA: ${rows.length - rIds.length} gene(s) without a finite statistic left out`);
        const ranked = unwrap(`${file}: ranked list`, parseRankedList(rIds, rStats));
        const g = preRankedGsea(ranked, collection, { permutations, minSize, maxSize }, createRng(seed));
        out.gsea = g;
        notes.push(`GSEA: ${g.diagnostics.rankedGenes} ranked genes, ${g.diagnostics.setsTested} of ${g.diagnostics.setsInCollection} sets tested, ${permutations} permutations, seed ${seed}`, ...g.warnings.map((w) => `warning: ${w.message}`));
        tables.push({
          title: `GSEA: top ${top} sets by p`,
          columns: ['set', 'size', 'ES', 'NES', 'pvalue', 'padj'],
          rows: sortGsea(g.sets).slice(0, top).map((s) => [shortSetName(s.id), s.size, s.es, s.nes, s.pValue, s.padj]),
        });
        files['gsea.csv'] = gseaTableCsv(g.sets);
        if (f.out) files['gsea-dot.svg'] = await renderSvg(enrichmentDotPlotSpec(gseaDots(g.sets), { title: 'GSEA: positively enriched sets' }));
      }
      if (doOra) {
        const universe: string[] = [];
        const up: string[] = [];
        const down: string[] = [];
        rows.forEach((r, k) => {
          if (!Number.isFinite(padj![r])) return;
          universe.push(ids[k]);
          if (padj![r] < padjCut && lfc![r] > lfcCut) up.push(ids[k]);
          else if (padj![r] < padjCut && lfc![r] < -lfcCut) down.push(ids[k]);
        });
        for (const [dir, sel] of [['up', up], ['down', down]] as const) {
          const o = overRepresentation(sel, universe, collection, { minSize, maxSize });
          out[dir === 'up' ? 'oraUp' : 'oraDown'] = o;
          notes.push(`ORA ${dir}: ${o.diagnostics.selectedSize} genes (padj < ${padjCut}, log2FC ${dir === 'up' ? `> ${lfcCut}` : `< -${lfcCut}`}) in a universe of ${o.diagnostics.universeSize} annotated tested genes; ${o.diagnostics.setsTested} sets tested`);
          tables.push({
            title: `ORA ${dir}: top ${top} sets by p`,
            columns: ['set', 'size', 'overlap', 'expected', 'pvalue', 'padj'],
            rows: o.sets.slice(0, top).map((s) => [shortSetName(s.id), s.size, s.overlap, s.expected, s.pValue, s.padjAll]),
          });
          files[`ora-${dir}.csv`] = oraTableCsv(o.sets, o.diagnostics.selectedSize);
          if (f.out) files[`ora-${dir}-dot.svg`] = await renderSvg(enrichmentDotPlotSpec(oraDots(o), { title: `ORA: ${dir}-regulated genes` }));
        }
      }
      if (f.out) notes.push(`wrote ${writeFiles(f.out, files).join(', ')}`);
      emit(f, { source: file, gmt: f.gmt, seed, ...out }, tables, notes);
    });
}
