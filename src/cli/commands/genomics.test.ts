import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';
import { writeSmallDeFiles } from '../../../test/fixtures/genomics/small-de.js';

const f = writeSmallDeFiles();

describe('mmf genomics', () => {
  it('median split of a per-patient risk file, tables and report section written', async () => {
    const out = join(f.dir, 'gen');
    const r = await run(['genomics', f.counts, f.samples, '--risk', f.risk, '--gmt', f.gmt, '--permutations', '200', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^6 high-risk vs 6 low-risk samples \(median split at 10\.5\); deseq2: 300 genes tested, 30 up, 0 down/);
    expect(r.out).toContain('ORA of up-regulated genes');
    const md = readFileSync(join(out, 'section.md'), 'utf8');
    expect(md).toContain('## Genomics: differential expression, high vs low');
    expect(readFileSync(join(out, 'ora-up.csv'), 'utf8').split('\n')[1].startsWith('SET_UP,')).toBe(true);
  });

  it('--label-column uses given labels; --json carries the split', async () => {
    const labels = join(f.dir, 'labels.csv');
    writeFileSync(labels, ['sample,risk_group', ...Array.from({ length: 12 }, (_, j) => `S${String(j + 1).padStart(2, '0')},${j < 6 ? 'low' : 'high'}`)].join('\n') + '\n');
    const r = await run(['genomics', f.counts, f.samples, '--risk', labels, '--label-column', 'risk_group', '--gmt', f.gmt, '--permutations', '0', '--method', 'edger', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.split.rule).toBe('labels');
    expect([j.split.nHigh, j.split.nLow]).toEqual([6, 6]);
    expect(j.diagnostics.method).toBe('edger');
  });

  it('errors: risk file without a risk column (missing_column); non-numeric risk (not_a_number)', async () => {
    const bad = join(f.dir, 'bad.csv');
    writeFileSync(bad, 'patient_id,other\nP01,1\n');
    const a = await run(['genomics', f.counts, f.samples, '--risk', bad, '--gmt', f.gmt]);
    expect(a.code).toBe(2);
    expect(a.err).toContain('missing_column');
    const nn = join(f.dir, 'nn.csv');
    writeFileSync(nn, 'patient_id,risk\nP01,high\n');
    const b = await run(['genomics', f.counts, f.samples, '--risk', nn, '--gmt', f.gmt]);
    expect(b.code).toBe(2);
    expect(b.err).toContain('not_a_number');
  });

  it('--help shows examples', async () => {
    expect((await run(['genomics', '--help'])).out).toContain('Examples:');
  });
});
