// Reference tests on real files made by others (pydicom's test files, see ../shared/reference/imaging/README.md).
// Oracle tier (b): the set-voxel count of liver_1frame.dcm was obtained independently (dcmjs + own
// bit count, ts-stack-findings §1: 36 233); RTSTRUCT values are read off the file with dicom-parser by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import type { Mat3, Vec3 } from '../../src/core/geometry.js';
import { orientationCode } from '../../src/core/geometry.js';
import { voxelIndex } from '../../src/core/volume.js';
import { countMaskVoxels } from '../../src/io/mask/label-map.js';
import { readDicomSeg } from '../../src/io/mask/read-dicom-seg.js';
import { readNiftiMask } from '../../src/io/mask/read-nifti-mask.js';
import { readRtStruct } from '../../src/io/mask/read-rtstruct.js';
import { rtStructToMask } from '../../src/io/mask/rtstruct-to-mask.js';
import { sharedReferencePath } from '../helpers/reference.js';

const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(sharedReferencePath(`imaging/pydicom/${name}`)));

describe('DICOM-SEG: pydicom liver_1frame.dcm (truncated dcmqi SEG) and its big-endian twin', () => {
  for (const name of ['liver_1frame.dcm', 'liver_expb_1frame.dcm']) {
    it(`${name}: 36 233 liver voxels on a 512×512×1 grid, with warnings for the truncation`, () => {
      const r = readDicomSeg(bytes(name), { source: name });
      expect(r.segmentationType).toBe('BINARY');
      expect(r.frameCount).toBe(1);
      expect(r.segments).toEqual([{ segmentNumber: 1, label: 1, name: 'Liver', propertyType: 'Liver', voxels: 36233, frames: 1 }]);
      expect(countMaskVoxels(r.mask, 1)).toBe(36233);
      expect(r.mask.labels).toEqual({ 1: 'Liver' });
      expect(r.mask.shape).toEqual([512, 512, 1]);
      expect(r.mask.spacing[0]).toBeCloseTo(0.810547, 9);
      expect(r.mask.spacing[1]).toBeCloseTo(0.810547, 9);
      expect(r.mask.origin).toEqual([-235.2, -226.8, -128.69]);
      expect(r.mask.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
      expect(r.warnings.map((w) => [w.code, w.path.join('.')])).toEqual([
        ['inferred_value', `${name}.NumberOfFrames`],
        ['inferred_value', `${name}.PerFrameFunctionalGroupsSequence`],
      ]);
      expect(r.warnings[1].message).toContain('3 per-frame items');
    });
  }

  it('little- and big-endian files give identical voxels', () => {
    const le = readDicomSeg(bytes('liver_1frame.dcm')).mask;
    const be = readDicomSeg(bytes('liver_expb_1frame.dcm')).mask;
    expect(Buffer.from(be.data).equals(Buffer.from(le.data))).toBe(true);
  });

  it('places the frame on a CT grid that contains its plane (slice 3 of 5, 1 mm apart)', () => {
    const grid = { shape: [512, 512, 5] as Vec3, spacing: [0.810547, 0.810547, 1] as Vec3, origin: [-235.2, -226.8, -131.69] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 };
    const r = readDicomSeg(bytes('liver_1frame.dcm'), { referenceGrid: grid });
    expect(countMaskVoxels({ data: r.mask.data.subarray(3 * 512 * 512, 4 * 512 * 512) })).toBe(36233);
    expect(countMaskVoxels(r.mask)).toBe(36233);
    const shifted = { ...grid, origin: [-235.2, -226.8, -131.19] as Vec3 };
    expect(() => readDicomSeg(bytes('liver_1frame.dcm'), { referenceGrid: shifted, source: 'liver_1frame.dcm' })).toThrow(/liver_1frame\.dcm/);
  });
});

describe('RTSTRUCT: pydicom rtstruct.dcm (no Part-10 header, implicit VR)', () => {
  const rt = readRtStruct(bytes('rtstruct.dcm'), { source: 'rtstruct.dcm' });

  it('reads ROI names, numbers, types, colours, contour counts and points', () => {
    expect(rt.warnings).toEqual([]);
    expect(rt.frameOfReferenceUids).toEqual(['1.2.826.0.1.3680043.8.498.2010020400001.2']);
    expect(rt.rois.map((r) => [r.number, r.name, r.interpretedType, r.contours.length])).toEqual([
      [1, 'patient', 'EXTERNAL', 3],
      [2, 'Isocenter 1', 'ISOCENTER', 1],
      [3, 'Isocenter 2', 'ISOCENTER', 1],
    ]);
    const patient = rt.rois[0];
    expect(patient.referencedFrameOfReferenceUid).toBe('1.2.826.0.1.3680043.8.498.2010020400001.2');
    expect(patient.displayColor).toEqual([220, 160, 120]);
    expect(patient.contours.map((c) => [c.geometricType, c.points.length / 3])).toEqual([['CLOSED_PLANAR', 5], ['CLOSED_PLANAR', 6], ['CLOSED_PLANAR', 6]]);
    expect(Array.from(patient.contours[0].points.subarray(0, 6))).toEqual([-200, 150, -200, -200, -150, -200]);
    expect(Array.from(patient.contours[2].points.subarray(15, 18))).toEqual([200, -0, -180]);
    expect(rt.rois[1].contours[0]).toMatchObject({ geometricType: 'POINT' });
  });

  it('rasterises the three 400 × 300 mm rectangles onto a 10 mm grid: 40 × 30 voxels on each slice', () => {
    // voxel centres x = -250 + 10 i, y = -200 + 10 j, z = -200 + 10 k; rectangle x ∈ [-200, 200), y ∈ [-150, 150)
    const grid = { shape: [51, 41, 3] as Vec3, spacing: [10, 10, 10] as Vec3, origin: [-250, -200, -200] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 };
    const r = rtStructToMask(rt, grid, { frameOfReferenceUid: '1.2.826.0.1.3680043.8.498.2010020400001.2' });
    expect(r.rois).toEqual([{ name: 'patient', label: 1, contours: 3, contoursUsed: 3, voxels: 3600, slices: [0, 1, 2] }]);
    expect(r.mask.labels).toEqual({ 1: 'patient' });
    for (let k = 0; k < 3; k++) expect(countMaskVoxels({ data: r.mask.data.subarray(k * 51 * 41, (k + 1) * 51 * 41) })).toBe(1200);
    expect(r.mask.data[voxelIndex(grid.shape, 5, 5, 0)]).toBe(1); // (-200, -150): on the left/lower edge → in
    expect(r.mask.data[voxelIndex(grid.shape, 45, 5, 0)]).toBe(0); // x = 200: right edge → out
    expect(r.mask.data[voxelIndex(grid.shape, 4, 5, 0)]).toBe(0);
  });

  it('names the file and ROI when the ROI is absent, the frame of reference differs, or contours miss the slices', () => {
    const grid = { shape: [51, 41, 3] as Vec3, spacing: [10, 10, 10] as Vec3, origin: [-250, -200, -200] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 };
    const err = (fn: () => unknown): HccError => {
      try {
        fn();
      } catch (e) {
        if (e instanceof HccError) return e;
      }
      throw new Error('expected HccError');
    };
    expect(err(() => rtStructToMask(rt, grid, { roiLabels: { Liver: 1 } })).issues).toMatchObject([{ code: 'unknown_label', path: ['rtstruct.dcm', 'ROI', 'Liver'] }]);
    const wrongFor = err(() => rtStructToMask(rt, grid, { frameOfReferenceUid: '1.2.3', imageSource: 'ct/' }));
    expect(wrongFor.issues).toMatchObject([{ code: 'grid_mismatch', path: ['rtstruct.dcm', 'ROI', 'patient', 'ReferencedFrameOfReferenceUID'] }]);
    expect(wrongFor.message).toContain('ct/');
    const offset = { ...grid, origin: [-250, -200, -205] as Vec3 }; // slices at -205, -195, …: contours 5 mm off
    const off = err(() => rtStructToMask(rt, offset, { roiLabels: { PATIENT: 4 } }));
    expect(off.issues.map((i) => i.code)).toEqual(['contour_off_plane', 'contour_off_plane', 'contour_off_plane']);
    // structured like every other RTSTRUCT issue (file, 'ROI', name, …): no "rtstruct.dcm > ROI patient" element
    expect(off.issues[0].path).toEqual(['rtstruct.dcm', 'ROI', 'patient', 'contour', 1]);
    expect(off.issues[0].message).toMatch(/^ROI "patient": contour 1 is 5\.000 mm away/);
  });
});

describe('NIfTI label map: nibabel standard.nii.gz (4×5×7 uint8, values 0 and 255)', () => {
  const path = sharedReferencePath('imaging/nibabel/standard.nii.gz');

  it('reads it as a mask with label 255 (30 voxels) and the reader’s LPS geometry', () => {
    const r = readNiftiMask(path, { 255: 'foreground' });
    expect(r.counts).toEqual([{ value: 255, name: 'foreground', voxels: 30 }]);
    expect(r.mask.shape).toEqual([4, 5, 7]);
    expect(r.mask.spacing).toEqual([1, 3, 2]);
    expect(orientationCode(r.mask.direction)).toBe('RAS');
    expect(r.warnings.filter((w) => w.code === 'unknown_label')).toEqual([]);
  });

  it('warns about the unlabelled value and rejects a mask on another grid, naming both files', () => {
    expect(readNiftiMask(path, { 1: 'liver' }).warnings.map((w) => w.code)).toContain('unknown_label');
    const r = readNiftiMask(path, { 255: 'foreground' });
    const image = { shape: r.mask.shape, spacing: [1, 3, 2.5] as Vec3, origin: r.mask.origin, direction: r.mask.direction };
    expect(() => readNiftiMask(path, { 255: 'foreground' }, { image, imageSource: 'ct.nii.gz' })).toThrow(/standard\.nii\.gz.*ct\.nii\.gz/);
  });
});
