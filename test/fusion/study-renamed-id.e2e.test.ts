import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import { runCli } from '../helpers/cli.js';

/**
 * A user's own cohort whose files call the id column something else (`columns.patientId`), as in
 * review item 1: the study's per-patient tables must carry the real ids (the cohort table's id
 * column), and the genomics step, which joins RNA-seq samples to patients by those ids, must run.
 * Four candidate variables are absent from the patients file, so the study has warnings to print.
 */
describe('mmf study on a manifest that renames the patient id column', () => {
  it('writes the real patient ids into predictions.csv, runs genomics, and prints its warnings grouped on stderr', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mmf-renamed-id-'));
    const synth = await runCli(['synth', '--patients', '150', '--seed', '7', '--out', root, '--no-images', '--no-progress', '--json']);
    expect(synth.code).toBe(0);
    const cohortDir = join(root, readdirSync(root).find((d) => d.startsWith('synthetic'))!);
    // patients file: id column "PatientID", four candidate variables left out
    const clinical = readCsvFile(join(cohortDir, 'clinical.csv'));
    const dropped = ['age_years', 'tumour_count', 'ici_line', 'prior_tace'];
    const kept = clinical.columns.filter((c) => !dropped.includes(c));
    const lines = [kept.map((c) => (c === 'patient_id' ? 'PatientID' : c)).join(',')];
    for (let i = 0; i < clinical.nRows; i++) lines.push(kept.map((c) => clinical.cells.get(c)![i] ?? 'NA').join(','));
    writeFileSync(join(cohortDir, 'patients-renamed.csv'), lines.join('\n') + '\n');
    const realIds = new Set(clinical.cells.get('patient_id')!.map(String));
    // beside counts.csv + samples.csv, so the genomics step finds the RNA-seq
    const manifest = join(cohortDir, 'renamed-manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        cohort: 'renamed-ids',
        patients: 'patients-renamed.csv',
        columns: { patientId: 'PatientID' },
        joins: [{ path: 'outcomes.csv', patientId: 'patient_id', rename: { os_months: 'os_time', pfs_months: 'pfs_time' } }],
        split: { kind: 'by-centre', training: ['C1'], internalValidation: ['C2'], externalTest: ['C3', 'C4'] },
      }),
    );
    const out = join(root, 'study');
    const settings = join(root, 'settings.json');
    writeFileSync(settings, JSON.stringify({ seed: 3, evaluation: { bootstrapResamples: 0 } }));

    const r = await runCli(['study', '--manifest', manifest, '--out', out, '--settings', settings, '--no-progress']);
    expect(r.err).not.toMatch(/duplicate_id/);
    expect(r.code).toBe(0);
    const pred = readCsvFile(join(out, 'results', 'predictions.csv'));
    const ids = pred.cells.get('patient_id')!;
    expect(pred.nRows).toBeGreaterThan(0);
    expect(ids.every((id) => id !== null && realIds.has(id))).toBe(true);
    // every scored patient of the clinical benchmark, once per outcome, by its real id
    const model = pred.cells.get('model')!;
    const outcome = pred.cells.get('outcome')!;
    const clinicalOs = ids.filter((_, i) => model[i] === 'clinical' && outcome[i] === 'os');
    expect(new Set(clinicalOs).size).toBe(clinicalOs.length);
    expect(clinicalOs.length).toBeGreaterThan(100);
    // the genomics step joins samples to patients by these ids
    expect(r.out).toMatch(/genomics: \d+ high vs \d+ low-risk samples by clinical/);
    expect(readFileSync(join(out, 'report', 'report.md'), 'utf8')).toContain('## Genomics');

    // warnings on stderr: the four absent candidates are one grouped line, the full list in results.json
    const missing = r.err.split('\n').filter((l) => l.includes('[missing_column]'));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^warning \[missing_column\] × 4 at settings\.candidates: age_years, tumour_count, ici_line and 1 more: e\.g\. candidate variable "age_years" is not in the cohort/);
    expect(missing[0]).toContain(join(out, 'results', 'results.json'));
    const results = JSON.parse(readFileSync(join(out, 'results', 'results.json'), 'utf8')) as { warnings: { code: string; path: string[] }[] };
    expect(results.warnings.filter((w) => w.code === 'missing_column' && w.path[1] === 'candidates').map((w) => w.path[2]).sort()).toEqual([...dropped].sort());
    // the MMF note says why, without "null absent"
    expect(r.out).toContain('note: os: no imaging score (settings.models.mmf.scoreColumn is null');
    expect(r.out).not.toMatch(/null absent/);

    // mmf train: the same warnings on stderr, and the risk cut-offs with --digits significant digits
    const t = await runCli(['train', '--manifest', manifest, '--out', out, '--settings', settings, '--no-progress', '--digits', '3']);
    expect(t.code).toBe(0);
    expect(t.err).toMatch(/^warning \[missing_column\] × 4 at settings\.candidates: /m);
    expect(t.err).toContain('mmf train --json');
    const header = t.out.split('\n').findIndex((l) => /risk cut-off\(s\)/.test(l));
    const cutoffs = t.out.split('\n').slice(header + 1).filter((l) => /^\s*(os|pfs)\s/.test(l)).map((l) => l.trim().split(/\s+/).pop()!);
    expect(cutoffs.length).toBeGreaterThan(4);
    for (const c of cutoffs) for (const x of c.split(';')) if (x !== 'NA') expect(Number(Number(x).toPrecision(3)), x).toBe(Number(x));
    const tj = JSON.parse((await runCli(['train', '--manifest', manifest, '--out', out, '--settings', settings, '--no-progress', '--json'])).out) as { warnings: unknown[]; models: { cutoffs: number[] | null }[] };
    expect(tj.warnings.length).toBeGreaterThanOrEqual(4);
    // JSON keeps full precision
    expect(tj.models.some((m) => m.cutoffs?.some((x) => Number(x.toPrecision(3)) !== x))).toBe(true);

    // mmf evaluate prints them too
    const e = await runCli(['evaluate', '--manifest', manifest, '--out', out, '--no-progress']);
    expect(e.code).toBe(0);
    expect(e.err).toMatch(/^warning \[missing_column\] × 4 at settings\.candidates: /m);
  }, 180_000);
});
