import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { FEATURE_REGISTRY } from '../registry.js';
import type { TextureFeatureSet } from './aggregation.js';
import { glcmFeatures } from './glcm-features.js';
import { glcmMatrix } from './glcm-matrix.js';
import { glrlmMatrix } from './glrlm.js';
import { gldzmMatrix } from './gldzm.js';
import { glszmMatrix } from './glszm.js';
import type { TextureInput } from './grid.js';
import { prepareTextureGrid, roiSlices } from './grid.js';
import { ngldmMatrix } from './ngldm.js';
import { ngtdmFeatures, ngtdmMatrix } from './ngtdm.js';
import { computeTextureFeatures } from './texture-features.js';
import { distanceToBorder } from './zones.js';

/** A 3×1×1 strip with grey levels [1, 1, 2]: every matrix can be written down by hand. */
const STRIP: TextureInput = { levels: Int32Array.from([1, 1, 2]), mask: Uint8Array.from([1, 1, 1]), shape: [3, 1, 1] };

function caught(f: () => unknown): HccError {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('texture matrices of a hand-solvable strip (closed form)', () => {
  const grid = prepareTextureGrid(STRIP);
  const z = roiSlices(grid)[0];

  it('GLCM along x is symmetric: (1,1) twice, (1,2) and (2,1) once', () => {
    const m = glcmMatrix(grid, [1, 0, 0], z);
    expect(Array.from(m.counts)).toEqual([2, 1, 1, 0]);
    expect(Array.from(glcmMatrix(grid, [0, 1, 0], z).counts)).toEqual([0, 0, 0, 0]);
  });
  it('GLCM features of p = [[1/2, 1/4], [1/4, 0]]', () => {
    const out = new Float64Array(25);
    expect(glcmFeatures(glcmMatrix(grid, [1, 0, 0], z), out)).toBe(true);
    expect(out[0]).toBe(0.5); // joint maximum
    expect(out[1]).toBe(1.25); // joint average: 1·3/4 + 2·1/4
    expect(out[3]).toBe(1.5); // joint entropy: −(½ log2 ½ + 2 · ¼ log2 ¼)
    expect(out[11]).toBe(0.5); // contrast: 2 · ¼ · 1²
    expect(out[14]).toBeCloseTo(0.5 + 0.5 / 1.5, 14); // normalised inverse difference, Ng = 2
    expect(out[19]).toBe(0.5 + 2 * 2 * 0.25); // autocorrelation
  });
  it('GLRLM along x: a run of 1s of length 2 and a run of 2s of length 1', () => {
    const m = glrlmMatrix(grid, [1, 0, 0], z);
    expect(m.nCols).toBe(2);
    expect(Array.from(m.counts)).toEqual([0, 1, 1, 0]);
    expect(m.nVoxels).toBe(3);
  });
  it('GLSZM, GLDZM, NGLDM and NGTDM', () => {
    expect(Array.from(glszmMatrix(grid, z).counts)).toEqual([0, 1, 1, 0]);
    expect(Array.from(gldzmMatrix(grid, z).counts)).toEqual([1, 1]); // both zones touch the border
    expect(Array.from(ngldmMatrix(grid, z).counts)).toEqual([0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const t = ngtdmMatrix(grid, z);
    expect(Array.from(t.n)).toEqual([2, 1]);
    expect(Array.from(t.s)).toEqual([0.5, 1]); // |1 − 1| + |1 − 1.5|, |2 − 1|
    const out = new Float64Array(5);
    ngtdmFeatures(t, out);
    expect(out[0]).toBeCloseTo(1 / ((2 / 3) * 0.5 + (1 / 3) * 1), 14); // coarseness
  });
});

describe('distance to the ROI border', () => {
  it('is the 6-connected erosion depth in a 5×5×5 cube (centre 3) and 4-connected in-plane', () => {
    const n = 125;
    const grid = prepareTextureGrid({ levels: new Int32Array(n).fill(1), mask: new Uint8Array(n).fill(1), shape: [5, 5, 5] });
    const d3 = distanceToBorder(grid, null);
    const at = (i: number, j: number, k: number) => (i + 1) + grid.nx * ((j + 1) + grid.ny * (k + 1));
    expect(d3[at(2, 2, 2)]).toBe(3);
    expect(d3[at(1, 2, 2)]).toBe(2);
    expect(d3[at(0, 0, 0)]).toBe(1);
    const d2 = distanceToBorder(grid, 1); // padded slice 1 = first image slice
    expect(d2[at(2, 2, 0)]).toBe(3);
    expect(Math.max(...d3)).toBe(3);
  });
});

describe('degenerate ROIs give NaN-free results', () => {
  it('one voxel: GLCM undefined (listed, with a warning), GLSZM defined', () => {
    const res = computeTextureFeatures({ levels: Int32Array.from([0, 3, 0]), mask: Uint8Array.from([0, 1, 0]), shape: [3, 1, 1] });
    for (const s of res.sets) for (const v of Object.values(s.values)) expect(Number.isFinite(v)).toBe(true);
    const glcm = res.sets.find((s) => s.family === 'glcm' && s.aggregation === '3d_merged') as TextureFeatureSet;
    expect(glcm.values).toEqual({});
    expect(glcm.diagnostics.undefinedFeatures.length).toBe(25);
    expect(glcm.diagnostics.warnings.map((w) => w.code)).toContain('empty_data');
    const szm = res.sets.find((s) => s.family === 'glszm' && s.aggregation === '3d') as TextureFeatureSet;
    expect(szm.values['glszm.z_perc']).toBe(1);
    expect(szm.diagnostics.nGreyLevels).toBe(3);
  });
  it('a single grey level: correlation and information correlation 1 undefined, others finite', () => {
    const res = computeTextureFeatures({ levels: new Int32Array(8).fill(1), mask: new Uint8Array(8).fill(1), shape: [2, 2, 2] }, { families: ['glcm'] });
    const s = res.sets.find((x) => x.aggregation === '3d_averaged') as TextureFeatureSet;
    expect(s.diagnostics.undefinedFeatures).toEqual(['glcm.corr', 'glcm.info_corr_1']);
    expect(s.values['glcm.joint_max']).toBe(1);
  });
});

describe('texture input error contracts', () => {
  it('empty mask: E_INPUT empty_data at mask', () => {
    const e = caught(() => computeTextureFeatures({ levels: Int32Array.from([1, 1]), mask: new Uint8Array(2), shape: [2, 1, 1] }));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['empty_data', ['mask']]]);
  });
  it('grey level below 1 inside the mask, and above Ng', () => {
    const low = caught(() => computeTextureFeatures({ levels: Int32Array.from([1, 0]), mask: Uint8Array.from([1, 1]), shape: [2, 1, 1] }));
    expect(low.issues.map((i) => [i.code, i.path])).toEqual([['out_of_range', ['levels', 1]]]);
    const high = caught(() => computeTextureFeatures({ levels: Int32Array.from([1, 5]), mask: Uint8Array.from([1, 1]), shape: [2, 1, 1], nGreyLevels: 4 }));
    expect(high.issues.map((i) => [i.code, i.path])).toEqual([['out_of_range', ['levels']]]);
  });
  it('mask of the wrong size, and a bad NGLDM coarseness', () => {
    const e = caught(() => computeTextureFeatures({ levels: Int32Array.from([1, 1]), mask: Uint8Array.from([1]), shape: [2, 1, 1] }));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['grid_mismatch', ['mask']]]);
    const a = caught(() => computeTextureFeatures(STRIP, { ngldmAlpha: -1 }));
    expect(a.code).toBe('E_OPTION');
    expect(a.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['ngldmAlpha']]]);
  });
});

describe('feature registry (texture part)', () => {
  it('declares 95 texture features with unique ids and IBSI codes', () => {
    const texture = FEATURE_REGISTRY.filter((d) => ['glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'].includes(d.family));
    const per = (f: string) => texture.filter((d) => d.family === f).length;
    expect([per('glcm'), per('glrlm'), per('glszm'), per('gldzm'), per('ngtdm'), per('ngldm')]).toEqual([25, 16, 16, 16, 5, 17]);
    expect(new Set(texture.map((d) => d.id)).size).toBe(95);
    expect(new Set(texture.map((d) => d.ibsiCode)).size).toBe(95);
    for (const d of texture) expect(d.id.startsWith(`${d.family}.`)).toBe(true);
  });
});

describe('PyRadiomics names of texture features', () => {
  it('match the columns of the PyRadiomics digital-phantom output', async () => {
    const { pyradiomicsFeatureName } = await import('../feature-def.js');
    const byId = (id: string) => FEATURE_REGISTRY.find((d) => d.id === id);
    expect(pyradiomicsFeatureName(byId('glcm.joint_max')!)).toBe('original_glcm_MaximumProbability');
    expect(pyradiomicsFeatureName(byId('ngldm.lde')!)).toBe('original_gldm_SmallDependenceEmphasis');
    expect(pyradiomicsFeatureName(byId('gldzm.sde')!)).toBeNull();
    expect(pyradiomicsFeatureName(byId('glcm.sum_var')!)).toBeNull();
  });
});

describe('aggregation selection', () => {
  it('computes only the requested aggregation methods', () => {
    const res = computeTextureFeatures(STRIP, { aggregations: ['3d_averaged', '3d'] });
    expect(res.sets.map((s) => `${s.family}:${s.aggregation}`)).toEqual(['glcm:3d_averaged', 'glrlm:3d_averaged', 'glszm:3d', 'gldzm:3d', 'ngtdm:3d', 'ngldm:3d']);
  });
});
