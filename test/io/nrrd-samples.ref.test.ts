/**
 * Oracle: the NRRD headers of PyRadiomics' test images (../shared/reference/ibsi/pyradiomics_testdata) and the
 * mask facts PyRadiomics reports for them in its baselines (voxel count of label 1).
 */
import { describe, expect, it } from 'vitest';
import { indexToWorld } from '../../src/core/volume.js';
import { readNrrd, readNrrdMask } from '../../src/io/index.js';
import { sharedReferencePath } from '../helpers/reference.js';

const dir = 'ibsi/pyradiomics_testdata';
// Values as written in each header (sizes, space directions, space origin, type) and the label-1 voxel count in the baselines.
const CASES = [
  { name: 'brain1', shape: [256, 256, 25], spacing: [0.78124999999999989, 0.78124999999999989, 6.4999999999999982], dirY: -1, origin: [-99.609374999999986, 99.609374999999986, -77.999999999999957], imageType: 'int16', labelVoxels: 4137 },
  { name: 'brain2', shape: [256, 256, 23], spacing: [0.78124999999999989, 0.78124999999999989, 6.4999999999999982], dirY: -1, origin: [-109.99999999999999, 103.41874694824213, -62.700000762939432], imageType: 'int16', labelVoxels: null },
  { name: 'breast1', shape: [45, 120, 21], spacing: [0.664062, 0.664062, 2.1], dirY: 1, origin: [-116.54304, -48.14465400000001, 9.4500000000000295], imageType: 'int16', labelVoxels: null },
] as const;

describe('readNrrd on the PyRadiomics test images', () => {
  for (const c of CASES) {
    it(`${c.name}: shape, spacing, direction and origin from the header; label map as Mask`, () => {
      const img = readNrrd(sharedReferencePath(`${dir}/${c.name}_image.nrrd`));
      expect(img.header.encoding).toBe('gzip');
      expect(img.header.type).toBe(c.imageType);
      expect(img.volume.shape).toEqual(c.shape);
      img.volume.spacing.forEach((s, i) => expect(s).toBeCloseTo(c.spacing[i], 12));
      expect(img.volume.direction).toEqual([1, 0, 0, 0, c.dirY, 0, 0, 0, 1]);
      img.volume.origin.forEach((o, i) => expect(o).toBeCloseTo(c.origin[i], 10));
      const far = indexToWorld(img.volume, [c.shape[0] - 1, c.shape[1] - 1, c.shape[2] - 1]);
      expect(far[1]).toBeCloseTo(c.origin[1] + c.dirY * c.spacing[1] * (c.shape[1] - 1), 8);
      const m = readNrrdMask(sharedReferencePath(`${dir}/${c.name}_label.nrrd`), { 1: 'tumour' });
      expect(m.mask.shape).toEqual(c.shape);
      expect(m.mask.data).toBeInstanceOf(Uint8Array);
      const ones = m.counts.find((x) => x.value === 1);
      expect(ones?.voxels).toBeGreaterThan(0);
      if (c.labelVoxels !== null) expect(ones?.voxels).toBe(c.labelVoxels);
    });
  }
});
