import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StudyRunResult } from '../../fusion/index.js';
import { spliceGenomicsIntoReport } from '../../fusion/index.js';
import { readCountMatrix, readGmtFile } from '../../genomics/index.js';
import type { StudyCohort } from '../../io/index.js';
import type { SamplePoolingRow } from '../../report/index.js';
import { buildGenomicsSection, writeGenomicsSection } from '../../report/index.js';
import { readCsvFile } from '../../core/table.js';
import { defaultGeneSetFile } from '../../synth/index.js';

/** What the study's genomics step did (or why it did not run). */
export interface StudyGenomicsOutcome {
  readonly ran: boolean;
  readonly note: string;
}

/** Files that may map gene ids to symbols, in the order tried: beside counts.csv, then shipped beside the gene sets. */
export function geneSymbolFiles(cohortDir: string): string[] {
  return [join(cohortDir, 'gene_symbols.csv'), join(cohortDir, 'genes.csv'), join(dirname(defaultGeneSetFile()), 'entrez_symbols.csv')];
}

const ID_COLUMNS = ['gene_id', 'entrez_id', 'entrez', 'ENTREZID', 'ensembl', 'ENSEMBL', 'gene'];
const SYMBOL_COLUMNS = ['symbol', 'SYMBOL', 'gene_symbol', 'hgnc_symbol'];

/**
 * Gene id → symbol from the first of `files` that exists and has an id column (gene_id, entrez_id,
 * ENTREZID, …) and a symbol column (symbol, SYMBOL, gene_symbol, hgnc_symbol); every id column of
 * that file is a key. Null when none does (the report then shows ids).
 */
export function readGeneSymbols(files: readonly string[]): { map: Map<string, string>; source: string } | null {
  for (const f of files) {
    if (!existsSync(f)) continue;
    const t = readCsvFile(f);
    const sym = SYMBOL_COLUMNS.map((c) => t.cells.get(c)).find(Boolean);
    const ids = ID_COLUMNS.map((c) => t.cells.get(c)).filter((x): x is readonly (string | null)[] => !!x);
    if (!sym || !ids.length) continue;
    const map = new Map<string, string>();
    for (const col of ids) for (let i = 0; i < t.nRows; i++) if (col[i] !== null && sym[i] !== null && !map.has(col[i]!)) map.set(col[i]!, sym[i]!);
    if (map.size) return { map, source: f };
  }
  return null;
}

/** RNA-seq samples per cohort among those the analysis can use (a risk value), with their patients' centres. */
export function samplePooling(sampleIds: readonly string[], samplePatients: ReadonlyMap<string, string>, splitOf: ReadonlyMap<string, string>, centreOf: ReadonlyMap<string, string>): SamplePoolingRow[] {
  const by = new Map<string, { samples: number; centres: Set<string> }>();
  for (const s of sampleIds) {
    const p = samplePatients.get(s) ?? s;
    const split = splitOf.get(p);
    if (split === undefined) continue;
    const row = by.get(split) ?? { samples: 0, centres: new Set<string>() };
    row.samples++;
    const c = centreOf.get(p);
    if (c !== undefined) row.centres.add(c);
    by.set(split, row);
  }
  const order = ['training', 'internal_validation', 'external_test'];
  return [...by.entries()].sort((a, b) => (order.indexOf(a[0]) + 1 || 99) - (order.indexOf(b[0]) + 1 || 99)).map(([cohort, r]) => ({ cohort, samples: r.samples, centres: [...r.centres].sort() }));
}

/**
 * The paper's last analysis, run automatically when the cohort folder holds RNA-seq
 * (`counts.csv` + `samples.csv` with sample_id, patient_id): patients with RNA-seq split at the
 * median OS risk of the study's reference model (MMF when it was fitted, else the clinical
 * benchmark), DESeq2 high vs low, ORA and GSEA on the shipped WikiPathways collection; the
 * section is written to `<out>/report/genomics/` and put into report.md and report.html (before the
 * notes and warnings, replacing an earlier run's section). Gene symbols come from the first of
 * {@link geneSymbolFiles} that exists. When the step does not run, an earlier section is removed.
 */
export async function runStudyGenomics(manifestPath: string, result: StudyRunResult & { readonly cohort?: Pick<StudyCohort, 'table'> }, referenceModel: string, outDir: string, seed: number): Promise<StudyGenomicsOutcome> {
  const reportDir = join(outDir, 'report');
  const skip = (note: string): StudyGenomicsOutcome => {
    // A section from an earlier run in this folder would now be stale.
    const old = join(reportDir, 'genomics', 'section.md');
    if (existsSync(old)) {
      rmSync(old);
      spliceGenomicsIntoReport(reportDir);
    }
    return { ran: false, note };
  };
  const dir = existsSync(join(manifestPath, 'counts.csv')) ? manifestPath : dirname(manifestPath);
  const countsPath = join(dir, 'counts.csv');
  const samplesPath = join(dir, 'samples.csv');
  if (!existsSync(countsPath) || !existsSync(samplesPath)) return skip('genomics: no counts.csv + samples.csv beside the manifest; section skipped');
  const pred = result.tables.find((t) => t.name === 'predictions');
  if (!pred) return skip('genomics: no predictions table; section skipped');
  const col = (n: string) => pred.columns.indexOf(n);
  const pick = (model: string) => pred.rows.filter((r) => r[col('outcome')] === 'os' && r[col('model')] === model && r[col('risk')] !== null);
  let model = referenceModel;
  let rows = pick(model);
  if (rows.length === 0) {
    model = 'clinical';
    rows = pick(model);
  }
  if (rows.length === 0) return skip(`genomics: neither ${referenceModel} nor the clinical benchmark scored OS; section skipped`);
  const counts = readCountMatrix(countsPath);
  if (!counts.ok) return skip(`genomics: ${countsPath} is not a valid count matrix (${counts.issues[0]?.message ?? 'invalid'}); section skipped`);
  const sheet = readCsvFile(samplesPath);
  const s = sheet.cells.get('sample_id');
  const p = sheet.cells.get('patient_id');
  if (!s || !p) return skip(`genomics: ${samplesPath} needs sample_id and patient_id columns; section skipped`);
  const samplePatients = new Map<string, string>();
  for (let i = 0; i < sheet.nRows; i++) if (s[i] !== null && p[i] !== null) samplePatients.set(s[i]!, p[i]!);
  const { collection } = readGmtFile(defaultGeneSetFile());
  const risk = { ids: rows.map((r) => String(r[col('patient_id')])), scores: Float64Array.from(rows, (r) => Number(r[col('risk')])) };
  // Where the samples come from (cohort and centre), for the section's pooling limitation.
  const splitOf = new Map(rows.map((r) => [String(r[col('patient_id')]), String(r[col('split')])]));
  const centreOf = new Map<string, string>();
  const ids = result.cohort?.table.cells.get('patient_id');
  const centres = result.cohort?.table.cells.get('centre');
  if (ids && centres) ids.forEach((id, i) => id !== null && centres[i] !== null && centreOf.set(id, centres[i]!));
  const symbols = readGeneSymbols(geneSymbolFiles(dir));
  const section = await buildGenomicsSection(
    { counts: counts.value, risk, geneSets: collection, samplePatients },
    { seed, riskName: `${model} OS risk score`, geneSymbols: symbols?.map, samplePooling: samplePooling(counts.value.sampleIds, samplePatients, splitOf, centreOf) },
  );
  if (!section) return skip('genomics: no RNA-seq samples; section skipped');
  const files = writeGenomicsSection(section, join(reportDir, 'genomics'));
  spliceGenomicsIntoReport(reportDir);
  return { ran: true, note: `genomics: ${section.result.split.nHigh} high vs ${section.result.split.nLow} low-risk samples by ${model}; ${Object.keys(files).length} files in ${join(reportDir, 'genomics')}${symbols ? `; gene symbols from ${symbols.source}` : ''}` };
}
