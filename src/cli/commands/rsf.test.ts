import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';

const LUNG = fileURLToPath(new URL('../../../data/lung.csv', import.meta.url));



const BASE = ['rsf', LUNG, '--time', 'time', '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--trees', '40', '--seed', '1'];

describe('mmf rsf on data/lung.csv', () => {
  it('prints the OOB summary and the importance ranking', async () => {
    const r = await run(BASE);
    expect(r.code).toBe(0);
    expect(r.out).toContain('227 of 228 rows analysed; 1 dropped (missing ph.ecog: 1)');
    expect(r.out).toContain('Random survival forest (out-of-bag)');
    const lines = r.out.split('\n');
    const head = lines.findIndex((l) => l.includes('OOB C'));
    const cells = lines[head + 1].trim().split(/\s+/);
    expect(cells.slice(0, 5)).toEqual(['40', '2', '3', '227', '164']);
    const c = Number(cells[5]);
    expect(c).toBeGreaterThan(0.55);
    expect(c).toBeLessThan(0.7);
    expect(r.out).toContain('Permutation importance');
    for (const v of ['age', 'sex', 'ph.ecog']) expect(r.out).toMatch(new RegExp(`^\\d\\s+${v.replace('.', '\\.')}\\s`, 'm'));
  });

  it('--json is reproducible for a seed and carries full precision', async () => {
    const a = await run([...BASE, '--json']);
    const b = await run([...BASE, '--json']);
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out);
    const k = JSON.parse(b.out);
    delete j.diagnostics.durationMs;
    delete k.diagnostics.durationMs;
    expect(k).toEqual(j);
    expect(j.options).toMatchObject({ nTree: 40, mtry: 2, minNodeSize: 3, replace: true, sampleFraction: 1, seed: 1 });
    expect(j.oob.rows).toHaveLength(227);
    expect(j.oob.concordance.comparable).toBeGreaterThan(0);
    expect(j.oob.predictionError).toBeCloseTo(1 - j.oob.concordance.concordance, 15);
    expect(j.importance.map((v: { variable: string }) => v.variable).sort()).toEqual(['age', 'ph.ecog', 'sex']);
    expect(j.predictions).toBeNull();
    const other = JSON.parse((await run([...BASE.slice(0, -1), '2', '--json'])).out);
    expect(other.oob.risk).not.toEqual(j.oob.risk);
  });

  it('--predict scores complete rows of a new file, with S(t) at --times', async () => {
    const r = await run([...BASE, '--no-importance', '--predict', LUNG, '--times', '365,730', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.importance).toBeNull();
    expect(j.predictions.rows).toHaveLength(227);
    expect(j.predictions.droppedRows).toEqual([14]);
    for (let k = 0; k < 227; k++) {
      const [s1, s2] = j.predictions.survivalAtTimes[k];
      expect(s1).toBeGreaterThanOrEqual(s2);
      expect(s1).toBeLessThanOrEqual(1);
      expect(s2).toBeGreaterThanOrEqual(0);
      expect(j.predictions.risk[k]).toBeGreaterThan(0);
    }
    const text = await run([...BASE, '--no-importance', '--predict', LUNG, '--times', '365']);
    expect(text.out).toContain('(1 row(s) with a missing covariate skipped)');
    expect(text.out).toMatch(/row\s+risk\s+S\(365\)/);
  });

  it('bad input: missing column, bad flag values, mtry out of range', async () => {
    const missing = await run(['rsf', LUNG, '--time', 'time', '--event', 'status', '--covariates', 'age,nope', '--trees', '5']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing_column');
    const trees = await run([...BASE.slice(0, 9), 'abc']);
    expect(trees.code).toBe(2);
    expect(trees.err).toContain('--trees');
    const mtry = await run([...BASE, '--mtry', '9']);
    expect(mtry.code).toBe(2);
    expect(mtry.err).toMatch(/\[bad_option\] at mtry/);
  });
});
