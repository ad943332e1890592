import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Issue #8: the study report gains a genomics section automatically when the cohort has RNA-seq.
describe('mmf study runs the genomics section when the cohort has RNA-seq', () => {
  it('writes per-patient predictions and a risk-group DE/enrichment section into the report', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mmf-study-g-'));
    const cohort = join(base, 'synthetic-g');
    expect((await runCli(['synth', '--patients', '200', '--seed', '7', '--out', cohort, '--no-images', '--no-progress'])).code).toBe(0);
    const out = join(base, 'study');
    const r = await runCli(['study', '--manifest', cohort, '--out', out, '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/genomics: \d+ high vs \d+ low-risk samples by clinical/);
    const pred = readFileSync(join(out, 'results', 'predictions.csv'), 'utf8').split('\n');
    expect(pred[0]).toBe('outcome,model,patient_id,split,risk');
    expect(pred.some((l) => l.includes('ceiling') || l.startsWith('os,oracle'))).toBe(false);
    for (const f of ['genes.csv', 'gsea.csv', 'volcano.svg', 'section.md']) expect(existsSync(join(out, 'report', 'genomics', f)), f).toBe(true);
    expect(readFileSync(join(out, 'report', 'report.md'), 'utf8')).toContain('## Genomics: differential expression, high vs low clinical OS risk');
  }, 120_000);
});
