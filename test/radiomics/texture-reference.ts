/**
 * Test helpers for the IBSI texture reference tests: the IBSI 1 reference-value table, the
 * digital phantom as a texture input, and the 3-significant-digit rule.
 */
import { readFileSync } from 'node:fs';
import { readNifti } from '../../src/io/index.js';
import type { FeatureFamily, TextureAggregation, TextureInput } from '../../src/radiomics/index.js';
import { AGGREGATION_IBSI, FEATURE_REGISTRY } from '../../src/radiomics/index.js';
import { readSharedCsv, sharedReferencePath } from '../helpers/reference.js';

/** One row of `ibsi1_reference_values_from_manual.csv`, resolved to our feature id and aggregation. */
export interface IbsiTextureRow {
  readonly family: FeatureFamily;
  readonly featureId: string;
  readonly ibsiCode: string;
  readonly feature: string;
  readonly aggregation: TextureAggregation;
  readonly value: number;
  /** Text of the value as printed (3 significant digits). */
  readonly valueText: string;
  /** IBSI tolerance; null for the digital phantom (compare at 3 significant digits). */
  readonly tolerance: number | null;
}

const TEXTURE: readonly FeatureFamily[] = ['glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'];

/** Texture rows of the IBSI 1 table for `data` ('dig. phantom', 'config. A', ...). */
export function ibsiTextureRows(data: string): IbsiTextureRow[] {
  const t = readSharedCsv('ibsi/reference_values/ibsi1/ibsi1_reference_values_from_manual.csv');
  const col = (name: string) => t.cells.get(name) as readonly (string | null)[];
  const byLabel = new Map(Object.entries(AGGREGATION_IBSI).map(([k, v]) => [v.label, k as TextureAggregation]));
  const rows: IbsiTextureRow[] = [];
  for (let r = 0; r < t.nRows; r++) {
    const family = col('family')[r] as FeatureFamily;
    if (col('data')[r] !== data || !TEXTURE.includes(family)) continue;
    const code = col('ibsi_code')[r] as string;
    const def = FEATURE_REGISTRY.find((d) => d.family === family && d.ibsiCode === code);
    if (!def) throw new Error(`no feature for ${family} ${code}`);
    const label = col('aggregation')[r] as string;
    const aggregation = byLabel.get(label);
    if (!aggregation) throw new Error(`unknown aggregation ${label}`);
    const valueText = col('value')[r] as string;
    const tol = col('tolerance')[r];
    rows.push({ family, featureId: def.id, ibsiCode: code, feature: col('feature')[r] as string, aggregation, value: Number(valueText), valueText, tolerance: tol === null ? null : Number(tol) });
  }
  return rows;
}

/** Half a unit in the third significant digit of `value` (the rounding error of a 3-digit print). */
export function threeDigitTolerance(value: number): number {
  if (value === 0) return 5e-4;
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - 2) * (1 + 1e-9);
}

/** The IBSI 1 digital phantom (5×4×4; grey levels as stored, FBS width 1 leaves them unchanged). */
export function digitalPhantomInput(): TextureInput {
  const img = readNifti(sharedReferencePath('ibsi/ibsi1/digital_phantom/phantom.nii.gz')).volume;
  const msk = readNifti(sharedReferencePath('ibsi/ibsi1/digital_phantom/mask.nii.gz')).volume;
  const levels = Int32Array.from(img.data, (x) => Math.round(x));
  const mask = Uint8Array.from(msk.data, (x) => (x > 0.5 ? 1 : 0));
  return { levels, mask, shape: [img.shape[0], img.shape[1], img.shape[2]] };
}

/**
 * Texture matrices of the digital phantom as printed in the IBSI manual
 * (06_Digital_phantom_texture_matrices.rst): section title → list of tables → rows [i, j, n].
 */
export function manualTextureMatrices(): Map<string, number[][][]> {
  const text = readFileSync(sharedReferencePath('ibsi/manual/06_Digital_phantom_texture_matrices.rst'), 'utf8');
  const lines = text.split('\n');
  const out = new Map<string, number[][][]>();
  let section = '';
  let current: number[][] | null = null;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (n + 1 < lines.length && /^-{4,}\s*$/.test(lines[n + 1]) && line.trim() !== '') {
      section = line.trim();
      out.set(section, []);
      current = null;
      continue;
    }
    const m = /^\s*\|\s*([-\d.]+)\s*\|\s*([-\d.]+)\s*\|\s*([-\d.]+)\s*\|\s*$/.exec(line);
    if (m && section) {
      if (current === null) {
        current = [];
        out.get(section)?.push(current);
      }
      current.push([Number(m[1]), Number(m[2]), Number(m[3])]);
    } else if (/^\s*\|\s*i\s*\|/.test(line)) {
      current = null;
    }
  }
  return out;
}
