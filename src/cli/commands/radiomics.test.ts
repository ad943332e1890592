import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti, writeNifti } from '../../io/index.js';
import { runCli } from '../../../test/helpers/cli.js';
import { sharedReferencePath } from '../../../test/helpers/reference.js';

const image = sharedReferencePath('ibsi/ibsi1/digital_phantom/phantom.nii.gz');
const mask = sharedReferencePath('ibsi/ibsi1/digital_phantom/mask.nii.gz');

describe('mmf radiomics (in-process CLI, IBSI digital phantom)', () => {
  it('prints feature ids, IBSI codes and values; JSON carries settings and diagnostics', async () => {
    const text = await runCli(['radiomics', image, mask, '--config', 'phantom', '--families', 'morphology,statistics']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/original\.morphology\.vol\s+RNU0\s+556\.3/);
    expect(text.out).toContain('74 ROI voxels');
    const json = await runCli(['radiomics', image, mask, '--config', 'phantom', '--families', 'statistics', '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(r.features.find((f: { id: string }) => f.id === 'original.statistics.mean').value).toBeCloseTo(159 / 74, 12);
    expect(r.settings.discretisation).toEqual({ method: 'fixed_bin_size', binWidth: 1, convention: 'ibsi' });
    expect(r.diagnostics.roi.resegmented.intensityMaskVoxels).toBe(74);
  });
  it('bad options exit with status 2 and name the flag', async () => {
    const bad = await runCli(['radiomics', image, mask, '--config', 'Z']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--config');
    const none = await runCli(['radiomics', image, mask]);
    expect(none.code).toBe(2);
    const fam = await runCli(['radiomics', image, mask, '--config', 'A', '--families', 'shape']);
    expect(fam.code).toBe(2);
    expect(fam.err).toContain('families');
  });
});

describe('mmf radiomics feature tables (--out, --manifest)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mmf-radiomics-'));
  const m = readNifti(mask).volume;
  const oneVoxel = new Uint8Array(m.data.length);
  const first = Array.from(m.data).findIndex((v) => v !== 0);
  oneVoxel[first] = 1;
  writeNifti(join(dir, 'one.nii.gz'), { ...m, data: oneVoxel });
  writeNifti(join(dir, 'empty.nii.gz'), { ...m, data: new Uint8Array(m.data.length) });
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ name: 'test', discretisation: { method: 'fixed_bin_size', binWidth: 1 }, families: ['statistics', 'glcm'] }));

  const parseCsv = (text: string) => text.trim().split('\n').map((l) => l.split(','));

  it('--image/--mask/--settings --out writes one row: patient_id then one column per feature', async () => {
    const out = join(dir, 'one-case.csv');
    const r = await runCli(['radiomics', '--image', image, '--mask', mask, '--settings', settingsFile, '--out', out, '--id', 'P1']);
    expect(r.code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows.length).toBe(2);
    expect(rows[0][0]).toBe('patient_id');
    expect(rows[1][0]).toBe('P1');
    const mean = rows[0].indexOf('original.statistics.mean');
    expect(Number(rows[1][mean])).toBeCloseTo(159 / 74, 12);
    expect(rows[0].some((c) => c.startsWith('original.glcm.'))).toBe(true);
    expect(rows[1].every((c) => c !== 'NaN')).toBe(true);
  });

  it('a manifest is extracted case by case with progress on stderr; a failing case is reported with its code and left out', async () => {
    const manifest = join(dir, 'manifest.csv');
    writeFileSync(manifest, `patient_id,image,mask\nA,${image},${mask}\nB,${image},one.nii.gz\nC,${image},empty.nii.gz\n`);
    const out = join(dir, 'cohort.csv');
    const r = await runCli(['radiomics', '--manifest', manifest, '--settings', settingsFile, '--out', out, '--threads', '1']);
    expect(r.code).toBe(0);
    // Off a terminal the bar is one line per finished tenth of the cohort.
    expect(r.err).toMatch(/radiomics \[#+-+\] 1\/3 33% elapsed \d+:\d\d ETA \d+:\d\d A/);
    expect(r.err).toMatch(/radiomics \[#+\] 3\/3 100% elapsed \d+:\d\d ETA 0:00 C FAILED E_INPUT/);
    expect(r.err).toMatch(/case C failed: E_INPUT/);
    expect(r.err).toContain('2/3 cases extracted');
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows.map((x) => x[0])).toEqual(['patient_id', 'A', 'B']);
    // One-voxel ROI: defined features are finite; undefined ones (e.g. GLCM without neighbours) are empty, never NaN.
    const b = rows[2];
    expect(b.length).toBe(rows[0].length);
    expect(b.slice(1).every((c) => c === '' || Number.isFinite(Number(c)))).toBe(true);
    expect(b.slice(1).some((c) => c === '')).toBe(true);
    expect(Number(b[rows[0].indexOf('original.statistics.var')])).toBe(0);
  });

  it('bad settings, an empty mask and a bad manifest give coded errors', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ discretisation: { method: 'fixed_bin_size', binWidth: -1 } }));
    const r = await runCli(['radiomics', '--image', image, '--mask', mask, '--settings', bad, '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/settings/);
    const empty = await runCli(['radiomics', '--image', image, '--mask', join(dir, 'empty.nii.gz'), '--settings', settingsFile, '--out', join(dir, 'y.csv')]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/E_INPUT|empty|no ROI/i);
    const noCol = join(dir, 'nocol.csv');
    writeFileSync(noCol, `id,image,mask\nA,${image},${mask}\n`);
    const m2 = await runCli(['radiomics', '--manifest', noCol, '--settings', settingsFile]);
    expect(m2.code).toBe(2);
    expect(m2.err).toContain('patient_id');
    const both = await runCli(['radiomics', image, mask, '--manifest', noCol, '--config', 'phantom']);
    expect(both.code).toBe(2);
    const mode = await runCli(['radiomics', image, mask, '--mode', 'radiomics', '--config', 'phantom']);
    expect(mode.code).toBe(2);
    expect(mode.err).toContain('--mode');
  });
});
