import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../core/geometry.js';
import { IDENTITY3 } from '../../core/geometry.js';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { gaborFilter } from './gabor.js';
import { laplacianOfGaussian, gaussianKernels } from './laplacian-of-gaussian.js';
import { LAWS_1D, lawsFilter } from './laws.js';
import { meanFilter } from './mean-filter.js';
import { paddedIndex } from './padding.js';
import type { FilterImage } from './response-map.js';
import { waveletFilter } from './wavelet-filter.js';

function image(shape: Vec3, fill: (i: number, j: number, k: number) => number, spacing: Vec3 = [1, 1, 1]): FilterImage {
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  for (let k = 0; k < shape[2]; k++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++) data[i + shape[0] * (j + shape[1] * k)] = fill(i, j, k);
  return { data, shape, spacing, origin: [1, 2, 3], direction: IDENTITY3 };
}
const at = (v: FilterImage, i: number, j: number, k: number): number => v.data[i + v.shape[0] * (j + v.shape[1] * k)];

function expectOptionError(f: () => unknown, field: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HccError);
    expect((e as HccError).code).toBe('E_OPTION');
    expect((e as HccError).issues[0]).toMatchObject({ code: 'bad_option', path: ['filter', field] });
    return;
  }
  throw new Error('expected an E_OPTION error');
}

describe('mean filter', () => {
  it('keeps geometry, averages a constant to itself under nearest padding, and dims edges under zero padding', () => {
    const img = image([6, 5, 4], () => 3, [0.5, 0.7, 2]);
    const m = meanFilter(img, { supportVoxels: 3, dimensions: '3d', padding: 'nearest' });
    expect(m.spacing).toEqual([0.5, 0.7, 2]);
    expect(m.origin).toEqual([1, 2, 3]);
    for (const v of m.data) expect(v).toBeCloseTo(3, 6);
    const z = meanFilter(img, { supportVoxels: 3, dimensions: '3d', padding: 'zero' });
    expect(at(z, 0, 0, 0)).toBeCloseTo((3 * 8) / 27, 6);
    expect(at(z, 2, 2, 2)).toBeCloseTo(3, 6);
    const z2 = meanFilter(img, { supportVoxels: 3, dimensions: '2d', padding: 'zero' });
    expect(at(z2, 0, 0, 0)).toBeCloseTo((3 * 4) / 9, 6);
  });
  it('rejects an even support and a non-finite voxel', () => {
    const img = image([4, 4, 4], () => 1);
    expectOptionError(() => meanFilter(img, { supportVoxels: 4, dimensions: '3d', padding: 'zero' }), 'supportVoxels');
    const bad = image([4, 4, 4], (i) => (i === 2 ? NaN : 1));
    expectOptionError(() => meanFilter(bad, { supportVoxels: 3, dimensions: '3d', padding: 'zero' }), 'image');
  });
});

describe('Laplacian of Gaussian', () => {
  it('1-D kernels: unit-mass Gaussian and support 1 + 2⌊4σ + 0.5⌋', () => {
    const { g, g2, radius } = gaussianKernels(1.5, 4);
    expect(radius).toBe(6);
    expect(g.taps.length).toBe(13);
    expect(g.taps.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(g2.taps[6]).toBeCloseTo(-1 / (1.5 * 1.5) / (Math.sqrt(2 * Math.PI) * 1.5), 12);
  });
  it('impulse response equals the closed-form IBSI kernel −(1/σ²)(2πσ²)^(−d/2)(d − r²/σ²)e^(−r²/2σ²)', () => {
    const img = image([15, 15, 15], (i, j, k) => (i === 7 && j === 7 && k === 7 ? 1 : 0), [2, 2, 2]);
    const out = laplacianOfGaussian(img, { sigmaMm: 3, truncation: 4, dimensions: '3d', padding: 'zero' });
    const s = 1.5;
    for (const [i, j, k] of [[7, 7, 7], [8, 7, 7], [9, 10, 6], [12, 7, 9]]) {
      const r2 = (i - 7) ** 2 + (j - 7) ** 2 + (k - 7) ** 2;
      const want = -(1 / (s * s)) * (1 / (Math.sqrt(2 * Math.PI) * s)) ** 3 * (3 - r2 / (s * s)) * Math.exp(-r2 / (2 * s * s));
      expect(at(out, i, j, k)).toBeCloseTo(want, 7);
    }
  });
});

describe('Laws filter', () => {
  it('1-D kernels have unit norm; L kernels are low-pass, the others zero-sum', () => {
    for (const [name, k] of Object.entries(LAWS_1D)) {
      expect(k.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 12);
      if (!name.startsWith('L')) expect(k.reduce((a, v) => a + v, 0)).toBeCloseTo(0, 12);
    }
  });
  it('impulse response is the kernel E5 ⊗ L5 ⊗ S5 (E5 along i, convolution orientation)', () => {
    const img = image([9, 9, 9], (i, j, k) => (i === 4 && j === 4 && k === 4 ? 1 : 0));
    const out = lawsFilter(img, { kernel: 'E5L5S5', dimensions: '3d', padding: 'zero', rotationInvariant: false, pooling: 'max' });
    for (const [a, b, c] of [[-2, 0, 0], [1, -1, 2], [2, 2, -2]]) {
      expect(at(out, 4 + a, 4 + b, 4 + c)).toBeCloseTo(LAWS_1D.E5[a + 2] * LAWS_1D.L5[b + 2] * LAWS_1D.S5[c + 2], 7);
    }
  });
  it('max pooling over the 24 rotations is invariant to rotating the image by 90° in-plane', () => {
    const rng = createRng(11);
    const n = 6;
    const vals = Float32Array.from({ length: n ** 3 }, () => rng.uniform());
    const img = image([n, n, n], (i, j, k) => vals[i + n * (j + n * k)]);
    const rot = image([n, n, n], (i, j, k) => vals[j + n * (n - 1 - i + n * k)]); // (i, j) → (j, n−1−i)
    const o = { kernel: 'E3L3S3', dimensions: '3d' as const, padding: 'periodic' as const, rotationInvariant: true, pooling: 'max' as const };
    const a = lawsFilter(img, o);
    const b = lawsFilter(rot, o);
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) expect(at(b, i, j, k)).toBeCloseTo(at(a, j, n - 1 - i, k), 5);
  });
  it('rejects a kernel of the wrong dimensionality', () => {
    const img = image([4, 4, 4], () => 1);
    expectOptionError(() => lawsFilter(img, { kernel: 'L5S5', dimensions: '3d', padding: 'zero', rotationInvariant: false, pooling: 'max' }), 'kernel');
  });
});

describe('Gabor filter', () => {
  it('impulse modulus is the unnormalised envelope exp(−(x̃² + γ²ỹ²)/2σ²)', () => {
    const img = image([33, 33, 1], (i, j) => (i === 16 && j === 16 ? 1 : 0));
    const th = Math.PI / 3;
    const out = gaborFilter(img, { sigmaMm: 3, lambdaMm: 2, gamma: 0.5, thetaRad: th, rotationInvariant: false, planes: 'axial', padding: 'zero' });
    for (const [x, y] of [[0, 0], [3, 3], [3, -3], [-5, 2]]) {
      const xt = x * Math.cos(th) + y * Math.sin(th);
      const yt = -x * Math.sin(th) + y * Math.cos(th);
      expect(at(out, 16 + x, 16 + y, 0)).toBeCloseTo(Math.exp(-(xt * xt + 0.25 * yt * yt) / 18), 6);
    }
  });
  it('FFT result equals direct 2-D convolution with mirror padding', () => {
    const rng = createRng(5);
    const img = image([7, 6, 2], () => rng.uniform(), [1, 1.5, 3]);
    const o = { sigmaMm: 1, lambdaMm: 2.5, gamma: 1.5, thetaRad: 0.4, rotationInvariant: false, planes: 'axial' as const, padding: 'mirror' as const };
    const out = gaborFilter(img, o);
    const r = [Math.floor(4 * 1 / 1 + 0.5), Math.floor((4 * 1) / 1.5 + 0.5)];
    for (const [i, j, k] of [[0, 0, 0], [3, 2, 1], [6, 5, 1]]) {
      let re = 0;
      let im = 0;
      for (let a = -r[0]; a <= r[0]; a++)
        for (let b = -r[1]; b <= r[1]; b++) {
          const x = a * 1;
          const y = b * 1.5;
          const xt = x * Math.cos(0.4) + y * Math.sin(0.4);
          const yt = -x * Math.sin(0.4) + y * Math.cos(0.4);
          const env = Math.exp(-(xt * xt + 2.25 * yt * yt) / 2);
          const v = at(img, paddedIndex(i - a, 7, 'mirror'), paddedIndex(j - b, 6, 'mirror'), k);
          re += v * env * Math.cos((2 * Math.PI * xt) / 2.5);
          im += v * env * Math.sin((2 * Math.PI * xt) / 2.5);
        }
      expect(at(out, i, j, k)).toBeCloseTo(Math.hypot(re, im), 4);
    }
  });
  it('rotation invariance needs an angular step', () => {
    const img = image([4, 4, 4], () => 1);
    expectOptionError(() => gaborFilter(img, { sigmaMm: 1, lambdaMm: 2, gamma: 1, thetaRad: 0, rotationInvariant: true, planes: 'axial', padding: 'zero' }), 'thetaStepRad');
  });
});

describe('wavelet filter', () => {
  it('LLL of Haar level 1 on a constant image (nearest padding) is 2^(3/2) times the constant; high-pass bands vanish', () => {
    const img = image([5, 5, 5], () => 2);
    const o = { family: 'haar' as const, level: 1, dimensions: '3d' as const, padding: 'nearest' as const, rotationInvariant: false };
    for (const v of waveletFilter(img, { ...o, subband: 'LLL' }).data) expect(v).toBeCloseTo(2 * 2 ** 1.5, 6);
    for (const v of waveletFilter(img, { ...o, subband: 'HLL', level: 2 }).data) expect(v).toBeCloseTo(0, 6);
  });
  it('db2 tap n sits at offset n − 2 (impulse response along i)', () => {
    const img = image([9, 1, 1], (i) => (i === 4 ? 1 : 0));
    const out = waveletFilter(img, { family: 'db2', subband: 'HL', level: 1, dimensions: '2d', padding: 'zero', rotationInvariant: false });
    const lo = [1 - Math.sqrt(3), 3 - Math.sqrt(3), 3 + Math.sqrt(3), 1 + Math.sqrt(3)].map((v) => v / (4 * Math.SQRT2));
    const hi = [-lo[3], lo[2], -lo[1], lo[0]];
    const l0 = lo[2]; // the j-axis low-pass tap at offset 0 (a 1-voxel line)
    for (let n = 0; n < 4; n++) expect(at(out, 4 + n - 2, 0, 0)).toBeCloseTo(hi[n] * l0, 6);
  });
  it('rejects a sub-band of the wrong length', () => {
    const img = image([4, 4, 4], () => 1);
    expectOptionError(() => waveletFilter(img, { family: 'haar', subband: 'LH', level: 1, dimensions: '3d', padding: 'zero', rotationInvariant: false }), 'subband');
  });
});
