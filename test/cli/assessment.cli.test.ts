import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/reference.js';

const LUNG = join(REPO_ROOT, 'data', 'lung.csv');



describe('mmf risk-groups', () => {
  it('median split of age on lung: table and JSON agree with the counts', async () => {
    const t = await run(['risk-groups', LUNG, '--time', 'time', '--event', 'status', '--score', 'age', '--method', 'median']);
    expect(t.code).toBe(0);
    expect(t.out).toContain('log-rank chisq');
    expect(t.out).toContain('low');
    const j = await run(['risk-groups', LUNG, '--time', 'time', '--event', 'status', '--score', 'age', '--json']);
    expect(j.code).toBe(0);
    const res = JSON.parse(j.out);
    expect(res.cutoffs.cutoffs).toEqual([63]); // median age of the 228 lung patients
    expect(res.training.groups.map((g: any) => g.n).reduce((a: number, b: number) => a + b)).toBe(228);
    expect(res.training.groups.map((g: any) => g.events).reduce((a: number, b: number) => a + b)).toBe(165);
    expect(res.test).toBeNull();
  });
  it('--train-split learns on the training rows only; permuting test outcomes leaves the cut-offs unchanged', async () => {
    const text = readFileSync(LUNG, 'utf8').trim().split('\n');
    const header = text[0] + ',set';
    const rows = text.slice(1).map((l, i) => `${l},${i < 150 ? 'train' : 'test'}`);
    const dir = mkdtempSync(join(tmpdir(), 'mmf-rg-'));
    const a = join(dir, 'a.csv');
    writeFileSync(a, [header, ...rows].join('\n'));
    // Rotate time/status among the test rows (columns 2 and 3).
    const test = rows.slice(150).map((l) => l.split(','));
    const rotated = test.map((cells, k) => {
      const src = test[(k + 7) % test.length];
      const c = [...cells];
      c[1] = src[1];
      c[2] = src[2];
      return c.join(',');
    });
    const b = join(dir, 'b.csv');
    writeFileSync(b, [header, ...rows.slice(0, 150), ...rotated].join('\n'));
    const args = (f: string) => ['risk-groups', f, '--time', 'time', '--event', 'status', '--score', 'age', '--method', 'optimal', '--train-split', 'set=train', '--json'];
    const ra = JSON.parse((await run(args(a))).out);
    const rb = JSON.parse((await run(args(b))).out);
    expect(ra.cutoffs.nTraining).toBe(150);
    expect(rb.cutoffs).toEqual(ra.cutoffs);
    expect(ra.test.groups.map((g: any) => g.n).reduce((x: number, y: number) => x + y)).toBe(78);
    expect(rb.test.logRank.chisq).not.toBe(ra.test.logRank.chisq);
  });
  it('bad input: missing score column -> exit 2 naming the column', async () => {
    const r = await run(['risk-groups', LUNG, '--time', 'time', '--event', 'status', '--score', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing_column');
    expect(r.err).toContain('nope');
    const q = await run(['risk-groups', LUNG, '--time', 'time', '--event', 'status', '--score', 'age', '--train-split', 'oops']);
    expect(q.code).toBe(2);
    expect(q.err).toContain('--train-split');
  });
});

describe('mmf subgroups', () => {
  it('sex HR within ph.ecog levels on lung, with interaction test', async () => {
    const r = await run(['subgroups', LUNG, '--time', 'time', '--event', 'status', '--exposure', 'sex', '--by', 'ph.ecog', '--json']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.exposure.reference).toBe('1');
    expect(res.rows[0].label).toBe('Overall');
    expect(res.rows[0].n).toBe(227); // one missing ph.ecog dropped
    expect(res.rows.slice(1).map((x: any) => x.level)).toEqual(['0', '1', '2', '3']);
    expect(res.interactions[0].variable).toBe('ph.ecog');
    expect(res.interactions[0].df).toBeGreaterThan(0);
    const t = await run(['subgroups', LUNG, '--time', 'time', '--event', 'status', '--exposure', 'sex', '--by', 'ph.ecog']);
    expect(t.code).toBe(0);
    expect(t.out).toContain('Interaction');
  });
  it('help shows an example; missing --by is a usage error', async () => {
    const h = await run(['subgroups', '--help']);
    expect(h.out).toContain('Example');
    const r = await run(['subgroups', LUNG, '--exposure', 'sex']);
    expect(r.code).toBe(2);
  });
});
