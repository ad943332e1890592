import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDicomBytes, readDicomSeg, readDicomSeries, readNifti, readRtStruct, rtStructToMask } from '../../src/io/index.js';
import type { SynthConfigInput } from '../../src/synth/index.js';
import { parseSynthConfig, renderCohortPhantom, writeCohort, writePatientImages } from '../../src/synth/index.js';
import { cohort } from './helpers.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `mmf-phantom-${p}-`));

/** Image settings giving every format: all patients DICOM, RTSTRUCT masks unless overridden. */
function allFormats(mask: { nifti?: number; dicomSeg?: number; rtstruct?: number }): SynthConfigInput {
  return { images: { scanners: {}, defaultScanner: { maskFormats: { nifti: 0, dicomSeg: 0, rtstruct: 0, ...mask } }, dicomCentre: null, dicomShareOthers: 1 } };
}

function listAll(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listAll(dir, `${rel}${e.name}/`) : [`${rel}${e.name}`])).sort();
}

describe('same seed → byte-identical image files; another seed → different', () => {
  const cfg = { ...allFormats({ rtstruct: 1 }), images: { ...allFormats({ rtstruct: 1 }).images, spacingScale: 2 } };
  const write = (seed: number) => {
    const c = cohort(2, seed, { config: cfg });
    const dir = tmp(`repro${seed}`);
    for (let i = 0; i < 2; i++) writePatientImages(c, i, dir);
    return dir;
  };
  const a = write(7), b = write(7), other = write(8);
  it('every NIfTI, DICOM and RTSTRUCT file is identical for the same seed', () => {
    const files = listAll(a);
    expect(files.filter((f) => f.endsWith('.nii.gz')).length).toBe(8);
    expect(files.filter((f) => f.endsWith('mask-rtstruct.dcm')).length).toBe(2);
    expect(files.filter((f) => f.startsWith('dicom/')).length).toBe(2 * 3 * 24);
    expect(listAll(b)).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });
  it('a different seed changes the images', () => {
    expect(readFileSync(join(other, 'images/SYN00001/arterial.nii.gz')).equals(readFileSync(join(a, 'images/SYN00001/arterial.nii.gz')))).toBe(false);
  });
});

describe('written files read back through io', () => {
  const c = cohort(3, 7, { config: allFormats({ rtstruct: 1 }) });
  const dir = tmp('io');
  const i = 0;
  const res = writePatientImages(c, i, dir);
  const im = renderCohortPhantom(c, i);

  it('NIfTI phases hold the rendered voxels, grid and a SYNTHETIC description', () => {
    for (const ph of ['arterial', 'portal_venous', 'delayed'] as const) {
      const r = readNifti(join(dir, res.nifti[ph]));
      expect(r.header.description.startsWith('SYNTHETIC')).toBe(true);
      expect(r.header.datatype).toBe('int16');
      expect(Buffer.from(r.volume.data.buffer, r.volume.data.byteOffset, r.volume.data.byteLength).equals(Buffer.from(im.phases[ph].data.buffer))).toBe(true);
      r.volume.origin.forEach((o, a) => expect(o).toBeCloseTo(im.grid.origin[a], 3));
    }
    const m = readNifti(join(dir, res.maskNifti));
    expect(Buffer.from(m.volume.data as Uint8Array).equals(Buffer.from(im.mask.data))).toBe(true);
  });

  it('DICOM series read back with io to the same voxels as the NIfTI (exact integers), marked SYNTHETIC, with fake identifiers', async () => {
    expect(res.dicom).not.toBeNull();
    for (const ph of ['arterial', 'portal_venous', 'delayed'] as const) {
      const folder = join(dir, res.dicom![ph]);
      const parsed = readdirSync(folder).map((f) => parseDicomBytes(new Uint8Array(readFileSync(join(folder, f))), f));
      const r = await readDicomSeries(parsed, ph);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const nii = readNifti(join(dir, res.nifti[ph])).volume;
      expect(r.value.volume.shape).toEqual(nii.shape);
      expect(r.value.unit).toBe('HU');
      let maxDiff = 0;
      for (let v = 0; v < nii.data.length; v++) maxDiff = Math.max(maxDiff, Math.abs(r.value.volume.data[v] - nii.data[v]));
      expect(maxDiff).toBe(0);
      r.value.volume.origin.forEach((o, a) => expect(o).toBeCloseTo(nii.origin[a], 3));
      r.value.volume.spacing.forEach((s, a) => expect(s).toBeCloseTo(nii.spacing[a], 4));
      const ds = parsed[0].dataSet;
      expect(ds.string('x0008103e')).toContain('SYNTHETIC');
      expect(ds.string('x00204000')).toContain('SYNTHETIC');
      expect(ds.string('x00100010')).toMatch(/^[A-Z]+\^[A-Z]+$/);
      expect(ds.string('x00100020')).toMatch(/^MRN\d{8}$/);
      expect(ds.string('x00080080')).toContain('Fictional');
      expect(ds.string('x00080050')).toMatch(/^ACC\d{9}$/);
    }
  });

  it('RTSTRUCT contours rasterise back (io readRtStruct + rtStructToMask) to the label mask', () => {
    expect(res.maskFormat).toBe('rtstruct');
    const rt = readRtStruct(new Uint8Array(readFileSync(join(dir, res.maskPath))));
    expect(rt.rois.map((r) => r.name)).toEqual(im.mask.data.includes(3) ? ['Liver', 'Tumour', 'Thrombus'] : ['Liver', 'Tumour']);
    const roiLabels: Record<string, number> = { Liver: 1, Tumour: 2 };
    if (im.mask.data.includes(3)) roiLabels.Thrombus = 3;
    const back = rtStructToMask(rt, im.mask, { roiLabels });
    let wrong = 0;
    for (let v = 0; v < im.mask.data.length; v++) if (back.mask.data[v] !== im.mask.data[v]) wrong++;
    const labelled = im.mask.data.filter((x) => x > 0).length;
    expect(labelled).toBeGreaterThan(1000);
    expect(wrong).toBe(0); // marching-squares contours filled at voxel centres give back every voxel
  });

  it('DICOM-SEG masks read back (io readDicomSeg) to the label mask', () => {
    const cs = cohort(3, 7, { config: allFormats({ dicomSeg: 1 }) });
    const d2 = tmp('seg');
    const r = writePatientImages(cs, 0, d2);
    expect(r.maskFormat).toBe('dicom-seg');
    const seg = readDicomSeg(new Uint8Array(readFileSync(join(d2, r.maskPath))), { referenceGrid: im.mask });
    expect(seg.segments.map((s) => s.name)).toEqual(['liver', 'tumour', 'thrombus'].slice(0, seg.segments.length));
    expect(Buffer.from(seg.mask.data).equals(Buffer.from(im.mask.data))).toBe(true);
  });
});

describe('writeCohort with images: manifest, formats by centre, DICOM for the external centre', () => {
  const c = cohort(24, 5, { rnaseq: true, config: { images: { spacingScale: 2.5 } } });
  const dir = join(tmp('cohort'), 'synthetic-test');
  const seen: number[] = [];
  const res = writeCohort(c, dir, { images: true, onProgress: (p) => seen.push(p.done) });
  const lines = readFileSync(join(dir, 'manifest.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k], v])));

  it('reports progress once per patient', () => {
    expect(seen).toEqual(Array.from({ length: 24 }, (_, k) => k + 1));
  });
  it('lists every patient with centre, split, paths and mask format; every path exists', () => {
    expect(rows.length).toBe(24);
    expect(header).toEqual(['patient_id', 'centre', 'split', 'arterial_nifti', 'portal_venous_nifti', 'delayed_nifti', 'arterial_dicom', 'portal_venous_dicom', 'delayed_dicom', 'mask_path', 'mask_format', 'mask_nifti', 'mask_labels', 'clinical_file', 'outcomes_file', 'followup_file', 'counts_file', 'rnaseq_sample_id', 'synthetic']);
    for (const r of rows) {
      expect(r.split).toBe(r.centre === 'C4' ? 'external' : 'development');
      for (const k of ['arterial_nifti', 'portal_venous_nifti', 'delayed_nifti', 'mask_path', 'mask_nifti', 'clinical_file', 'outcomes_file', 'followup_file']) expect(existsSync(join(dir, r[k])), `${r.patient_id} ${k}`).toBe(true);
      // Default centres: C1 NIfTI, C2 DICOM-SEG, C3 RTSTRUCT; C4 mixed. DICOM series only for C4 (the last centre).
      if (r.centre === 'C1') expect(r.mask_format).toBe('nifti');
      if (r.centre === 'C2') expect(r.mask_format).toBe('dicom-seg');
      if (r.centre === 'C3') expect(r.mask_format).toBe('rtstruct');
      expect(r.arterial_dicom === 'NA').toBe(r.centre !== 'C4');
      if (r.centre === 'C4') expect(readdirSync(join(dir, r.portal_venous_dicom)).length).toBeGreaterThan(10);
      expect(r.synthetic).toBe('1');
    }
    expect(new Set(rows.map((r) => r.centre)).size).toBeGreaterThanOrEqual(3);
  });
  it('links RNA-seq samples and summarises the images in cohort.json and README', () => {
    const withRna = rows.filter((r) => r.rnaseq_sample_id !== 'NA');
    expect(withRna.map((r) => r.rnaseq_sample_id)).toEqual(c.rnaseq!.sampleIds);
    for (const r of withRna) expect(r.counts_file).toBe('counts.csv');
    const meta = JSON.parse(readFileSync(join(dir, 'cohort.json'), 'utf8'));
    expect(meta.images.written).toBe(true);
    expect(meta.images.patients).toBe(24);
    expect(meta.images.dicomCentre).toBe('C4');
    expect(meta.images.dicomPatients).toBe(rows.filter((r) => r.centre === 'C4').length);
    expect(res.files.map((f) => f.name)).toContain('manifest.csv');
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toContain('FAKE identifying values');
  });
});

describe('image configuration errors', () => {
  it('all-zero mask format shares are a bad_option naming the centre', () => {
    try {
      parseSynthConfig({ images: { scanners: { C1: { maskFormats: { nifti: 0 } } } } });
      expect.unreachable();
    } catch (e) {
      const issues = (e as { code: string; issues: { code: string; path: unknown[] }[] }).issues;
      expect((e as { code: string }).code).toBe('E_OPTION');
      expect(issues[0].code).toBe('bad_option');
      expect(issues[0].path).toEqual(['images', 'scanners', 'C1', 'maskFormats']);
    }
  });
  it('schema violations (negative noise) are bad_option with their path', () => {
    try {
      parseSynthConfig({ images: { defaultScanner: { noiseSd: -1 } } });
      expect.unreachable();
    } catch (e) {
      const issues = (e as { issues: { code: string; path: unknown[] }[] }).issues;
      expect(issues[0].code).toBe('bad_option');
      expect(issues[0].path).toEqual(['images', 'defaultScanner', 'noiseSd']);
    }
  });
});
