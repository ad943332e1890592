import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../write-tables.js';
import { GENOMICS_DIR, GENOMICS_FILES } from './genomics-block.js';

/**
 * The files of a study report, so a later run in the folder can remove exactly them: a run with
 * `--no-report` removes the earlier report (it would not match the fresh results/), and a run with a
 * report removes the earlier report's figures it did not draw again. Only files the report writer
 * writes are ever removed; anything a user put into report/ stays.
 */

/** Record (in `<out>/report/`) of the files `writeStudyReport` wrote, as paths relative to the study folder. */
export const REPORT_RECORD = 'report-files.json';

const REPORT_DIR = 'report';
/** Every path the report writer can write; a record's path that does not match is never removed. */
const WRITER_FILE = /^report\/(report\.md|report\.html|figures\/[A-Za-z0-9._-]+\.(svg|vl\.json))$/;

/** The files the last report in `outDir` recorded (paths relative to `outDir`); null when no readable record. */
export function readReportRecord(outDir: string): string[] | null {
  const p = join(outDir, REPORT_DIR, REPORT_RECORD);
  if (!existsSync(p)) return null;
  try {
    const files = (JSON.parse(readFileSync(p, 'utf8')) as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && WRITER_FILE.test(f)) : null;
  } catch {
    return null;
  }
}

/** Record the report's files (relative to `outDir`), written after them. */
export function writeReportRecord(outDir: string, files: readonly string[]): void {
  writeFileAtomic(join(outDir, REPORT_DIR, REPORT_RECORD), JSON.stringify({ writer: 'mmf study report', files: [...files].sort() }, null, 1) + '\n');
}

/**
 * The report files of a folder without a record (a report written before records were kept):
 * report.md, report.html, and each figure whose SVG and Vega-Lite spec are both there (the writer
 * always writes the pair).
 */
function unrecordedReportFiles(outDir: string): string[] {
  const out = ['report/report.md', 'report/report.html'];
  const figures = join(outDir, REPORT_DIR, 'figures');
  if (existsSync(figures)) {
    const names = new Set(readdirSync(figures));
    for (const n of names) {
      const stem = n.endsWith('.svg') ? n.slice(0, -4) : null;
      if (stem !== null && names.has(`${stem}.vl.json`)) out.push(`report/figures/${n}`, `report/figures/${stem}.vl.json`);
    }
  }
  return out.filter((f) => WRITER_FILE.test(f));
}

/** The report files a folder holds now, by its record or, without one, by name. */
export function earlierReportFiles(outDir: string): string[] {
  return readReportRecord(outDir) ?? unrecordedReportFiles(outDir);
}

/** Remove those of `files` (relative to `outDir`) that exist; returns them. */
export function removeReportFiles(outDir: string, files: readonly string[]): string[] {
  const removed = files.filter((f) => existsSync(join(outDir, f)));
  for (const f of removed) rmSync(join(outDir, f));
  return removed;
}

function removeIfEmpty(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
}

/**
 * Remove the report an earlier run wrote into `<outDir>/report/` (report.md, report.html, the SVG
 * figures and their specs, the genomics section's files and the record), then the folders left
 * empty. Files the report writer does not write are kept. Returns the removed report files
 * (relative to `outDir`, the record not counted).
 */
export function removeStudyReport(outDir: string): string[] {
  const genomics = Object.values(GENOMICS_FILES).map((f) => `${REPORT_DIR}/${GENOMICS_DIR}/${f}`);
  const removed = removeReportFiles(outDir, [...earlierReportFiles(outDir), ...genomics]);
  removeReportFiles(outDir, [`${REPORT_DIR}/${REPORT_RECORD}`]);
  for (const d of [`${REPORT_DIR}/figures`, `${REPORT_DIR}/${GENOMICS_DIR}`, REPORT_DIR]) removeIfEmpty(join(outDir, d));
  return removed;
}
