/**
 * Oracle tier (b), cross-implementation: the PyRadiomics-compatible mode against
 * (1) PyRadiomics' own regression baselines (../shared/reference/ibsi/pyradiomics_testdata/baseline,
 *     cases brain1, brain2, breast1 — lung1/lung2 have no image in the snapshot), every value within
 *     1e-3 relative, and
 * (2) PyRadiomics 3.1.0 output on the IBSI digital and CT phantoms (../shared/reference/ibsi/pyradiomics_outputs),
 *     all 107 default features within 1e-3 relative; settings as in the reference README §5.
 * The `resampling` columns (resampledPixelSpacing [2, 2, 2], sitkBSpline, padDistance 5) are covered too,
 * with the resampled grid checked first (`diagnostics_*-interpolated_*`: size, spacing, bounding box and
 * voxel counts exactly; intensity mean/min/max and centre of mass to 1e-9).
 * Known failures are listed in KNOWN_FAILURES with their measured relative error; the test asserts that
 * the gap is still the documented one (so it fails if the gap changes or closes).
 * Not covered: the shape2D table (not a default class).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import { makeVolume } from '../../src/core/volume.js';
import type { Volume } from '../../src/core/volume.js';
import { readNifti } from '../../src/io/nifti/index.js';
import { readNrrd } from '../../src/io/nrrd/index.js';
import type { PyRadiomicsClass, PyRadiomicsResult } from '../../src/radiomics/pyradiomics/index.js';
import { extractPyRadiomics, parsePythonLiteral, PYRADIOMICS_CLASSES, PYRADIOMICS_DEFAULT_FEATURES } from '../../src/radiomics/pyradiomics/index.js';
import { sharedReferencePath } from '../helpers/reference.js';

const REL = 1e-3;
/** Values this close to zero are compared absolutely (PyRadiomics writes exact zeros for flat regions). */
const ABS_FLOOR = 1e-9;
const CASES = ['brain1', 'brain2', 'breast1'] as const;
const TEST_DATA = 'ibsi/pyradiomics_testdata';
/** Settings keys of the baseline configurations that change values here. */
const KEYS = ['resampledPixelSpacing', 'interpolator', 'padDistance', 'binWidth', 'binCount', 'label', 'voxelArrayShift', 'force2D', 'weightingNorm', 'normalize', 'normalizeScale', 'removeOutliers', 'resegmentRange', 'resegmentMode', 'gldm_a'];

function within(got: number, expected: number): boolean {
  return Number.isFinite(got) && (Math.abs(got - expected) <= Math.max(REL * Math.abs(expected), ABS_FLOOR));
}

const images = new Map<string, { image: Volume; mask: Volume }>();
function loadCase(name: string): { image: Volume; mask: Volume } {
  let c = images.get(name);
  if (!c) {
    c = { image: readNrrd(sharedReferencePath(`${TEST_DATA}/${name}_image.nrrd`)).volume, mask: readNrrd(sharedReferencePath(`${TEST_DATA}/${name}_label.nrrd`)).volume };
    images.set(name, c);
  }
  return c;
}

const runs = new Map<string, PyRadiomicsResult>();
function extractCached(name: string, settings: Record<string, unknown>): PyRadiomicsResult {
  const key = `${name} ${JSON.stringify(settings)}`;
  let r = runs.get(key);
  if (!r) {
    const { image, mask } = loadCase(name);
    r = extractPyRadiomics(image, mask, settings);
    runs.set(key, r);
  }
  return r;
}

/**
 * `<column> <feature>` → measured relative error of values that do not match within REL (none now).
 * brain1_resampling MeshVolume used to differ (1.357e-3): the mesh's ambiguous-face rule keyed on the
 * wrong cube corner and 7-vertex loops were not fanned as PyRadiomics' table does (see
 * PYRADIOMICS_FACE_RULE in src/radiomics/pyradiomics/shape.ts); it is now exact.
 */
const KNOWN_FAILURES: Readonly<Record<string, number>> = {};

const tuple = (s: string): number[] => s.replace(/[()]/g, '').split(',').map(Number);

describe('PyRadiomics baseline tables (1e-3 relative)', () => {
  const tally: Record<string, { passed: number; total: number }> = {};
  for (const cls of ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as PyRadiomicsClass[]) {
    const rows = parse(readFileSync(sharedReferencePath(`${TEST_DATA}/baseline/baseline_${cls}.csv`), 'utf8')) as string[][];
    const header = rows[0];
    const cell = (name: string, c: number): string | undefined => rows.find((r) => r[0] === name)?.[c];
    describe(cls, () => {
      for (let c = 1; c < header.length; c++) {
        const column = header[c];
        const name = column.split('_')[0];
        if (!(CASES as readonly string[]).includes(name)) continue;
        const config = parsePythonLiteral(cell('diagnostics_Configuration_Settings', c) ?? '{}') as Record<string, unknown>;
        it(`${column}: every value, and the mask diagnostics`, () => {
          const settings: Record<string, unknown> = {};
          for (const k of KEYS) if (config[k] !== undefined && config[k] !== null) settings[k] = config[k];
          const r = extractCached(name, settings);
          const failures: string[] = [];
          const knownSeen: string[] = [];
          let total = 0;
          for (const row of rows) {
            if (!row[0].startsWith(`original_${cls}_`) || row[c] === '') continue;
            total++;
            const expected = Number(row[c]);
            const got = r.features[row[0]];
            if (within(got, expected)) continue;
            const known = KNOWN_FAILURES[`${column} ${row[0]}`];
            const rel = Math.abs(got - expected) / Math.abs(expected);
            if (known !== undefined && Math.abs(rel - known) <= 0.05 * known) knownSeen.push(`${column} ${row[0]}`);
            else failures.push(`${row[0]}: got ${got}, expected ${expected} (rel ${rel.toExponential(3)})`);
          }
          for (const k of Object.keys(KNOWN_FAILURES)) if (k.startsWith(`${column} original_${cls}_`)) expect(knownSeen, `known failure ${k} no longer fails as documented`).toContain(k);
          tally[cls] ??= { passed: 0, total: 0 };
          tally[cls].passed += total - failures.length - knownSeen.length;
          tally[cls].total += total;
          expect(total).toBe(PYRADIOMICS_DEFAULT_FEATURES[cls].length);
          expect(failures, failures.join('\n')).toEqual([]);
          // Mask diagnostics (integers, exact).
          expect([...(r.diagnostics['diagnostics_Mask-original_BoundingBox'] as number[])]).toEqual(tuple(cell('diagnostics_Mask-original_BoundingBox', c)!));
          expect(r.diagnostics['diagnostics_Mask-original_VoxelNum']).toBe(Number(cell('diagnostics_Mask-original_VoxelNum', c)));
          expect(r.diagnostics['diagnostics_Mask-original_VolumeNum']).toBe(Number(cell('diagnostics_Mask-original_VolumeNum', c)));
          const spacing = tuple(cell('diagnostics_Image-original_Spacing', c)!);
          (r.diagnostics['diagnostics_Image-original_Spacing'] as number[]).forEach((s, i) => expect(s).toBeCloseTo(spacing[i], 12));
          // Resampled grid (the rows are in the shape table only).
          for (const what of ['Image', 'Mask'] as const) {
            for (const key of ['Size', 'Spacing', 'BoundingBox', 'VoxelNum', 'VolumeNum', 'Mean', 'Minimum', 'Maximum', 'CenterOfMassIndex', 'CenterOfMass']) {
              const diag = `diagnostics_${what}-interpolated_${key}`;
              const want = cell(diag, c);
              if (want === undefined || want === '') continue;
              const got = r.diagnostics[diag];
              expect(got, `${diag} is not reported`).toBeDefined();
              const w = tuple(want);
              const g = typeof got === 'number' ? [got] : [...(got as number[])];
              expect(g).toHaveLength(w.length);
              if (['Size', 'BoundingBox', 'VoxelNum', 'VolumeNum', 'Minimum', 'Maximum'].includes(key)) expect(g, diag).toEqual(w);
              else g.forEach((x, i) => expect(Math.abs(x - w[i]), diag).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w[i]))));
            }
          }
        });
      }
    });
  }
  it('report: passed/total per class', () => {
    const lines = Object.entries(tally).map(([k, v]) => `${k} ${v.passed}/${v.total}`);
    console.log(`PyRadiomics baselines (brain1, brain2, breast1; 1e-3 rel): ${lines.join(', ')}`);
    // firstorder 3 cases x 4 variants x 18, shape 3 x 2 x 14, glcm 3 x 8 x 24, glrlm 3 x 8 x 16, glszm 3 x 7 x 16, gldm 3 x 7 x 14,
    // ngtdm 3 x 7 x 5 (variants include `resampling`).
    expect(tally).toEqual({
      firstorder: { passed: 216, total: 216 }, shape: { passed: 84, total: 84 }, glcm: { passed: 576, total: 576 }, glrlm: { passed: 384, total: 384 },
      glszm: { passed: 336, total: 336 }, gldm: { passed: 294, total: 294 }, ngtdm: { passed: 105, total: 105 },
    });
  });
});

interface PhantomCase {
  readonly image: string;
  readonly mask: string;
  readonly csv: string;
  readonly columns: Readonly<Record<string, Record<string, unknown>>>;
}
// Settings of each output column, from the reference README §5.
const PHANTOMS: Readonly<Record<string, PhantomCase>> = {
  'digital phantom': {
    image: 'ibsi/ibsi1/digital_phantom/phantom.nii.gz',
    mask: 'ibsi/ibsi1/digital_phantom/mask.nii.gz',
    csv: 'ibsi/pyradiomics_outputs/ibsi1_digital_phantom_pyradiomics_v3.1.0.csv',
    columns: {
      '3D_default': { binWidth: 1 },
      '3D_merged': { binWidth: 1, weightingNorm: 'no_weighting' },
      '2.5D_force2D': { binWidth: 1, force2D: true },
      '2.5D_force2D_merged': { binWidth: 1, force2D: true, weightingNorm: 'no_weighting' },
    },
  },
  'CT phantom': {
    image: 'ibsi/ibsi1/ct_radiomics_phantom/nifti/phantom.nii.gz',
    mask: 'ibsi/ibsi1/ct_radiomics_phantom/nifti/mask.nii.gz',
    csv: 'ibsi/pyradiomics_outputs/ibsi1_ct_phantom_pyradiomics_v3.1.0.csv',
    columns: {
      A_like_force2D: { binWidth: 25, resegmentRange: [-500, 400], force2D: true },
      A_like_force2D_merged: { binWidth: 25, resegmentRange: [-500, 400], force2D: true, weightingNorm: 'no_weighting' },
      '3D_noresample_bw25_reseg': { binWidth: 25, resegmentRange: [-1000, 400] },
    },
  },
};

describe('PyRadiomics 3.1.0 output on the IBSI phantoms (all 107 features, 1e-3 relative)', () => {
  for (const [phantom, pc] of Object.entries(PHANTOMS)) {
    const rows = parse(readFileSync(sharedReferencePath(pc.csv), 'utf8')) as string[][];
    const header = rows[0];
    for (const [column, settings] of Object.entries(pc.columns)) {
      it(`${phantom}, ${column}`, () => {
        const image = readNifti(sharedReferencePath(pc.image)).volume;
        const mask = readNifti(sharedReferencePath(pc.mask)).volume;
        const r = extractPyRadiomics(image, mask, settings);
        expect(Object.keys(r.features)).toHaveLength(107);
        const c = header.indexOf(column);
        expect(c).toBeGreaterThan(0);
        const failures: string[] = [];
        let total = 0;
        for (const row of rows.slice(1)) {
          expect(r.features, `${row[0]} is not produced`).toHaveProperty([row[0]]);
          if (row[c] === '') continue; // PyRadiomics leaves 3D shape out under force2D
          total++;
          if (!within(r.features[row[0]], Number(row[c]))) failures.push(`${row[0]}: got ${r.features[row[0]]}, expected ${row[c]}`);
        }
        expect(total).toBe(column.includes('force2D') && phantom === 'digital phantom' ? 93 : 107);
        expect(failures, failures.join('\n')).toEqual([]);
      });
    }
  }
});

describe('PyRadiomics mode: names, settings and error contracts', () => {
  const small = (): { image: Volume; mask: Volume } => {
    const shape: [number, number, number] = [4, 4, 3];
    const img = new Int16Array(48).map((_, i) => (i * 37) % 101);
    const msk = new Uint8Array(48);
    for (let i = 0; i < 48; i++) if (i % 4 > 0 && i % 16 > 3) msk[i] = 1;
    const geo = { shape, spacing: [1, 1, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
    return { image: makeVolume({ data: img, ...geo }), mask: makeVolume({ data: msk, ...geo }) };
  };

  it('produces the 107 default names original_<class>_<Feature>, all finite', () => {
    const { image, mask } = small();
    const r = extractPyRadiomics(image, mask);
    const names = Object.keys(r.features);
    expect(names).toHaveLength(107);
    for (const cls of PYRADIOMICS_CLASSES) for (const f of PYRADIOMICS_DEFAULT_FEATURES[cls]) expect(names).toContain(`original_${cls}_${f}`);
    for (const n of names) expect(Number.isFinite(r.features[n]), n).toBe(true);
    expect(r.settings.binWidth).toBe(25);
    expect(r.settings.label).toBe(1);
    expect(r.undefinedFeatures).toEqual([]);
  });

  const code = (f: () => unknown): { code: string; paths: unknown[] } => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      return { code: (e as HccError).code, paths: ((e as HccError).issues ?? []).map((i) => i.path) };
    }
    throw new Error('expected an error');
  };

  it('rejects bad settings with E_OPTION naming the key', () => {
    const { image, mask } = small();
    expect(code(() => extractPyRadiomics(image, mask, { binWidth: -1 }))).toEqual({ code: 'E_OPTION', paths: [['pyradiomics', 'binWidth']] });
    expect(code(() => extractPyRadiomics(image, mask, { resampledPixelSpacing: [2, 2] }))).toEqual({ code: 'E_OPTION', paths: [['pyradiomics', 'resampledPixelSpacing']] });
    expect(code(() => extractPyRadiomics(image, mask, { resampledPixelSpacing: [2, -1, 2] }))).toEqual({ code: 'E_OPTION', paths: [['pyradiomics', 'resampledPixelSpacing', 1]] });
    expect(code(() => extractPyRadiomics(image, mask, { resampledPixelSpacing: [2, 2, 2], interpolator: 'sitkLanczos' }))).toEqual({ code: 'E_OPTION', paths: [['pyradiomics', 'interpolator']] });
    expect(code(() => extractPyRadiomics(image, mask, { binwidth: 25 })).code).toBe('E_OPTION');
  });

  it('rejects an absent label and an ROI emptied by re-segmentation with E_INPUT empty_mask', () => {
    const { image, mask } = small();
    expect(code(() => extractPyRadiomics(image, mask, { label: 2 }))).toEqual({ code: 'E_INPUT', paths: [['mask']] });
    expect(code(() => extractPyRadiomics(image, mask, { resegmentRange: [1000] }))).toEqual({ code: 'E_INPUT', paths: [['mask']] });
  });

  it('a one-voxel ROI gives finite first-order values and PyRadiomics’ flat-region texture conventions', () => {
    const { image, mask } = small();
    const one = new Uint8Array(48);
    one[21] = 1;
    const r = extractPyRadiomics(image, makeVolume({ ...mask, data: one }), { enabledClasses: ['firstorder', 'glcm', 'gldm', 'ngtdm'] });
    expect(r.features.original_firstorder_Variance).toBe(0);
    expect(r.features.original_firstorder_Kurtosis).toBe(0);
    expect(r.features.original_gldm_SmallDependenceEmphasis).toBe(1);
    expect(r.features.original_ngtdm_Coarseness).toBe(1e6);
    // No neighbouring pair: GLCM is undefined (NaN, as in PyRadiomics) and listed, never silently passed on.
    expect(r.undefinedFeatures).toEqual(PYRADIOMICS_DEFAULT_FEATURES.glcm.map((f) => `original_glcm_${f}`));
    for (const k of Object.keys(r.features)) if (!r.undefinedFeatures.includes(k)) expect(Number.isFinite(r.features[k]), k).toBe(true);
  });
});
