import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import { indexToWorld, makeVolume, voxelIndex } from '../../core/volume.js';
import type { Mask } from '../../core/volume.js';
import { buildSeg } from '../../../test/helpers/dicom-seg-fixture.js';
import type { SegFixtureFrame } from '../../../test/helpers/dicom-seg-fixture.js';
import { readDicomSeg } from './read-dicom-seg.js';
import { writeDicomSeg } from './write-dicom-seg.js';
import { countMaskVoxels } from './label-map.js';

// 3 columns × 5 rows: 15 pixels per frame, so frames 2.. start at odd bit offsets.
const R = 5;
const C = 3;
function frame(position: Vec3, segment: number, on: number[]): SegFixtureFrame {
  const values = new Array<number>(R * C).fill(0);
  for (const n of on) values[n] = 1;
  return { position, segment, values };
}
function thrown(fn: () => unknown): HccError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('readDicomSeg: BINARY, multi-frame, multi-segment (oracle: frames built by hand with dcmjs)', () => {
  const frames = [
    frame([0, 0, 4], 2, [0, 14]), // slice 2 (z = 4 with spacing 2)
    frame([0, 0, 0], 1, [1, 2, 3]),
    frame([0, 0, 4], 1, [7]),
    frame([0, 0, 6], 1, [0, 1, 2, 3, 4, 5, 6]),
  ];
  const bytes = buildSeg({ rows: R, columns: C, type: 'BINARY', segments: [{ number: 1, label: 'Liver' }, { number: 2, typeMeaning: 'Neoplasm' }], frames, pixelSpacing: [0.7, 0.5], spacingBetweenSlices: 2 });

  it('unpacks every frame at its bit offset and places it by ImagePositionPatient (derived grid)', () => {
    const r = readDicomSeg(bytes, { source: 'two.seg.dcm' });
    expect(r.warnings).toEqual([]);
    expect(r.frameCount).toBe(4);
    expect(r.segmentationType).toBe('BINARY');
    const m = r.mask;
    expect(m.shape).toEqual([3, 5, 4]); // z 0..6 mm every 2 mm; slice 1 (z = 2) is empty
    expect(m.spacing).toEqual([0.5, 0.7, 2]);
    expect(m.origin).toEqual([0, 0, 0]);
    expect(m.labels).toEqual({ 1: 'Liver', 2: 'Neoplasm' });
    expect(r.segments.map((s) => [s.segmentNumber, s.label, s.voxels, s.frames])).toEqual([[1, 1, 11, 3], [2, 2, 2, 1]]);
    expect(countMaskVoxels(m, 1)).toBe(11);
    expect(countMaskVoxels(m, 2)).toBe(2);
    // frame pixel n = column (n % 3) + 3 · row
    expect(m.data[voxelIndex(m.shape, 1, 0, 0)]).toBe(1);
    expect(m.data[voxelIndex(m.shape, 0, 1, 0)]).toBe(1);
    expect(m.data[voxelIndex(m.shape, 2, 4, 2)]).toBe(2);
    expect(m.data[voxelIndex(m.shape, 1, 2, 2)]).toBe(1);
    expect(countMaskVoxels({ data: m.data.subarray(15, 30) })).toBe(0);
  });

  it('places frames on a reference image grid and maps segments to chosen labels', () => {
    const grid = { shape: [3, 5, 6] as Vec3, spacing: [0.5, 0.7, 2] as Vec3, origin: [0, 0, -2] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 };
    const r = readDicomSeg(bytes, { referenceGrid: grid, labelForSegment: { 1: 5, 2: 9 } });
    expect(r.mask.shape).toEqual([3, 5, 6]);
    expect(r.mask.labels).toEqual({ 5: 'Liver', 9: 'Neoplasm' });
    expect(r.mask.data[voxelIndex(grid.shape, 1, 0, 1)]).toBe(5); // z = 0 → k = 1
    expect(r.mask.data[voxelIndex(grid.shape, 2, 4, 3)]).toBe(9); // z = 4 → k = 3
    expect(countMaskVoxels(r.mask)).toBe(13);
  });

  it('reports frames that are not slices of the reference grid (grid_mismatch, per frame)', () => {
    const grid = { shape: [3, 5, 6] as Vec3, spacing: [0.5, 0.7, 2] as Vec3, origin: [0, 0, -1] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 };
    const e = thrown(() => readDicomSeg(bytes, { referenceGrid: grid, source: 'a.dcm' }));
    expect(e.code).toBe('E_INPUT');
    expect(e.message).toContain('a.dcm');
    expect(e.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['grid_mismatch', 'a.dcm.frame.1'],
      ['grid_mismatch', 'a.dcm.frame.2'],
      ['grid_mismatch', 'a.dcm.frame.3'],
      ['grid_mismatch', 'a.dcm.frame.4'],
    ]);
    const wrongSize = { ...grid, shape: [5, 3, 6] as Vec3 };
    expect(thrown(() => readDicomSeg(bytes, { referenceGrid: wrongSize })).issues[0]).toMatchObject({ code: 'grid_mismatch', received: '3×5' });
  });

  it('resolves overlapping segments in favour of the higher segment number and says so', () => {
    const ov = buildSeg({ rows: R, columns: C, type: 'BINARY', segments: [{ number: 1, label: 'liver' }, { number: 2, label: 'tumour' }], frames: [frame([0, 0, 0], 2, [4, 5]), frame([0, 0, 0], 1, [3, 4, 5, 6])] });
    const r = readDicomSeg(ov);
    expect(r.overlapVoxels).toBe(2);
    expect(Array.from(r.mask.data.subarray(3, 7))).toEqual([1, 2, 2, 1]);
    expect(r.warnings.map((w) => w.code)).toEqual(['inferred_value']);
  });

  it('reads the same object written big-endian', () => {
    const be = buildSeg({ rows: R, columns: C, type: 'BINARY', segments: [{ number: 1, label: 'Liver' }, { number: 2, typeMeaning: 'Neoplasm' }], frames, pixelSpacing: [0.7, 0.5], spacingBetweenSlices: 2, transferSyntax: '1.2.840.10008.1.2.2' });
    const a = readDicomSeg(bytes).mask;
    const b = readDicomSeg(be).mask;
    expect(b.shape).toEqual(a.shape);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });
});

describe('readDicomSeg: FRACTIONAL (threshold 0.5 × MaximumFractionalValue)', () => {
  it('keeps voxels at or above half the maximum fractional value', () => {
    const values = [0, 99, 100, 101, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const bytes = buildSeg({ rows: R, columns: C, type: 'FRACTIONAL', maxFractional: 200, segments: [{ number: 1, label: 'tumour' }], frames: [{ position: [0, 0, 0], segment: 1, values }] });
    const r = readDicomSeg(bytes);
    expect(r.segmentationType).toBe('FRACTIONAL');
    expect(Array.from(r.mask.data)).toEqual([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const loose = readDicomSeg(bytes, { fractionalThreshold: 0.004 });
    expect(countMaskVoxels(loose.mask)).toBe(5); // ≥ 0.8 → 99, 100, 101, 200 and 1
  });
});

describe('readDicomSeg: truncated and malformed objects', () => {
  const base = { rows: R, columns: C, type: 'BINARY' as const, segments: [{ number: 1, label: 'Liver' }], frames: [frame([0, 0, 0], 1, [0]), frame([0, 0, 1], 1, [1]), frame([0, 0, 2], 1, [2])] };

  it('infers a missing NumberOfFrames from the pixel data length and ignores extra per-frame items', () => {
    // 45 bits → 6 bytes; keep 2 bytes = 16 bits → 1 complete frame of 15 pixels
    const r = readDicomSeg(buildSeg({ ...base, omitNumberOfFrames: true, truncatePixelBytes: 2 }), { source: 'cut.dcm' });
    expect(r.frameCount).toBe(1);
    expect(r.warnings.map((w) => [w.code, w.path.join('.')])).toEqual([
      ['inferred_value', 'cut.dcm.NumberOfFrames'],
      ['inferred_value', 'cut.dcm.PerFrameFunctionalGroupsSequence'],
    ]);
    expect(countMaskVoxels(r.mask)).toBe(1);
    expect(r.mask.shape).toEqual([3, 5, 1]);
  });

  it('rejects pixel data shorter than NumberOfFrames needs', () => {
    const e = thrown(() => readDicomSeg(buildSeg({ ...base, truncatePixelBytes: 2 }), { source: 'short.dcm' }));
    expect(e.issues).toMatchObject([{ code: 'bad_dicom', path: ['short.dcm', 'PixelData'] }]);
  });

  it('rejects objects that are not segmentations, and bytes that are not DICOM', () => {
    const ct = thrown(() => readDicomSeg(buildSeg({ ...base, sopClassUid: '1.2.840.10008.5.1.4.1.1.2' }), { source: 'ct.dcm' }));
    expect(ct.issues).toMatchObject([{ code: 'bad_dicom', path: ['ct.dcm', 'SOPClassUID'] }]);
    const junk = thrown(() => readDicomSeg(new Uint8Array(300).fill(7), { source: 'junk.bin' }));
    expect(junk.code).toBe('E_INPUT');
    expect(junk.issues[0]).toMatchObject({ code: 'bad_dicom', path: ['junk.bin', 'SOPClassUID'] });
    const good = buildSeg(base);
    const cut = thrown(() => readDicomSeg(good.subarray(0, 700), { source: 'half.dcm' }));
    expect(cut.issues[0].path[0]).toBe('half.dcm');
  });

  it('rejects frames referring to unknown segments', () => {
    const e = thrown(() => readDicomSeg(buildSeg({ ...base, frames: [frame([0, 0, 0], 3, [0])] })));
    expect(e.issues).toMatchObject([{ code: 'bad_dicom', path: ['DICOM-SEG', 'frame', 1, 'ReferencedSegmentNumber'] }]);
  });
});

describe('writeDicomSeg then readDicomSeg (round trip on an oblique, anisotropic grid)', () => {
  const c = Math.cos(0.4);
  const s = Math.sin(0.4);
  // rotation about x then the columns are the index axes; LPS frame, non-identity
  const dir: Mat3 = [1, 0, 0, 0, c, -s, 0, s, c];
  const shape: Vec3 = [7, 5, 4];
  const data = new Uint8Array(7 * 5 * 4);
  data[voxelIndex(shape, 1, 1, 0)] = 1;
  data[voxelIndex(shape, 6, 4, 2)] = 1;
  data[voxelIndex(shape, 3, 2, 2)] = 2;
  data[voxelIndex(shape, 0, 0, 3)] = 2;
  const mask: Mask = { ...makeVolume({ data, shape, spacing: [0.8, 1.1, 3] as Vec3, origin: [-12.5, 40, 100] as Vec3, direction: dir }), labels: { 1: 'liver', 2: 'tumour' } };

  for (const byteOrder of ['little', 'big'] as const) {
    it(`restores voxels, labels and geometry (${byteOrder} endian)`, () => {
      const w = writeDicomSeg(mask, { byteOrder });
      expect(w.frames).toBe(4); // liver on slices 0, 2; tumour on 2, 3
      const grid = { shape, spacing: mask.spacing, origin: mask.origin, direction: dir };
      const r = readDicomSeg(w.bytes, { referenceGrid: grid, labelForSegment: w.segmentLabels });
      expect(Array.from(r.mask.data)).toEqual(Array.from(data));
      expect(r.mask.labels).toEqual({ 1: 'liver', 2: 'tumour' });
      // without a reference grid: the derived grid spans slices 0..3 and matches the geometry
      const d = readDicomSeg(w.bytes);
      expect(d.mask.shape).toEqual(shape);
      d.mask.direction.forEach((v, i) => expect(v).toBeCloseTo(dir[i], 6));
      expect(indexToWorld(d.mask, [6, 4, 3]).map((v) => +v.toFixed(6))).toEqual(indexToWorld(mask, [6, 4, 3]).map((v) => +v.toFixed(6)));
      expect(Array.from(d.mask.data)).toEqual(Array.from(data));
    });
  }
});
