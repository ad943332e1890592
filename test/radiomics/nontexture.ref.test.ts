/**
 * IBSI 1 reference values for the non-texture families (morphology, local intensity, intensity statistics,
 * intensity histogram, intensity-volume histogram) on the digital phantom and the CT phantom, configurations
 * A–E, plus the image-processing diagnostics of each configuration.
 *
 * Oracle tier (b): IBSI consensus values (`ibsi1_reference_values_from_manual.csv`, README §3). A value passes when
 * |x − reference| ≤ tolerance; rows without a tolerance (all digital-phantom non-morphology rows, a few CT rows)
 * are compared at the printed precision (half a unit in the third significant digit). The CT phantom is
 * CC BY-NC: it is read from ../shared only, never copied.
 */
import { describe, expect, it } from 'vitest';
import { readNifti } from '../../src/io/index.js';
import type { ExtractionResult, RadiomicsSettingsInput } from '../../src/radiomics/index.js';
import { extractFeatures, IBSI_PRESETS, INTENSITY_HISTOGRAM_FEATURES, IVH_FEATURES, LOCAL_INTENSITY_FEATURES, MORPHOLOGY_FEATURES, STATISTICS_FEATURES } from '../../src/radiomics/index.js';
import { readSharedCsv, sharedReferencePath } from '../helpers/reference.js';

const FAMILIES = ['morphology', 'local_intensity', 'statistics', 'intensity_histogram', 'intensity_volume_histogram'] as const;
const TAG_TO_ID = new Map([...MORPHOLOGY_FEATURES, ...LOCAL_INTENSITY_FEATURES, ...STATISTICS_FEATURES, ...INTENSITY_HISTOGRAM_FEATURES, ...IVH_FEATURES].map((d) => [d.ibsiTag, d.id]));

interface ReferenceRow {
  readonly family: string;
  readonly tag: string;
  readonly featureId: string;
  readonly value: number;
  readonly tolerance: number;
  /** true when the tolerance is the 3-significant-digit print precision, not an IBSI tolerance. */
  readonly printPrecision: boolean;
}

/** Half a unit in the third significant digit (the rounding of a 3-digit print). */
function printTolerance(value: number): number {
  return value === 0 ? 5e-4 : 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - 2) * (1 + 1e-9);
}

function referenceRows(data: string): ReferenceRow[] {
  const t = readSharedCsv('ibsi/reference_values/ibsi1/ibsi1_reference_values_from_manual.csv');
  const col = (n: string) => t.cells.get(n) as readonly (string | null)[];
  const rows: ReferenceRow[] = [];
  for (let r = 0; r < t.nRows; r++) {
    const family = col('family')[r] as string;
    if (col('data')[r] !== data || !(FAMILIES as readonly string[]).includes(family)) continue;
    const tag = col('ibsi_tag')[r] as string;
    const featureId = TAG_TO_ID.get(tag);
    if (!featureId) throw new Error(`no feature with IBSI tag ${tag}`);
    const v = col('value')[r];
    if (v === null) continue; // manual gap (compactness 1, config C): taken from the submission table below
    const tol = col('tolerance')[r];
    rows.push({ family, tag, featureId, value: Number(v), tolerance: tol === null ? printTolerance(Number(v)) : Number(tol), printPrecision: tol === null });
  }
  return rows;
}

/** A row of the IBSI submission table (z-rad CSV) by tag, e.g. `morph_comp_1` or `int_mask_vox_count_reseg_roi`. */
function submissionRow(config: string, tag: string): { value: number; tolerance: number } {
  const t = readSharedCsv(`ibsi/reference_values/ibsi1/submission_table_csv/ibsi1_reference_values_config_${config}.csv`);
  const tags = t.cells.get('tag') as readonly (string | null)[];
  const r = tags.indexOf(tag);
  if (r < 0) throw new Error(`no ${tag} in config ${config}`);
  return { value: Number(t.cells.get('reference value')![r]), tolerance: Number(t.cells.get('tolerance')![r]) };
}

const cache = new Map<string, ExtractionResult>();
function extractionFor(dataset: 'phantom' | 'A' | 'B' | 'C' | 'D' | 'E'): ExtractionResult {
  let r = cache.get(dataset);
  if (!r) {
    const dir = dataset === 'phantom' ? 'ibsi/ibsi1/digital_phantom' : 'ibsi/ibsi1/ct_radiomics_phantom/nifti';
    const image = readNifti(sharedReferencePath(`${dir}/phantom.nii.gz`)).volume;
    const mask = readNifti(sharedReferencePath(`${dir}/mask.nii.gz`)).volume;
    const settings: RadiomicsSettingsInput = { ...IBSI_PRESETS[dataset], families: [...FAMILIES] };
    r = extractFeatures(image, mask, settings);
    cache.set(dataset, r);
  }
  return r;
}

function valueOf(r: ExtractionResult, featureId: string): number | undefined {
  return r.features.find((f) => f.featureId === featureId)?.value;
}

const DATASETS = [
  { dataset: 'phantom', data: 'dig. phantom', expectedRows: 74 },
  { dataset: 'A', data: 'config. A', expectedRows: 74 },
  { dataset: 'B', data: 'config. B', expectedRows: 74 },
  { dataset: 'C', data: 'config. C', expectedRows: 73 },
  { dataset: 'D', data: 'config. D', expectedRows: 74 },
  { dataset: 'E', data: 'config. E', expectedRows: 74 },
] as const;

for (const { dataset, data, expectedRows } of DATASETS) {
  describe(`IBSI 1 non-texture reference values, ${data}`, () => {
    const rows = referenceRows(data);
    it('covers every non-texture row of the table', () => {
      expect(rows.length).toBe(expectedRows);
    });
    for (const row of rows) {
      it(`${row.family} ${row.tag} = ${row.value} ± ${row.printPrecision ? '3 s.f.' : row.tolerance}`, () => {
        const v = valueOf(extractionFor(dataset), row.featureId);
        expect(v, `${row.featureId} missing`).toBeTypeOf('number');
        const diff = Math.abs((v as number) - row.value);
        expect(diff <= row.tolerance, `${row.tag}: got ${v}, reference ${row.value} (|diff| ${diff.toExponential(3)} > ${row.tolerance})`).toBe(true);
      });
    }
  });
}

describe('IBSI 1 CT phantom: gaps and processing diagnostics (submission table)', () => {
  it('compactness 1, config C (blank in the manual) = 0.0326 ± 0.0002', () => {
    const ref = submissionRow('C', 'morph_comp_1');
    expect(Math.abs((valueOf(extractionFor('C'), 'morphology.comp_1') as number) - ref.value)).toBeLessThanOrEqual(ref.tolerance);
  });
  for (const config of ['A', 'B', 'C', 'D', 'E'] as const) {
    it(`config ${config}: grid and ROI voxel counts after interpolation and re-segmentation`, () => {
      const d = extractionFor(config).diagnostics.roi;
      const check = (tag: string, got: number) => {
        const ref = submissionRow(config, tag);
        expect(Math.abs(got - ref.value), `${tag}: got ${got}, reference ${ref.value} ± ${ref.tolerance}`).toBeLessThanOrEqual(ref.tolerance);
      };
      if (config !== 'A') {
        check('img_dim_x_interp_img', d.interpolated.shape[0]);
        check('img_dim_y_interp_img', d.interpolated.shape[1]);
        check('img_dim_z_interp_img', d.interpolated.shape[2]);
      }
      check('morph_mask_vox_count_interp_roi', d.interpolated.morphologicalMaskVoxels);
      check('int_mask_vox_count_reseg_roi', d.resegmented.intensityMaskVoxels);
      check('morph_mask_vox_count_reseg_roi', d.resegmented.morphologicalMaskVoxels);
      check('int_mask_mean_int_reseg_roi', d.resegmented.intensityMaskMean);
      check('int_mask_min_int_reseg_roi', d.resegmented.intensityMaskMin);
      check('int_mask_max_int_reseg_roi', d.resegmented.intensityMaskMax);
    });
  }
  it('the digital phantom keeps its 74 ROI voxels and grey levels 1, 3, 4, 6 (no processing)', () => {
    const r = extractionFor('phantom');
    expect(r.diagnostics.roi.resegmented.intensityMaskVoxels).toBe(74);
    expect(r.diagnostics.roi.resegmented.morphologicalMaskVoxels).toBe(74);
    expect(r.diagnostics.discretisation?.levelsPresent).toBe(4);
    expect(r.diagnostics.discretisation?.nGreyLevels).toBe(6);
    expect(r.diagnostics.undefinedFeatures).toEqual([]);
  });
});
