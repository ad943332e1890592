import { describe, expect, it } from 'vitest';
import { HccError } from '../core/errors.js';
import { discretiseIntensities } from './discretise.js';

const ALL = (n: number) => new Uint8Array(n).fill(1);

function caught(f: () => unknown): HccError {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('discretiseIntensities (closed form)', () => {
  it('fixed bin number: floor(Ng (x − min)/(max − min)) + 1, Ng at the maximum', () => {
    const r = discretiseIntensities(Float64Array.from([0, 1, 2, 3, 4]), ALL(5), { method: 'fixed_bin_number', nBins: 2 });
    expect(Array.from(r.levels)).toEqual([1, 1, 2, 2, 2]);
    expect(r.nGreyLevels).toBe(2);
    expect(r.diagnostics.binWidth).toBe(2);
    expect(r.diagnostics.nLevelsPresent).toBe(2);
  });
  it('fixed bin number of a constant ROI gives level 1 everywhere', () => {
    const r = discretiseIntensities(Float64Array.from([7, 7, 7]), ALL(3), { method: 'fixed_bin_number', nBins: 32 });
    expect(Array.from(r.levels)).toEqual([1, 1, 1]);
    expect(r.nGreyLevels).toBe(32);
  });
  it('fixed bin size (IBSI) counts bins from the lower re-segmentation bound', () => {
    const r = discretiseIntensities(Float64Array.from([-500, -476, -475, 377, 1000]), Uint8Array.from([1, 1, 1, 1, 0]), { method: 'fixed_bin_size', binWidth: 25, lowerBound: -500 });
    expect(Array.from(r.levels)).toEqual([1, 1, 2, 36, 0]);
    expect(r.nGreyLevels).toBe(36);
    expect(r.diagnostics.nVoxels).toBe(4);
    expect(r.diagnostics.firstBinEdge).toBe(-500);
  });
  it('fixed bin size without a bound starts at the ROI minimum', () => {
    const r = discretiseIntensities(Float64Array.from([-7, 3, 26]), ALL(3), { method: 'fixed_bin_size', binWidth: 25 });
    expect(Array.from(r.levels)).toEqual([1, 1, 2]); // (3 + 7)/25 < 1, (26 + 7)/25 ≥ 1
  });
  it('fixed bin size (PyRadiomics) aligns bin edges to multiples of the width', () => {
    const r = discretiseIntensities(Float64Array.from([-7, 3, 26]), ALL(3), { method: 'fixed_bin_size', binWidth: 25, convention: 'pyradiomics' });
    expect(Array.from(r.levels)).toEqual([1, 2, 3]);
    expect(r.diagnostics.firstBinEdge).toBe(-25);
    expect(r.diagnostics.convention).toBe('pyradiomics');
  });
});

describe('discretiseIntensities error contracts', () => {
  it('empty mask: E_INPUT empty_data at mask', () => {
    const e = caught(() => discretiseIntensities(Float64Array.from([1, 2]), new Uint8Array(2), { method: 'fixed_bin_number', nBins: 4 }));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['empty_data', ['mask']]]);
  });
  it('intensity below the lower bound: out_of_range', () => {
    const e = caught(() => discretiseIntensities(Float64Array.from([-600, 0]), ALL(2), { method: 'fixed_bin_size', binWidth: 25, lowerBound: -500 }));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['out_of_range', ['discretisation', 'lowerBound']]]);
  });
  it('non-positive bin width: E_OPTION bad_option at discretisation.binWidth', () => {
    const e = caught(() => discretiseIntensities(Float64Array.from([1]), ALL(1), { method: 'fixed_bin_size', binWidth: -1 }));
    expect(e.code).toBe('E_OPTION');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['discretisation', 'binWidth']]]);
  });
  it('size mismatch and non-finite ROI intensities', () => {
    expect(caught(() => discretiseIntensities(Float64Array.from([1, 2]), ALL(3), { method: 'fixed_bin_number', nBins: 2 })).issues[0].code).toBe('grid_mismatch');
    const e = caught(() => discretiseIntensities(Float64Array.from([1, Number.NaN]), ALL(2), { method: 'fixed_bin_number', nBins: 2 }));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['intensities', 1]]]);
  });
});
