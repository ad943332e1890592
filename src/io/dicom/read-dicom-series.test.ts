import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedReferencePath } from '../../../test/helpers/reference.js';
import { patchDicom, syntheticCt, tempDir, writeSlices } from '../../../test/helpers/synthetic-dicom.js';
import { readNifti } from '../nifti/read-nifti.js';
import { writeNifti } from '../nifti/write-nifti.js';
import { readDicomFolder } from './read-dicom-folder.js';
import { writeDicomSeries } from './write-dicom-series.js';

const UIDS = { studyInstanceUid: '2.25.1001', seriesInstanceUid: '2.25.1002', frameOfReferenceUid: '2.25.1003' };
const dirs: string[] = [];
const fresh = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('readDicomFolder on a synthetic oblique, anisotropic CT series (tier c: round trip)', () => {
  const truth = syntheticCt();
  const dir = fresh();
  const names = writeSlices(dir, writeDicomSeries(truth, UIDS));

  it('sorts shuffled files by position along the normal and returns identical voxels and geometry', async () => {
    expect([...names].sort()).not.toEqual(names); // file names do not follow slice order
    const read = await readDicomFolder(dir);
    expect(read.fileIssues).toEqual([]);
    expect(read.series).toHaveLength(1);
    const r = read.series[0].result;
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const v = r.value.volume;
    expect(v.data).toBeInstanceOf(Int16Array); // integral slope/intercept -> int16 storage
    expect(v.shape).toEqual([7, 5, 6]);
    expect(maxDiff(v.data, truth.data)).toBe(0);
    expect(maxDiff(v.spacing, truth.spacing)).toBeLessThan(1e-6);
    expect(maxDiff(v.origin, truth.origin)).toBeLessThan(1e-5);
    expect(maxDiff(v.direction, truth.direction)).toBeLessThan(1e-6);
    expect(r.value.files).toEqual(names); // slice k came from the file written for k
    expect(r.value.unit).toBe('HU');
    expect(r.warnings).toEqual([]);
  });

  it('gives the same Volume as the same scan written as NIfTI (DICOM <-> NIfTI cross-check)', async () => {
    const niftiPath = join(fresh(), 'ct.nii.gz');
    writeNifti(niftiPath, truth, { version: 2 });
    const nifti = readNifti(niftiPath).volume;
    const r = (await readDicomFolder(dir)).series[0].result;
    if (!r.ok) throw new Error('series failed');
    const d = r.value.volume;
    expect(nifti.shape).toEqual(d.shape);
    expect(maxDiff(nifti.data, d.data)).toBe(0);
    expect(maxDiff(nifti.spacing, d.spacing)).toBeLessThan(1e-5);
    expect(maxDiff(nifti.origin, d.origin)).toBeLessThan(1e-4);
    expect(maxDiff(nifti.direction, d.direction)).toBeLessThan(1e-5);
  });

  it('applies a fractional RescaleSlope per slice and stores Float32 HU', async () => {
    const d2 = fresh();
    const slices = writeDicomSeries(truth, UIDS).map((s) => ({ ...s, bytes: patchDicom(s.bytes, (ds) => (ds.RescaleSlope = 0.5)) }));
    writeSlices(d2, slices);
    const r = (await readDicomFolder(d2)).series[0].result;
    if (!r.ok) throw new Error('series failed');
    expect(r.value.volume.data).toBeInstanceOf(Float32Array);
    // stored = HU + 1024, so value = 0.5 * (HU + 1024) - 1024
    const expected = Array.from(truth.data, (hu) => 0.5 * (hu + 1024) - 1024);
    expect(maxDiff(r.value.volume.data, expected)).toBeLessThan(1e-4);
  });
});

describe('error contracts (code + path naming the series and file)', () => {
  const truth = syntheticCt([4, 3, 8]);

  async function readWith(edit: (slices: { k: number; bytes: Uint8Array }[]) => { k: number; bytes: Uint8Array }[], opts = {}) {
    const d = fresh();
    const names = writeSlices(d, edit(writeDicomSeries(truth, UIDS)) as never);
    return { read: await readDicomFolder(d, opts), names, dir: d };
  }

  it('gantry tilt: IPP steps leave the normal -> gantry_tilt error', async () => {
    const { read } = await readWith((s) =>
      s.map((x) => ({ ...x, bytes: patchDicom(x.bytes, (ds) => (ds.ImagePositionPatient = ds.ImagePositionPatient.map((p: number, a: number) => p + (a === 0 ? 0.6 * x.k : 0)))) })),
    );
    const r = read.series[0].result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const tilt = r.issues.find((i) => i.code === 'gantry_tilt');
    expect(tilt?.severity).toBe('error');
    expect(tilt?.path.slice(0, 2)).toEqual(['series', UIDS.seriesInstanceUid]);
    expect(tilt?.path[2]).toBe('file');
  });

  it('gantry tilt is a warning when allowed, and the volume is still returned', async () => {
    const { read } = await readWith(
      (s) => s.map((x) => ({ ...x, bytes: patchDicom(x.bytes, (ds) => (ds.ImagePositionPatient = ds.ImagePositionPatient.map((p: number, a: number) => p + (a === 1 ? 0.6 * x.k : 0)))) })),
      { allowGantryTilt: true },
    );
    const r = read.series[0].result;
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.map((w) => w.code)).toEqual(['gantry_tilt']);
  });

  it('missing slice: a gap > 1.5 x median step -> missing_slice naming the file after the gap', async () => {
    const { read, names } = await readWith((s) => s.filter((x) => x.k !== 4));
    const r = read.series[0].result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.code)).toEqual(['missing_slice']);
    // names[] is indexed by position in the filtered list; slice k=5 sits at index 4
    expect(r.issues[0].path).toEqual(['series', UIDS.seriesInstanceUid, 'file', names[4]]);
  });

  it('uneven spacing: one slice 0.4 mm off -> uneven_spacing', async () => {
    const { read } = await readWith((s) =>
      s.map((x) => (x.k !== 3 ? x : { ...x, bytes: patchDicom(x.bytes, (ds) => (ds.ImagePositionPatient = ds.ImagePositionPatient.map((p: number, a: number) => p + 0.4 * truth.direction[a * 3 + 2]))) })),
    );
    const r = read.series[0].result;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.code)).toEqual(['uneven_spacing']);
      expect(r.issues[0].path.slice(0, 3)).toEqual(['series', UIDS.seriesInstanceUid, 'file']);
    }
  });

  it('truncated file -> dicom_unreadable naming the file; other files still grouped; no throw', async () => {
    const { read, names, dir } = await readWith((s) => s);
    const victim = names[7]; // last slice, so the rest stays contiguous
    const full = readFileSync(join(dir, victim));
    writeFileSync(join(dir, victim), full.subarray(0, full.length - 40));
    const again = await readDicomFolder(dir);
    expect(again.fileIssues.map((i) => [i.code, i.path])).toEqual([['dicom_unreadable', ['file', victim]]]);
    expect(again.series[0].result.ok).toBe(true);
    if (again.series[0].result.ok) expect(again.series[0].result.value.volume.shape).toEqual([4, 3, 7]);
    expect(read.series).toHaveLength(1);
  });

  it('header-truncated and non-DICOM files -> dicom_unreadable; SEG/RTSTRUCT skipped with a dicom_not_image note', async () => {
    const d = fresh();
    const ct = readFileSync(sharedReferencePath('imaging/pydicom/CT_small.dcm'));
    writeFileSync(join(d, 'half.dcm'), ct.subarray(0, 600));
    writeFileSync(join(d, 'notes.txt'), 'this is not DICOM at all');
    copyFileSync(sharedReferencePath('imaging/pydicom/rtstruct.dcm'), join(d, 'rtstruct.dcm'));
    copyFileSync(sharedReferencePath('imaging/pydicom/liver_1frame.dcm'), join(d, 'seg.dcm'));
    const read = await readDicomFolder(d);
    const byFile = Object.fromEntries(read.fileIssues.map((i) => [i.path[1], [i.code, i.severity]]));
    expect(byFile).toEqual({
      'half.dcm': ['dicom_unreadable', 'error'],
      'notes.txt': ['dicom_unreadable', 'error'],
      'rtstruct.dcm': ['dicom_not_image', 'warning'],
      'seg.dcm': ['dicom_not_image', 'warning'],
    });
    expect(read.series).toEqual([]);
  });

  it('groups two series and splits one series holding two orientations', async () => {
    const d = fresh();
    writeSlices(d, writeDicomSeries(truth, UIDS));
    const other = writeDicomSeries(syntheticCt([4, 3, 3]), { ...UIDS, seriesInstanceUid: '2.25.2002' });
    other.forEach((s) => writeFileSync(join(d, `other_${s.k}.dcm`), s.bytes));
    const tilted = patchDicom(other[0].bytes, (ds) => {
      ds.SeriesInstanceUID = UIDS.seriesInstanceUid;
      ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0];
    });
    writeFileSync(join(d, 'zz_localiser_like.dcm'), tilted);
    const read = await readDicomFolder(d);
    expect(read.series.map((s) => [s.label, s.files.length]).sort()).toEqual([
      ['2.25.1002#1', 8],
      ['2.25.1002#2', 1],
      ['2.25.2002', 3],
    ]);
  });
});

describe('real multi-file series (nibabel mr_series, implicit VR Siemens MR)', () => {
  it('stacks 0.dcm and 1.dcm along the normal', async () => {
    const d = fresh();
    copyFileSync(sharedReferencePath('imaging/nibabel/mr_series/1.dcm'), join(d, 'a.dcm'));
    copyFileSync(sharedReferencePath('imaging/nibabel/mr_series/0.dcm'), join(d, 'b.dcm'));
    const read = await readDicomFolder(d);
    expect(read.series).toHaveLength(1);
    const r = read.series[0].result;
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.volume.shape.slice(0, 2)).toEqual([256, 256]);
    expect(r.value.volume.shape[2]).toBe(2);
    expect(r.value.unit).toBe('rescaled');
    expect(r.value.volume.spacing[2]).toBeGreaterThan(0);
  });
});
