import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';
import { ISSUES_LISTED_UP_TO, reportError } from './exit.js';

const capture = () => {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) }, text: () => text };
};
const rows = (n: number) => Array.from({ length: n }, (_, i) => issueError('not_a_number', ['patients.csv', 'row', i + 1, 'os_time'], `patient P${i + 1}: OS time "5 d" is not a number`, { expected: 'a number', received: '5 d' }));

describe('reportError', () => {
  it('lists a few problems one per line, with the exit status of the code', () => {
    const out = capture();
    expect(reportError(new HccError('E_INPUT', 'manifest m.json: 3 problem(s)', { issues: rows(3) }), out.stream)).toBe(2);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('patients.csv.row.3.os_time');
  });

  it('groups many problems of one kind into a line and writes every one to a named file', () => {
    const out = capture();
    const n = 859;
    expect(n).toBeGreaterThan(ISSUES_LISTED_UP_TO);
    expect(reportError(new HccError('E_INPUT', `manifest m.json: ${n} problem(s)`, { issues: [...rows(n), issueError('missing_column', ['patients.csv', 'centre'], 'no column "centre"')] }), out.stream)).toBe(2);
    const lines = out.text().trim().split('\n');
    expect(lines.length).toBeLessThan(6);
    expect(lines.some((l) => l.includes('[not_a_number] × 859') && l.includes('P1'))).toBe(true);
    expect(lines.some((l) => l.includes('[missing_column]'))).toBe(true); // a single different problem is not buried
    const file = /\(all 859 in (\S+)\)/.exec(out.text())?.[1];
    expect(file && existsSync(file)).toBe(true);
    const full = readFileSync(file!, 'utf8').trim().split('\n');
    expect(full).toHaveLength(n + 2);
    expect(full[n]).toContain('patients.csv.row.859.os_time');
  });

  it('names the file once when every kind of problem is small', () => {
    const out = capture();
    const many = Array.from({ length: 40 }, (_, i) => issueError('missing_value', ['patients.csv', 'row', i + 1, `col${i}`], `the ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} field is empty`));
    reportError(new HccError('E_INPUT', 'manifest m.json: 40 problem(s)', { issues: many }), out.stream);
    const file = /every problem, one per line: (\S+)/.exec(out.text())?.[1];
    expect(file && existsSync(file)).toBe(true);
  });

  it('lists up to ten problems one per line', () => {
    const out = capture();
    expect(ISSUES_LISTED_UP_TO).toBe(10);
    reportError(new HccError('E_INPUT', 'manifest m.json: 10 problem(s)', { issues: rows(10) }), out.stream);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toContain('patients.csv.row.10.os_time');
    expect(out.text()).not.toContain('mmf-problems-');
  });

  it('groups 11 to 30 problems too: one line per code and column, with the rows, and every problem in the file', () => {
    const out = capture();
    const missing = [3, 7, 12, 15, 18, 21, 24, 27].map((r) => issueError('missing_value', ['p.csv', 'row', r, 'os_time'], 'OS time is missing', { expected: 'a time >= 0', received: 'empty' }));
    const pfs = [2, 4, 6, 8, 9].map((r) => issueError('missing_value', ['p.csv', 'row', r, 'pfs_time'], 'PFS time is missing', { expected: 'a time >= 0', received: 'empty' }));
    const centre = issueError('missing_column', ['p.csv', 'centre'], 'no column "centre"');
    const issues = [...missing, ...pfs, centre];
    expect(issues.length).toBeGreaterThan(ISSUES_LISTED_UP_TO);
    expect(issues.length).toBeLessThanOrEqual(30);
    reportError(new HccError('E_INPUT', `manifest m.json: ${issues.length} problem(s)`, { issues }), out.stream);
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('mmf: manifest m.json: 14 problem(s)');
    expect(lines[1]).toBe(`  error [missing_column] at p.csv.centre: no column "centre"`);
    expect(lines[2]).toMatch(/^ {2}error \[missing_value\] × 8 in column os_time of p\.csv: rows 3, 7, 12 and 5 more: e\.g\. OS time is missing; expected a time >= 0; found empty \(all 8 in \S+\)$/);
    expect(lines[3]).toMatch(/^ {2}error \[missing_value\] × 5 in column pfs_time of p\.csv: rows 2, 4, 6 and 2 more: /);
    const file = /\(all 8 in (\S+)\)/.exec(out.text())?.[1];
    expect(file && existsSync(file)).toBe(true);
    const full = readFileSync(file!, 'utf8').trim().split('\n');
    expect(full).toHaveLength(issues.length + 1);
    expect(full.filter((l) => l.includes('[missing_value]'))).toHaveLength(13);
  });
});
