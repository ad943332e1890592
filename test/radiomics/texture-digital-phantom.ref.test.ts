/**
 * IBSI 1 digital phantom, texture families. Oracle tier (b) cross-implementation: the IBSI
 * consensus reference values (3 significant digits, every aggregation), and the texture matrices
 * printed in the IBSI manual (06_Digital_phantom_texture_matrices.rst), compared exactly.
 * Settings (README §2): no processing, grey levels as stored (FBS width 1), Chebyshev distance 1,
 * symmetric GLCM, NGLDM α = 0, morphological mask = intensity mask.
 */
import { describe, expect, it } from 'vitest';
import type { CountMatrix, DirectionVector, FeatureDef, NgtdmMatrix, TextureAggregation, TextureFeatureSet, TextureGrid } from '../../src/radiomics/index.js';
import {
  AGGREGATION_IBSI,
  FEATURE_REGISTRY,
  computeTextureFeatures,
  gldzmMatrix,
  glcmMatrix,
  glrlmMatrix,
  glszmMatrix,
  mergeCountMatrices,
  ngldmMatrix,
  ngtdmMatrix,
  prepareTextureGrid,
  pyradiomicsFeatureName,
  roiSlices,
} from '../../src/radiomics/index.js';
import { expectClose, readSharedCsv } from '../helpers/reference.js';
import { digitalPhantomInput, ibsiTextureRows, manualTextureMatrices, threeDigitTolerance } from './texture-reference.js';

const input = digitalPhantomInput();
const grid: TextureGrid = prepareTextureGrid(input);
const slices = roiSlices(grid);
const manual = manualTextureMatrices();

/** Direction order of the manual's tables: vectors sorted lexicographically (sign-normalised). */
const MANUAL_2D: readonly DirectionVector[] = [[0, 1, 0], [-1, 1, 0], [1, 0, 0], [1, 1, 0]];
const MANUAL_3D: readonly DirectionVector[] = [
  [0, 0, 1], [0, 1, -1], [0, 1, 0], [0, 1, 1], [1, -1, -1], [1, -1, 0], [1, -1, 1], [1, 0, -1], [1, 0, 0], [1, 0, 1], [1, 1, -1], [1, 1, 0], [1, 1, 1],
];

function tables(section: string, expectedCount: number): number[][][] {
  const t = manual.get(section);
  expect(t, section).toBeDefined();
  expect(t?.length, `${section}: number of tables`).toBe(expectedCount);
  return t as number[][][];
}

/** Assert a count matrix equals a manual table [i, j, n] exactly (all other cells zero). */
function expectMatrix(m: CountMatrix, table: number[][], label: string): void {
  let listed = 0;
  for (const [i, j, n] of table) {
    expect(j <= m.nCols ? m.counts[(i - 1) * m.nCols + (j - 1)] : 0, `${label} (${i}, ${j})`).toBe(n);
    listed += n;
  }
  let total = 0;
  for (const c of m.counts) total += c;
  expect(total, `${label}: total count`).toBe(listed);
}

function expectNgtdm(m: NgtdmMatrix, table: number[][], label: string): void {
  const levels = table.map((r) => r[0]);
  for (let i = 1; i <= m.n.length; i++) {
    const row = table.find((r) => r[0] === i);
    expect(m.n[i - 1], `${label} n_${i}`).toBe(row ? row[2] : 0);
    expectClose(m.s[i - 1], row ? row[1] : 0, { abs: 5e-6 }, `${label} s_${i}`);
  }
  expect(levels.length).toBeGreaterThan(0);
}

function merged(ms: CountMatrix[]): CountMatrix {
  return ms.reduce<CountMatrix | null>((acc, m) => mergeCountMatrices(acc, m), null) as CountMatrix;
}

describe('digital phantom grid', () => {
  it('has 74 ROI voxels, Ng = 6, four slices', () => {
    expect(grid.nVoxels).toBe(74);
    expect(grid.nGreyLevels).toBe(6);
    expect(slices.length).toBe(4);
    const present = new Set(Array.from(grid.roi, (v) => grid.levels[v]));
    expect([...present].sort()).toEqual([1, 3, 4, 6]);
  });
});

describe('digital phantom texture matrices equal the IBSI manual', () => {
  for (const [name, fn] of [['Grey level co-occurrence matrix', glcmMatrix], ['Grey level run length matrix', glrlmMatrix]] as const) {
    it(`${name}: 2D per slice and direction, slice-merged`, () => {
      const t2 = tables(`${name} (2D)`, 16);
      MANUAL_2D.forEach((d, di) => slices.forEach((z, zi) => expectMatrix(fn(grid, d, z), t2[di * 4 + zi], `2D dir (${d}) slice ${zi + 1}`)));
      const tm = tables(`${name} (2D, merged)`, 4);
      slices.forEach((z, zi) => expectMatrix(merged(MANUAL_2D.map((d) => fn(grid, d, z))), tm[zi], `2D merged slice ${zi + 1}`));
    });
    it(`${name}: 3D per direction and merged`, () => {
      const t3 = tables(`${name} (3D)`, 13);
      MANUAL_3D.forEach((d, di) => expectMatrix(fn(grid, d, null), t3[di], `3D dir (${d})`));
      expectMatrix(merged(MANUAL_3D.map((d) => fn(grid, d, null))), tables(`${name} (3D, merged)`, 1)[0], '3D merged');
    });
  }
  for (const [name, fn] of [['Grey level size zone matrix', glszmMatrix], ['Grey level distance zone matrix', gldzmMatrix], ['Neighbouring grey level dependence matrix', ngldmMatrix]] as const) {
    it(`${name}: 2D per slice and 3D`, () => {
      const t2 = tables(`${name} (2D)`, 4);
      slices.forEach((z, zi) => expectMatrix(fn(grid, z), t2[zi], `slice ${zi + 1}`));
      expectMatrix(fn(grid, null), tables(`${name} (3D)`, 1)[0], '3D');
    });
  }
  it('Neighbourhood grey tone difference matrix: 2D per slice and 3D', () => {
    const t2 = tables('Neighbourhood grey tone difference matrix (2D)', 4);
    slices.forEach((z, zi) => expectNgtdm(ngtdmMatrix(grid, z), t2[zi], `slice ${zi + 1}`));
    expectNgtdm(ngtdmMatrix(grid, null), tables('Neighbourhood grey tone difference matrix (3D)', 1)[0], '3D');
  });
});

describe('digital phantom texture features equal the IBSI reference values (3 significant digits)', () => {
  const result = computeTextureFeatures(input);
  const rows = ibsiTextureRows('dig. phantom');
  const EXPECTED_ROWS: Record<string, number> = { glcm: 150, glrlm: 96, glszm: 48, gldzm: 48, ngtdm: 15, ngldm: 51 };

  it('the table has every texture row (408) and every one maps to a computed feature set', () => {
    for (const [family, n] of Object.entries(EXPECTED_ROWS)) expect(rows.filter((r) => r.family === family).length, family).toBe(n);
    expect(rows.length).toBe(408);
    expect(result.sets.length).toBe(6 + 6 + 3 + 3 + 3 + 3);
  });

  const keys = [...new Set(rows.map((r) => `${r.family}|${r.aggregation}`))];
  for (const key of keys) {
    const [family, aggregation] = key.split('|') as [string, TextureAggregation];
    it(`${family} ${aggregation}`, () => {
      const set = result.sets.find((s) => s.family === family && s.aggregation === aggregation) as TextureFeatureSet;
      expect(set, key).toBeDefined();
      expect(set.diagnostics.nVoxels).toBe(74);
      expect(set.diagnostics.nGreyLevels).toBe(6);
      expect(set.diagnostics.undefinedFeatures).toEqual([]);
      for (const r of rows.filter((x) => x.family === family && x.aggregation === aggregation)) {
        expectClose(set.values[r.featureId], r.value, { abs: threeDigitTolerance(r.value) }, `${r.featureId} (${r.ibsiCode}) ${aggregation}`);
      }
    });
  }

  it('counts the matrices behind each aggregation', () => {
    const diag = (f: string, a: TextureAggregation) => (result.sets.find((s) => s.family === f && s.aggregation === a) as TextureFeatureSet).diagnostics;
    expect(diag('glcm', '2d_averaged').nMatrices).toBe(16);
    expect(diag('glcm', '2d_slice_merged').nMatrices).toBe(4);
    expect(diag('glcm', '2.5d_direction_merged').nMatrices).toBe(4);
    expect(diag('glcm', '2.5d_merged').nMatrices).toBe(1);
    expect(diag('glrlm', '3d_averaged').nMatrices).toBe(13);
    expect(diag('glszm', '2d').nMatrices).toBe(4);
    expect(diag('ngtdm', '3d').nMatrices).toBe(1);
  });
});

describe('digital phantom texture features equal PyRadiomics 3.1.0 (binWidth 1; README §5)', () => {
  // Oracle tier (b): PyRadiomics output computed on the same phantom; its configurations map to
  // IBSI aggregations (default = 3D averaged, no_weighting = merged, force2D = 2.5D).
  const result = computeTextureFeatures(input);
  const t = readSharedCsv('ibsi/pyradiomics_outputs/ibsi1_digital_phantom_pyradiomics_vs_ibsi.csv');
  const col = (n: string) => t.cells.get(n) as readonly (string | null)[];
  const byLabel = new Map(Object.entries(AGGREGATION_IBSI).map(([k, v]) => [v.label, k as TextureAggregation]));
  const rows = [...Array(t.nRows).keys()]
    .map((r) => ({ name: col('pyradiomics_feature')[r] as string, code: col('ibsi_code')[r] as string, label: col('ibsi_aggregation')[r] as string, value: Number(col('pyradiomics_value')[r]) }))
    .filter((r) => /^original_(glcm|glrlm|glszm|gldm|ngtdm)_/.test(r.name));

  it('covers 74 texture features × 4 configurations, every name resolved through the registry', () => {
    expect(rows.length).toBe(296);
    for (const r of rows) {
      const def = FEATURE_REGISTRY.find((d) => d.ibsiCode === r.code && pyradiomicsFeatureName(d) === r.name);
      expect(def, r.name).toBeDefined();
    }
  });
  it('values agree to 1e-4 relative (PyRadiomics prints 6 significant digits)', () => {
    for (const r of rows) {
      const def = FEATURE_REGISTRY.find((d) => d.ibsiCode === r.code && pyradiomicsFeatureName(d) === r.name) as FeatureDef;
      const set = result.sets.find((s) => s.family === def.family && s.aggregation === byLabel.get(r.label)) as TextureFeatureSet;
      expectClose(set.values[def.id], r.value, { rel: 1e-4, abs: 1e-6 }, `${r.name} ${r.label}`);
    }
  });
});
