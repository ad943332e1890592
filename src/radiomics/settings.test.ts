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
    const paths = r.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['settings.discretisation.binWidth', 'settings.families.0', 'settings']));
    expect(r.issues.every((i) => i.code === 'bad_option')).toBe(true);
    const range = parseRadiomicsSettings({ discretisation: { method: 'fixed_bin_number', nBins: 8 }, resegmentation: { range: [400, -500] } });
    expect(range.ok ? [] : range.issues.map((i) => i.path.join('.'))).toEqual(['settings.resegmentation.range']);
    expect(() => resolveRadiomicsSettings({})).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
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
