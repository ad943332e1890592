import { appendFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StudyRunResult } from '../../fusion/index.js';
import { readCountMatrix, readGmtFile } from '../../genomics/index.js';
import { buildGenomicsSection, writeGenomicsSection } from '../../report/index.js';
import { readCsvFile } from '../../core/table.js';
import { defaultGeneSetFile } from '../../synth/index.js';

/** What the study's genomics step did (or why it did not run). */
export interface StudyGenomicsOutcome {
  readonly ran: boolean;
  readonly note: string;
}

/**
 * The paper's last analysis, run automatically when the cohort folder holds RNA-seq
 * (`counts.csv` + `samples.csv` with sample_id, patient_id): patients with RNA-seq split at the
 * median OS risk of the study's reference model (MMF when it was fitted, else the clinical
 * benchmark), DESeq2 high vs low, ORA and GSEA on the shipped WikiPathways collection; the
 * section is written to `<out>/report/genomics/` and appended to report.md.
 */
export async function runStudyGenomics(manifestPath: string, result: StudyRunResult, referenceModel: string, outDir: string, seed: number): Promise<StudyGenomicsOutcome> {
  const dir = existsSync(join(manifestPath, 'counts.csv')) ? manifestPath : dirname(manifestPath);
  const countsPath = join(dir, 'counts.csv');
  const samplesPath = join(dir, 'samples.csv');
  if (!existsSync(countsPath) || !existsSync(samplesPath)) return { ran: false, note: 'genomics: no counts.csv + samples.csv beside the manifest; section skipped' };
  const pred = result.tables.find((t) => t.name === 'predictions');
  if (!pred) return { ran: false, note: 'genomics: no predictions table; section skipped' };
  const col = (n: string) => pred.columns.indexOf(n);
  const pick = (model: string) => pred.rows.filter((r) => r[col('outcome')] === 'os' && r[col('model')] === model && r[col('risk')] !== null);
  let model = referenceModel;
  let rows = pick(model);
  if (rows.length === 0) {
    model = 'clinical';
    rows = pick(model);
  }
  if (rows.length === 0) return { ran: false, note: `genomics: neither ${referenceModel} nor the clinical benchmark scored OS; section skipped` };
  const counts = readCountMatrix(countsPath);
  if (!counts.ok) return { ran: false, note: `genomics: ${countsPath} is not a valid count matrix (${counts.issues[0]?.message ?? 'invalid'}); section skipped` };
  const sheet = readCsvFile(samplesPath);
  const s = sheet.cells.get('sample_id');
  const p = sheet.cells.get('patient_id');
  if (!s || !p) return { ran: false, note: `genomics: ${samplesPath} needs sample_id and patient_id columns; section skipped` };
  const samplePatients = new Map<string, string>();
  for (let i = 0; i < sheet.nRows; i++) if (s[i] !== null && p[i] !== null) samplePatients.set(s[i]!, p[i]!);
  const { collection } = readGmtFile(defaultGeneSetFile());
  const risk = { ids: rows.map((r) => String(r[col('patient_id')])), scores: Float64Array.from(rows, (r) => Number(r[col('risk')])) };
  const section = await buildGenomicsSection({ counts: counts.value, risk, geneSets: collection, samplePatients }, { seed, riskName: `${model} OS risk score` });
  if (!section) return { ran: false, note: 'genomics: no RNA-seq samples; section skipped' };
  const files = writeGenomicsSection(section, join(outDir, 'report', 'genomics'));
  const reportMd = join(outDir, 'report', 'report.md');
  if (existsSync(reportMd)) appendFileSync(reportMd, `\n\n## Genomics: ${model} high vs low OS risk\n\n${section.markdown.replace(/\]\((?!https?:)([^)]+)\)/g, '](genomics/$1)')}\n`);
  return { ran: true, note: `genomics: ${section.result.split.nHigh} high vs ${section.result.split.nLow} low-risk samples by ${model}; ${Object.keys(files).length} files in ${join(outDir, 'report', 'genomics')}` };
}
