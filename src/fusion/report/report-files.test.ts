import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NamedTable } from '../evaluate.js';
import { parseStudySettings } from '../settings.js';
import { GENOMICS_FILES } from './genomics-block.js';
import { readReportRecord, REPORT_RECORD, removeStudyReport } from './report-files.js';
import { writeStudyReport } from './write-report.js';

const settings = (() => {
  const s = parseStudySettings({ outcomes: ['os'], horizonsMonths: { os: [12, 24] } });
  if (!s.ok) throw new Error('settings');
  return s.value;
})();
const cohort = { name: 'demo', synthetic: true, counts: { training: 112, internal_validation: 28, external_test: 20 } };
const T = (name: string, columns: string[], rows: (string | number | null)[][]): NamedTable => ({ name, columns, rows });
const discrimination = T('discrimination', ['outcome', 'model', 'label', 'cohort', 'n', 'events', 'c_index', 'se', 'ci_lower', 'ci_upper'], [
  ['os', 'clinical', 'Clinical benchmark', 'external_test', 20, 10, 0.708, 0.05, 0.6, 0.8],
  ['os', 'mmf-cox', 'MMF (Cox)', 'external_test', 20, 10, 0.701, 0.05, 0.54, 0.86],
]);
const subgroups = T('subgroups', ['outcome', 'model', 'cohort', 'variable', 'level', 'label', 'exposed', 'n', 'events', 'hr', 'hr_lower', 'hr_upper', 'p'], [
  ['os', 'mmf-cox', settings.evaluation.subgroupCohort, 'centre', 'C1', 'centre = C1', 'high', 74, 43, 4.5, 2.2, 9.4, 0.001],
  ['os', 'mmf-cox', settings.evaluation.subgroupCohort, 'centre', 'C2', 'centre = C2', 'high', 38, 16, 5.9, 2.0, 17.3, 0.001],
]);
const render = async () => ({ svg: '<svg viewBox="0 0 10 10"></svg>', spec: {} });
const write = (out: string, tables: NamedTable[]) => writeStudyReport({ tables, notes: [], warnings: [] }, settings, cohort, {}, out, render);
const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('study report files', () => {
  it('records every file it writes, and a rewrite removes the earlier figures it does not draw again', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-rf-'));
    const first = await write(out, [discrimination, subgroups]);
    const forest = Object.keys(first.figures).filter((n) => n.includes('forest'));
    expect(forest.length).toBeGreaterThan(0);
    const rec = readReportRecord(out)!;
    expect(rec).toContain('report/report.html');
    expect(rec).toContain('report/report.md');
    for (const n of Object.keys(first.figures)) expect(rec).toEqual(expect.arrayContaining([`report/figures/${n}.svg`, `report/figures/${n}.vl.json`]));
    writeFileSync(join(out, 'report', 'figures', 'my-own.svg'), '<svg/>'); // a user's file, no spec beside it
    const second = await write(out, [discrimination]);
    const figures = list(join(out, 'report', 'figures'));
    for (const n of forest) expect(figures).not.toContain(`${n}.svg`);
    expect(figures).toEqual([...Object.keys(second.figures).flatMap((n) => [`${n}.svg`, `${n}.vl.json`]), 'my-own.svg'].sort());
  });

  it("removes an earlier run's report (figures, genomics section, record) and keeps files the writer does not write", async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-rf-'));
    await write(out, [discrimination, subgroups]);
    const g = join(out, 'report', 'genomics');
    mkdirSync(g);
    for (const f of Object.values(GENOMICS_FILES)) writeFileSync(join(g, f), 'x');
    writeFileSync(join(out, 'report', 'my-notes.txt'), 'mine');
    writeFileSync(join(out, 'report', 'figures', 'my-plot.png'), 'mine');
    writeFileSync(join(out, 'results', 'discrimination.csv'), 'kept'); // results/ (written by the report's TRIPOD+AI table too) is not the report's
    const removed = removeStudyReport(out);
    expect(removed).toEqual(expect.arrayContaining(['report/report.html', 'report/report.md', 'report/genomics/section.md', 'report/genomics/volcano.svg']));
    expect(removed.some((f) => f.startsWith('report/figures/') && f.endsWith('.vl.json'))).toBe(true);
    expect(list(join(out, 'report'))).toEqual(['figures', 'my-notes.txt']); // genomics/ emptied and removed; no record
    expect(list(join(out, 'report', 'figures'))).toEqual(['my-plot.png']);
    expect(readFileSync(join(out, 'results', 'discrimination.csv'), 'utf8')).toBe('kept');
    expect(removeStudyReport(out)).toEqual([]);
    // with nothing of the user's, report/ goes
    const clean = mkdtempSync(join(tmpdir(), 'mmf-rf-'));
    await write(clean, [discrimination]);
    expect(removeStudyReport(clean).length).toBeGreaterThan(2);
    expect(existsSync(join(clean, 'report'))).toBe(false);
  });

  it('without a record (an older report), removes report.md, report.html and SVG + spec pairs only; a record never points outside the report', () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-rf-'));
    mkdirSync(join(out, 'report', 'figures'), { recursive: true });
    for (const f of ['report.md', 'report.html', 'figures/os-c-index.svg', 'figures/os-c-index.vl.json', 'figures/lonely.svg']) writeFileSync(join(out, 'report', f), 'x');
    expect(removeStudyReport(out).sort()).toEqual(['report/figures/os-c-index.svg', 'report/figures/os-c-index.vl.json', 'report/report.html', 'report/report.md']);
    expect(list(join(out, 'report', 'figures'))).toEqual(['lonely.svg']);

    const odd = mkdtempSync(join(tmpdir(), 'mmf-rf-'));
    mkdirSync(join(odd, 'report'));
    mkdirSync(join(odd, 'results'));
    writeFileSync(join(odd, 'results', 'results.json'), '{}');
    writeFileSync(join(odd, 'report', 'report.md'), 'x');
    writeFileSync(join(odd, 'report', REPORT_RECORD), JSON.stringify({ files: ['report/report.md', 'results/results.json', 'report/../results/results.json', '/etc/passwd'] }));
    expect(removeStudyReport(odd)).toEqual(['report/report.md']);
    expect(existsSync(join(odd, 'results', 'results.json'))).toBe(true);
  });
});
