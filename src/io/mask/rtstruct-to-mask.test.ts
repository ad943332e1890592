import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import { voxelIndex } from '../../core/volume.js';
import { countMaskVoxels } from './label-map.js';
import type { RtStructureSet } from './read-rtstruct.js';
import { rtStructToMask } from './rtstruct-to-mask.js';

const grid = { shape: [20, 20, 2] as Vec3, spacing: [1, 1, 3] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 };
const square = (x0: number, y0: number, x1: number, y1: number, z: number): Float64Array => Float64Array.from([x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z]);
const rt: RtStructureSet = {
  source: 'plan.dcm',
  frameOfReferenceUids: ['1.2.3'],
  warnings: [],
  rois: [
    { number: 7, name: 'GTV', contours: [{ geometricType: 'CLOSED_PLANAR', points: square(4, 4, 8, 8, 3), referencedSopInstanceUids: [] }] },
    { number: 3, name: 'Liver ', contours: [{ geometricType: 'CLOSED_PLANAR', points: square(2, 2, 12, 12, 3), referencedSopInstanceUids: [] }, { geometricType: 'POINT', points: Float64Array.from([1, 1, 0]), referencedSopInstanceUids: [] }] },
  ],
};

describe('rtStructToMask (oracle: hand-counted squares)', () => {
  it('labels ROIs by the given table; the higher label wins where they overlap', () => {
    const r = rtStructToMask(rt, grid, { roiLabels: { liver: 1, gtv: 2 } });
    expect(r.mask.labels).toEqual({ 1: 'Liver ', 2: 'GTV' });
    expect(r.rois.map((x) => [x.name, x.label, x.voxels])).toEqual([['Liver ', 1, 100], ['GTV', 2, 16]]);
    expect(r.overlapVoxels).toBe(16);
    expect(countMaskVoxels(r.mask, 1)).toBe(84);
    expect(countMaskVoxels(r.mask, 2)).toBe(16);
    expect(r.mask.data[voxelIndex(grid.shape, 5, 5, 1)]).toBe(2);
    expect(r.mask.data[voxelIndex(grid.shape, 2, 2, 1)]).toBe(1);
    // the POINT contour ignored; the GTV drawn within the liver is the usual drawing, not a warning
    expect(r.warnings.map((w) => w.message)).toEqual(['1 non-CLOSED_PLANAR contour(s) ignored']);
  });

  it('warns when a lower-label ROI is painted over entirely, and when ROIs overlap without nesting', () => {
    // default labels in file order: GTV 1, liver 2, so the liver covers the tumour
    const covered = rtStructToMask(rt, grid);
    const w = covered.warnings.filter((x) => /covered/.test(x.message));
    expect(w).toHaveLength(1);
    expect(w[0].path).toEqual(['plan.dcm', 'ROI', 'GTV']);
    expect(w[0].message).toBe('ROI "GTV" (label 1) is entirely covered by ROI "Liver " (label 2), painted over it: no voxel keeps label 1');
    expect(w[0].expected).toBe('the inner structure given the higher label (e.g. mask_labels 2=GTV;1=Liver)');
    // two squares sharing a 2 x 4 strip (8 of 16 voxels per slice): neither within the other
    const sideBySide: RtStructureSet = { ...rt, rois: [rt.rois[0], { number: 9, name: 'B', contours: [{ geometricType: 'CLOSED_PLANAR', points: square(6, 4, 10, 8, 3), referencedSopInstanceUids: [] }] }] };
    const partial = rtStructToMask(sideBySide, grid);
    expect(partial.warnings.map((x) => x.message)).toEqual(['ROI "B" (label 2) and ROI "GTV" (label 1) share 8 voxel(s) without one lying within the other; the higher label was kept there']);
  });

  it('labels every closed-planar ROI 1, 2, … in file order by default', () => {
    const r = rtStructToMask(rt, grid);
    expect(r.mask.labels).toEqual({ 1: 'GTV', 2: 'Liver ' });
    expect(countMaskVoxels(r.mask, 2)).toBe(100); // liver painted last (label 2) covers the GTV
  });

  it('names an off-plane contour by file, ROI and contour number in a structured path', () => {
    const tilted: RtStructureSet = { ...rt, rois: [{ number: 7, name: 'GTV', contours: [rt.rois[0].contours[0], { geometricType: 'CLOSED_PLANAR', points: square(4, 4, 8, 8, 4.5), referencedSopInstanceUids: [] }] }] };
    try {
      rtStructToMask(tilted, grid);
      throw new Error('expected an error');
    } catch (e) {
      const issues = (e as { issues: { code: string; path: unknown[]; message: string }[] }).issues;
      expect(issues.map((i) => [i.code, i.path])).toEqual([['contour_off_plane', ['plan.dcm', 'ROI', 'GTV', 'contour', 2]]]);
      expect(issues[0].message).toMatch(/^ROI "GTV": contour 2 is 1\.500 mm away/);
    }
  });

  it('rejects labels a mask cannot hold', () => {
    expect(() => rtStructToMask(rt, grid, { roiLabels: { liver: 0 } })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'bad_option', path: ['roiLabels', 'liver'] })] }));
  });
});
