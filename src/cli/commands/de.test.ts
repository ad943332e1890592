import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';
import { writeSmallDeFiles } from '../../../test/fixtures/genomics/small-de.js';

const f = writeSmallDeFiles();

describe('mmf de (small simulation: g1..g30 4x up in "high")', () => {
  it('DESeq2 by default: summary line, top genes from the planted set, de.csv + volcano.svg', async () => {
    const out = join(f.dir, 'de-out');
    const r = await run(['de', f.counts, f.samples, '--group', 'group', '--reference', 'low', '--top', '5', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^deseq2: high vs low, 12 samples, 300 genes/);
    const rows = r.out.split('\n').filter((l) => /^g\d+ /.test(l));
    expect(rows.length).toBe(5);
    for (const row of rows) expect(Number(row.split(/\s+/)[0].slice(1))).toBeLessThanOrEqual(30);
    const csv = readFileSync(join(out, 'de.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('gene_id,baseMean,log2FoldChange,stat,pvalue,padj');
    expect(csv.length).toBe(301);
    expect(readFileSync(join(out, 'volcano.svg'), 'utf8')).toContain('log2 fold change (high vs low)');
  });

  it('--method voom --json gives the full table', async () => {
    const r = await run(['de', f.counts, f.samples, '--method', 'voom', '--reference', 'low', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.table.method).toBe('voom');
    expect(j.table.geneIds.length).toBe(300);
    expect(j.table.log2FoldChange[0]).toBeGreaterThan(1);
    expect(j.summary.nUp).toBeGreaterThanOrEqual(25);
  });

  it('errors: unknown group column (exit 2, missing_column), unknown reference (unknown_level), bad --padj', async () => {
    const a = await run(['de', f.counts, f.samples, '--group', 'arm']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('missing_column');
    const b = await run(['de', f.counts, f.samples, '--reference', 'control']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('unknown_level');
    const c = await run(['de', f.counts, f.samples, '--padj', '2']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('--padj');
    expect(existsSync(join(f.dir, 'nothing'))).toBe(false);
  });

  it('--help shows an example', async () => {
    const r = await run(['de', '--help']);
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain('--method <method>');
  });
});
