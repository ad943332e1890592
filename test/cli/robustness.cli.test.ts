// CLI robustness (review of issue 2): malformed CSV and degenerate data give a coded message and
// an exit status, never an internal error, a stack trace or a silent NaN.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mmf-robust-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const GOOD_ROWS = ['5,1,1,2,a,0.1', '8,0,2,1,b,0.3', '3,1,3,3,a,0.4', '9,1,4,5,b,0.6', '12,0,5,4,a,0.7', '2,1,6,6,b,0.9'];
const HEADER = 'time,event,x,y,g,r';
const good = file('good.csv', [HEADER, ...GOOD_ROWS].join('\n') + '\n');

/** Every command touched by a malformed file, with its required flags. */
const COMMANDS: string[][] = [
  ['km'],
  ['logrank', '--group', 'g'],
  ['cox', '--covariates', 'x,y'],
  ['concordance', '--marker', 'x'],
  ['compare-c', '--marker1', 'x', '--marker2', 'y'],
  ['td-auc', '--marker', 'x', '--times', '4'],
  ['brier', '--risk-at', '6:r'],
  ['dca', '--risk', 'r', '--horizon', '6'],
  ['calibration', '--risk-pred', 'r', '--horizon', '6', '--groups', '2'],
  ['risk-groups', '--score', 'x'],
  ['subgroups', '--exposure', 'g', '--by', 'x'],
  ['rsf', '--covariates', 'x,y', '--trees', '5'],
];

function expectCoded(r: { code: number; out: string; err: string }, issue: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err).not.toMatch(/internal error|TypeError|at .*\.js:\d+/);
  expect(r.err).toMatch(issue);
}

describe('malformed CSV: coded E_INPUT with the file named, for every survival command', () => {
  const cases: [string, string, RegExp][] = [
    ['empty.csv', '', /error \[empty_data\] at .*empty\.csv: the file has no header row/],
    ['header-only.csv', HEADER + '\n', /error \[empty_data\]: no rows to analyse/],
    ['semicolon.csv', 'time;event;x;y;g;r\n5;1;1;2;a;0.1\n8;0;2;1;b;0.3\n', /error \[bad_csv\] at .*semicolon\.csv: .*semicolon-separated/],
    ['ragged.csv', HEADER + '\n5,1,1,2,a\n', /error \[bad_csv\] at .*ragged\.csv: not valid CSV/],
  ];
  for (const [name, text, issue] of cases) {
    const path = file(name, text);
    for (const args of COMMANDS) {
      it(`${name}: mmf ${args[0]}`, async () => {
        expectCoded(await runCli([args[0], path, ...args.slice(1)]), issue);
      });
    }
  }
});

describe('BOM, CRLF and quoted commas read exactly like the plain file', () => {
  const variants: [string, string][] = [
    ['bom.csv', '\ufeff' + [HEADER, ...GOOD_ROWS].join('\n') + '\n'],
    ['crlf.csv', [HEADER, ...GOOD_ROWS].join('\r\n') + '\r\n'],
    ['quoted.csv', [HEADER, ...GOOD_ROWS.map((l) => l.replace(/,([ab]),/, ',"$1,z",'))].join('\n') + '\n'],
  ];
  for (const [name, text] of variants) {
    it(`${name}: km and cox --json equal the plain file's`, async () => {
      const path = file(name, text);
      for (const args of [['km', '--group', 'g'], ['cox', '--covariates', 'x,y']]) {
        const a = await runCli([args[0], good, ...args.slice(1), '--json']);
        const b = await runCli([args[0], path, ...args.slice(1), '--json']);
        expect(a.code).toBe(0);
        expect(b.code).toBe(0);
        const strip = (s: string) => {
          const j = JSON.parse(s);
          delete j.input;
          return JSON.stringify(j).replaceAll('a,z', 'a').replaceAll('b,z', 'b');
        };
        expect(strip(b.out)).toBe(strip(a.out));
      }
    });
  }
});

describe('options: negative times are bad_option (E_OPTION, exit 2)', () => {
  it('km --times with a negative value', async () => {
    const r = await runCli(['km', good, '--times', '3,-1']);
    expectCoded(r, /error \[bad_option\] at --times: --times has a negative time/);
    expect(r.out).toBe('');
  });
  it('rsf --predict --times with a negative value', async () => {
    const r = await runCli(['rsf', good, '--covariates', 'x,y', '--trees', '5', '--predict', good, '--times', '-1,3']);
    expectCoded(r, /error \[bad_option\] at --times: --times has a negative time/);
  });
});

describe('degenerate data: no NaN in tables or JSON', () => {
  const allCensored = file('all-censored.csv', [HEADER, '5,0,1,2,a,0.1', '8,0,2,1,b,0.3', '3,0,3,3,a,0.4', '9,0,4,5,b,0.6'].join('\n') + '\n');
  it('logrank with every row censored: no_events, exit 2 (R: chisq 0 on -1 df, p NA)', async () => {
    expectCoded(await runCli(['logrank', allCensored, '--group', 'g']), /error \[no_events\] at event/);
  });
  it('td-auc --survival-roc before the first event: NA with a warning, not NaN', async () => {
    const r = await runCli(['td-auc', good, '--marker', 'x', '--times', '1', '--survival-roc']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN/);
    expect(r.out).toMatch(/survivalROC for x\ntime\s+AUC KM\s+AUC NNE\s+S\(t\) KM\n1\s+NA\s+NA\s+NA/);
    expect(r.err).toMatch(/warning \[time_beyond_followup\] at predictTimeDays/);
  });
  it('td-auc comparing a marker with itself: z and p NA, not NaN', async () => {
    const r = await runCli(['td-auc', good, '--marker', 'x', '--marker2', 'x', '--times', '4,8', '--json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN/);
    const j = JSON.parse(r.out);
    expect(j.comparison.map((c: { z: null; p: null }) => [c.z, c.p])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
  it('compare-c of a marker with itself: z and p NA (R: NaN)', async () => {
    const r = await runCli(['compare-c', good, '--marker1', 'x', '--marker2', 'x', '--json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN/);
    const j = JSON.parse(r.out);
    expect([j.survival.difference, j.survival.seDifference, j.survival.z, j.survival.p]).toEqual([0, 0, null, null]);
    expect([j.compareC.z, j.compareC.p]).toEqual([null, null]);
  });
  it('brier on one row: se NA, not NaN', async () => {
    const one = file('one.csv', [HEADER, '5,1,1,2,a,0.3'].join('\n') + '\n');
    const r = await runCli(['brier', one, '--risk-at', '6:r']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN/);
  });
  it('cox --zph after a non-converged fit: coded E_NUMERIC (exit 4) naming cox.zph', async () => {
    const sep = file('separation.csv', [HEADER, '5,1,1,2,a,0.1', '8,0,2,1,b,0.3', '3,0,3,3,a,0.4', '9,0,4,5,b,0.6'].join('\n') + '\n');
    const r = await runCli(['cox', sep, '--covariates', 'x', '--zph']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/coxZph: the information matrix is singular/);
    expect(r.err).toMatch(/error \[singular_matrix\] at information/);
    expect(r.err).not.toMatch(/internal error/);
  });
});
