import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';
import { writeSmallDeFiles } from '../../../test/fixtures/genomics/small-de.js';

const f = writeSmallDeFiles();
const deDir = join(f.dir, 'de');

describe('mmf enrichment', () => {
  it('ORA + GSEA on the de.csv of mmf de: SET_UP first, files written', async () => {
    expect((await run(['de', f.counts, f.samples, '--reference', 'low', '--out', deDir])).code).toBe(0);
    const out = join(f.dir, 'enr');
    const r = await run(['enrichment', join(deDir, 'de.csv'), '--gmt', f.gmt, '--ora', '--gsea', '--min-size', '5', '--permutations', '200', '--seed', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('GSEA: 300 ranked genes, 3 of 3 sets tested, 200 permutations, seed 2');
    const oraUp = readFileSync(join(out, 'ora-up.csv'), 'utf8').split('\n');
    expect(oraUp[0]).toBe('set_id,description,size,overlap,expected,gene_ratio,pvalue,padj,overlap_genes');
    const first = oraUp[1].split(',');
    expect([first[0], first[2]]).toEqual(['SET_UP', '30']);
    expect(Number(first[3])).toBeGreaterThanOrEqual(25);
    expect(readFileSync(join(out, 'gsea.csv'), 'utf8').split('\n')[1].startsWith('SET_UP,')).toBe(true);
    expect(readFileSync(join(out, 'gsea-dot.svg'), 'utf8')).toContain('SET_UP');
  });

  it('a two-column ranks.csv runs GSEA by default; same seed, same p-values (JSON)', async () => {
    const ranks = join(f.dir, 'ranks.csv');
    writeFileSync(ranks, ['gene,score', ...Array.from({ length: 300 }, (_, i) => `g${i + 1},${i < 30 ? 5 - i / 10 : Math.sin(i)}`)].join('\n') + '\n');
    const args = ['enrichment', ranks, '--gmt', f.gmt, '--min-size', '5', '--permutations', '300', '--json'];
    const a = JSON.parse((await run(args)).out);
    const b = JSON.parse((await run(args)).out);
    const up = a.gsea.sets.find((s: { id: string }) => s.id === 'SET_UP');
    expect(up.size).toBe(30);
    expect(up.es).toBeGreaterThan(0.9);
    expect(a.gsea.sets.map((s: { pValue: number }) => s.pValue)).toEqual(b.gsea.sets.map((s: { pValue: number }) => s.pValue));
    expect(a.oraUp).toBeUndefined();
  });

  it('errors: --ora on a ranks file without padj (missing_column), missing --gmt', async () => {
    const ranks = join(f.dir, 'ranks2.csv');
    writeFileSync(ranks, 'gene,score\ng1,1\ng2,2\ng3,3\n');
    const a = await run(['enrichment', ranks, '--gmt', f.gmt, '--ora']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('missing_column');
    expect(a.err).toContain('padj');
    const b = await run(['enrichment', ranks]);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--gmt');
  });

  it('--help shows examples', async () => {
    expect((await run(['enrichment', '--help'])).out).toContain('Examples:');
  });
});
