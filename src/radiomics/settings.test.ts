import { describe, expect, it } from 'vitest';
import { makeVolume } from '../core/volume.js';
import { extractFeatures } from './extract.js';
import { IBSI_PRESETS, parseRadiomicsSettings, RadiomicsSettingsSchema, resolveRadiomicsSettings } from './settings.js';

describe('radiomics settings', () => {
  it('every IBSI preset parses and round-trips through JSON', () => {
    for (const [name, preset] of Object.entries(IBSI_PRESETS)) {
      const s = resolveRadiomicsSettings(preset);
      expect(RadiomicsSettingsSchema.parse(JSON.parse(JSON.stringify(s))), name).toEqual(s);
    }
    const e = resolveRadiomicsSettings(IBSI_PRESETS.E);
    expect(e.interpolation?.imageMethod).toBe('cubic-spline');
    expect(e.resegmentation).toEqual({ range: [-1000, 400], outlierSigma: 3 });
    expect(e.ivh).toEqual({ method: 'fixed_bin_number', nBins: 1000 });
  });
  it('collects every problem as a bad_option issue with its path', () => {
    const r = parseRadiomicsSettings({ discretisation: { method: 'fixed_bin_size', binWidth: -1 }, resegmentation: { range: [400, -500] }, families: ['shape'], colour: 'red' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path.join('.')])).toEqual(
      expect.arrayContaining([
        ['bad_option', 'settings.discretisation.binWidth'],
        ['bad_option', 'settings.families.0'],
        ['unknown_key', 'settings.colour'],
      ]),
    );
    expect(r.issues.filter((i) => i.code === 'unknown_key')).toHaveLength(1);
    const range = parseRadiomicsSettings({ discretisation: { method: 'fixed_bin_number', nBins: 8 }, resegmentation: { range: [400, -500] } });
    expect(range.ok ? [] : range.issues.map((i) => i.path.join('.'))).toEqual(['settings.resegmentation.range']);
    expect(() => resolveRadiomicsSettings({})).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});

describe('radiomics settings: unknown keys', () => {
  const base = { discretisation: { method: 'fixed_bin_number', nBins: 8 } } as const;
  it('a misspelt key at any depth is an unknown_key issue with a suggestion', () => {
    const r = parseRadiomicsSettings({ ...base, familys: ['glcm'], texture: { aggregation: ['3d'] }, resegmentation: { outlierSigma: 3, Range: [0, 1] } });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path.join('.'), i.message.match(/did you mean "(.*)"/)?.[1]])).toEqual([
      ['unknown_key', 'settings.familys', 'families'],
      ['unknown_key', 'settings.texture.aggregation', 'aggregations'],
      ['unknown_key', 'settings.resegmentation.Range', 'range'],
    ]);
    expect(() => resolveRadiomicsSettings({ ...base, texture: { aggregation: ['3d'] } })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
  it('a key of the other discretisation method is unknown for the chosen one', () => {
    const r = parseRadiomicsSettings({ discretisation: { method: 'fixed_bin_number', nBins: 8, binWidth: 25 } });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path.join('.'), i.expected])).toEqual([['unknown_key', 'settings.discretisation.binWidth', 'one of: method, nBins']]);
  });
  it('bad values and nested unknown keys are reported together', () => {
    const r = parseRadiomicsSettings({ ...base, morphology: { autocorelation: false }, texture: { ngldmAlpha: -1 } });
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['bad_option', 'settings.texture.ngldmAlpha'],
      ['unknown_key', 'settings.morphology.autocorelation'],
    ]);
  });
});

describe('extractFeatures', () => {
  const geom = { shape: [3, 3, 3] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const };
  it('a one-voxel ROI gives a NaN-free result with every non-texture family present', () => {
    const image = makeVolume({ ...geom, data: Float32Array.from({ length: 27 }, (_, i) => i) });
    const maskData = new Uint8Array(27);
    maskData[13] = 1;
    const mask = makeVolume({ ...geom, data: maskData });
    const r = extractFeatures(image, mask, { discretisation: { method: 'fixed_bin_number', nBins: 8 }, families: ['morphology', 'local_intensity', 'statistics', 'intensity_histogram', 'intensity_volume_histogram'] });
    for (const f of r.features) expect(Number.isFinite(f.value), f.id).toBe(true);
    const fams = new Set(r.features.map((f) => f.family));
    expect(fams.size).toBe(5);
    expect(r.features.find((f) => f.id === 'original.statistics.mean')?.value).toBe(13);
    expect(r.features.find((f) => f.id === 'original.morphology.approx_vol')?.value).toBe(1);
    expect(r.diagnostics.roi.resegmented.intensityMaskVoxels).toBe(1);
  });
  it('an ROI whose intensities sum to 0 leaves out the centre-of-mass shift and says so', () => {
    const image = makeVolume({ ...geom, data: new Float32Array(27) });
    const mask = makeVolume({ ...geom, data: new Uint8Array(27).fill(1) });
    const r = extractFeatures(image, mask, { discretisation: { method: 'fixed_bin_number', nBins: 8 }, families: ['morphology'] });
    expect(r.features.some((f) => f.featureId === 'morphology.com')).toBe(false);
    expect(r.diagnostics.undefinedFeatures).toContain('morphology.com');
  });
});
