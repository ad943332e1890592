import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { numericColumn, readCsvFile } from '../../core/table.js';
import type { DeMethod, RiskAssignment } from '../../genomics/index.js';
import { DE_METHODS, readCountMatrix, readGmtFile, sortGsea } from '../../genomics/index.js';
import { buildGenomicsSection, shortSetName, writeGenomicsSection } from '../../report/index.js';
import { defaultGeneSetFile } from '../../synth/index.js';
import type { TextTable } from '../render.js';
import { emit, unwrap } from '../shared.js';
import { boundedNumberFlag, idMappingFromFlags, integerFlag } from './genomics-flags.js';

interface GenomicsFlags {
  risk: string;
  riskColumn?: string;
  labelColumn?: string;
  riskIdColumn?: string;
  sampleColumn?: string;
  patientColumn?: string;
  gmt?: string;
  method: DeMethod;
  padj: string;
  lfc: string;
  seed: string;
  permutations: string;
  idMap?: string;
  idFrom?: string;
  idTo?: string;
  top: string;
  out?: string;
  json?: boolean;
  digits: string;
}

function pickColumn(table: Table, given: string | undefined, candidates: readonly string[], flag: string, role: string): string {
  const name = given ?? candidates.find((c) => table.columns.includes(c));
  if (name === undefined || !table.columns.includes(name)) {
    throw new HccError('E_INPUT', `${table.source}: no ${role} column`, {
      issues: [issueError('missing_column', [table.source, name ?? candidates[0]], `no ${role} column "${name ?? candidates.join('" or "')}"`, { expected: `one of: ${table.columns.join(', ')} (set ${flag})` })],
    });
  }
  return name;
}

function readRisk(path: string, f: GenomicsFlags): RiskAssignment {
  const t = readCsvFile(path);
  const idCol = pickColumn(t, f.riskIdColumn, [t.columns[0]], '--risk-id-column', 'id');
  const ids = t.cells.get(idCol)!.map((v) => v ?? '');
  if (f.labelColumn) {
    const col = pickColumn(t, f.labelColumn, [], '--label-column', 'risk label');
    return { ids, labels: t.cells.get(col)!.map((v) => v ?? '') };
  }
  const col = pickColumn(t, f.riskColumn, ['risk', 'risk_score', 'score'], '--risk-column', 'risk score');
  const c = numericColumn(t, col, 'risk score');
  throwIfErrors(`${path}: risk column "${col}"`, c.issues.filter((i) => i.code === 'not_a_number'));
  return { ids, scores: c.values };
}

/** `mmf genomics`: the paper's high- vs low-risk DE and pathway analysis with tables, figures and a report section. */
export function register(program: Command): void {
  program
    .command('genomics')
    .description(
      'High- vs low-risk genomics as in the paper: split RNA-seq samples at the median risk score (or by high/low labels), differential expression high vs low (DESeq2 by default), ' +
        'over-representation of up/down genes (padj < 0.05, |log2FC| > 1; universe = tested genes) and pre-ranked GSEA on the Wald statistic against a GMT (default: shipped WikiPathways, with WP4172 PI3K-Akt). ' +
        '--out writes section.md, volcano and dot-plot SVGs and CSV tables.',
    )
    .argument('<counts.csv>', 'counts table (genes x samples)')
    .argument('<samples.csv>', 'RNA-seq sample sheet: sample id column and (optionally) a patient id column')
    .requiredOption('--risk <risk.csv>', 'risk per patient or sample: id column + numeric risk score (higher = worse) or a high/low label column')
    .option('--risk-column <column>', 'numeric risk column (default: risk, risk_score or score)')
    .option('--label-column <column>', 'use given high/low labels from this column instead of a median split')
    .option('--risk-id-column <column>', 'id column of the risk file (default: its first column)')
    .option('--sample-column <column>', 'sample id column of the sample sheet (default: sample or sample_id)')
    .option('--patient-column <column>', 'patient id column of the sample sheet (default: patient_id when present)')
    .option('--gmt <file>', 'gene sets (default: data/genesets WikiPathways, Entrez ids)')
    .addOption(new Option('--method <method>', 'differential-expression method').choices([...DE_METHODS]).default('deseq2'))
    .option('--padj <p>', 'padj cut for the ORA gene lists', '0.05')
    .option('--lfc <x>', '|log2 fold change| cut for the ORA gene lists', '1')
    .option('--seed <n>', 'GSEA permutation seed', '1')
    .option('--permutations <n>', 'GSEA permutations per set size', '1000')
    .option('--id-map <file>', 'CSV mapping count gene ids to the GMT id type (with --id-from, --id-to)')
    .option('--id-from <column>', 'mapping column with the count-table ids')
    .option('--id-to <column>', 'mapping column with the GMT ids')
    .option('--top <n>', 'rows per text table', '10')
    .option('--out <dir>', 'write the report section, figures and tables into this folder')
    .option('--json', 'write JSON (full precision) instead of text tables')
    .option('--digits <n>', 'significant digits in text tables', '4')
    .addHelpText(
      'after',
      '\nExamples:\n  mmf genomics synthetic/counts.csv synthetic/samples.csv --risk mmf-risk.csv --risk-column mmf_risk --out genomics/\n' +
        '  mmf genomics counts.csv samples.csv --risk groups.csv --label-column risk_group --method voom --gmt data/genesets/h.all.v7.0.symbols.gmt --json',
    )
    .action(async (countsPath: string, samplesPath: string, f: GenomicsFlags) => {
      const padjThreshold = boundedNumberFlag('--padj', f.padj, 0, 1, true);
      const lfcThreshold = boundedNumberFlag('--lfc', f.lfc, 0, 100);
      const seed = integerFlag('--seed', f.seed, 0);
      const permutations = integerFlag('--permutations', f.permutations, 0);
      const top = integerFlag('--top', f.top, 0);
      const counts = unwrap(countsPath, readCountMatrix(countsPath));
      const sheet = readCsvFile(samplesPath);
      const sampleCol = pickColumn(sheet, f.sampleColumn, ['sample', 'sample_id'], '--sample-column', 'sample id');
      const patientCol = f.patientColumn ?? (sheet.columns.includes('patient_id') ? 'patient_id' : undefined);
      const samplePatients = new Map<string, string>();
      if (patientCol !== undefined) {
        pickColumn(sheet, patientCol, [], '--patient-column', 'patient id');
        const s = sheet.cells.get(sampleCol)!;
        const p = sheet.cells.get(patientCol)!;
        for (let i = 0; i < sheet.nRows; i++) if (s[i] !== null && p[i] !== null) samplePatients.set(s[i]!, p[i]!);
      }
      const risk = readRisk(f.risk, f);
      const gmt = f.gmt ?? defaultGeneSetFile();
      const { collection } = readGmtFile(gmt);
      const section = await buildGenomicsSection(
        { counts, risk, geneSets: collection, samplePatients, idMapping: idMappingFromFlags(f) },
        { method: f.method, padjThreshold, lfcThreshold, seed, gsea: { permutations }, topRows: top },
      );
      if (!section) throw new HccError('E_INPUT', `${countsPath}: no RNA-seq samples`, { issues: [issueError('empty_data', [countsPath], 'the counts table has no samples')] });
      const r = section.result;
      const d = r.diagnostics;
      const notes = [
        `${r.split.nHigh} high-risk vs ${r.split.nLow} low-risk samples (${r.split.rule === 'median' ? `median split at ${r.split.threshold}` : 'given labels'}); ${f.method}: ${r.de.diagnostics.nTested} genes tested, ${d.nUp} up, ${d.nDown} down (padj < ${padjThreshold}, |log2FC| > ${lfcThreshold})`,
        ...d.warnings.map((w) => `warning: ${w.message}`),
      ];
      if (f.out) notes.push(`wrote ${Object.values(writeGenomicsSection(section, f.out)).join(', ')}`);
      const tables: TextTable[] = [
        {
          title: `GSEA (high vs low): top ${top} sets by p`,
          columns: ['set', 'size', 'ES', 'NES', 'pvalue', 'padj'],
          rows: sortGsea(r.gsea.sets).slice(0, top).map((s) => [shortSetName(s.id), s.size, s.es, s.nes, s.pValue, s.padj]),
        },
        {
          title: `ORA of up-regulated genes: top ${top} sets by p`,
          columns: ['set', 'size', 'overlap', 'expected', 'pvalue', 'padj'],
          rows: r.oraUp.sets.slice(0, top).map((s) => [shortSetName(s.id), s.size, s.overlap, s.expected, s.pValue, s.padjAll]),
        },
      ];
      emit(f, { split: r.split, diagnostics: d, deDiagnostics: r.de.diagnostics, genes: r.genes, oraUp: r.oraUp, oraDown: r.oraDown, gsea: r.gsea }, tables, notes);
    });
}
