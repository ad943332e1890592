import { describe, expect, it } from 'vitest';
import { percentileSorted, summariseDistribution } from './distribution.js';
import { computeIntensityHistogram } from './histogram.js';
import { computeIntensityVolumeHistogram } from './ivh.js';
import { computeLocalIntensity, PEAK_SPHERE_RADIUS_MM } from './local-intensity.js';
import { computeStatistics } from './statistics.js';

describe('intensity statistics (closed form)', () => {
  it('of 1, 2, 3, 4, 10', () => {
    const v = computeStatistics([4, 1, 10, 3, 2]).values;
    expect(v['statistics.mean']).toBe(4);
    expect(v['statistics.var']).toBe((9 + 4 + 1 + 0 + 36) / 5);
    expect(v['statistics.median']).toBe(3);
    expect(v['statistics.p10']).toBeCloseTo(1.4, 14); // h = 0.4 between 1 and 2
    expect(v['statistics.iqr']).toBe(2); // P75 = 4, P25 = 2
    expect(v['statistics.mad']).toBe((3 + 2 + 1 + 0 + 6) / 5);
    expect(v['statistics.medad']).toBe((2 + 1 + 0 + 1 + 7) / 5);
    expect(v['statistics.energy']).toBe(130);
    expect(v['statistics.kurt']).toBeCloseTo((3 ** 4 + 2 ** 4 + 1 + 0 + 6 ** 4) / 5 / 10 ** 2 - 3, 12);
  });
  it('constant values: skewness and kurtosis 0 (IBSI), no NaN', () => {
    const v = computeStatistics([7, 7, 7]).values;
    expect([v['statistics.skew'], v['statistics.kurt']]).toEqual([0, 0]);
  });
  it('R type-7 percentiles', () => {
    expect(percentileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 14);
    expect(summariseDistribution([5]).p90).toBe(5);
  });
});

describe('intensity histogram', () => {
  it('mode ties go to the level closest to the mean, then the lower one; gradients are one-sided at the ends', () => {
    // levels 1,1,3,3,4 → counts [2, 0, 2, 1], mean 2.4: tie between 1 and 3, 3 is closer
    const r = computeIntensityHistogram([1, 1, 3, 3, 4], 4);
    expect(r.values['intensity_histogram.mode']).toBe(3);
    // H' = [0−2, (2−2)/2, (1−0)/2, 1−2] = [−2, 0, 0.5, −1]
    expect(r.values['intensity_histogram.max_grad']).toBe(0.5);
    expect(r.values['intensity_histogram.max_grad_gl']).toBe(3);
    expect(r.values['intensity_histogram.min_grad']).toBe(-2);
    expect(r.values['intensity_histogram.min_grad_gl']).toBe(1);
    expect(r.values['intensity_histogram.uniformity']).toBeCloseTo(0.16 + 0.16 + 0.04, 14);
    expect(Array.from(r.diagnostics.counts)).toEqual([2, 0, 2, 1]);
  });
});

describe('intensity-volume histogram', () => {
  it('discrete intensities over the re-segmentation range', () => {
    // 10 voxels 0..9, G = [0, 10]: ν_i = (10 − i)/10; V10 at γ ≥ 0.1 (i = 1) = 0.9; I10 = lowest i with ν ≤ 0.1 = 9
    const r = computeIntensityVolumeHistogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { method: 'none' }, { lower: 0, upper: 10 });
    expect(r.values['intensity_volume_histogram.v10']).toBeCloseTo(0.9, 14);
    expect(r.values['intensity_volume_histogram.v90']).toBeCloseTo(0.1, 14);
    expect(r.values['intensity_volume_histogram.i10']).toBe(9);
    expect(r.values['intensity_volume_histogram.i90']).toBe(1);
    expect(r.diagnostics.points).toBe(11);
  });
  it('FBS bin centres and FBN levels', () => {
    const fbs = computeIntensityVolumeHistogram([0.2, 0.7, 1.2], { method: 'fixed_bin_size', binWidth: 0.5 }, { lower: 0, upper: 2 });
    expect([fbs.diagnostics.rangeMin, fbs.diagnostics.rangeMax, fbs.diagnostics.step]).toEqual([0.25, 1.75, 0.5]);
    const fbn = computeIntensityVolumeHistogram([0, 5, 10], { method: 'fixed_bin_number', nBins: 10 }, null);
    expect([fbn.diagnostics.rangeMin, fbn.diagnostics.rangeMax]).toEqual([1, 10]);
    expect(fbn.values['intensity_volume_histogram.i90']).toBe(2);
  });
});

describe('local intensity peaks', () => {
  it('sphere radius (3/(4π))^{1/3} cm; a constant image gives that constant; a hot voxel is averaged with its sphere', () => {
    expect(PEAK_SPHERE_RADIUS_MM).toBeCloseTo(6.2035, 4);
    const shape = [9, 9, 9] as const;
    const img = new Float64Array(729).fill(2);
    const mask = new Uint8Array(729).fill(1);
    expect(computeLocalIntensity(img, mask, shape, [2, 2, 2]).values['local_intensity.peak_global']).toBeCloseTo(2, 14);
    img[4 + 9 * (4 + 9 * 4)] = 2 + 123; // centre voxel
    const r = computeLocalIntensity(img, mask, shape, [2, 2, 2]);
    // 2 mm voxels: offsets with |d|·2 ≤ 6.2035 mm, i.e. |d|² ≤ 9.62: 123 voxels
    expect(r.diagnostics.sphereVoxels).toBe(123);
    expect(r.values['local_intensity.peak_local']).toBeCloseTo(2 + 123 / 123, 12);
  });
});
