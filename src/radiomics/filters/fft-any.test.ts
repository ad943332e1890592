import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { fft3d, fftAnyStrided, planFftAny } from './fft-any.js';

/** Direct O(n²) DFT, the definition the fast transform must reproduce. */
function directDft(xr: Float64Array, xi: Float64Array, sign: number): { re: Float64Array; im: Float64Array } {
  const n = xr.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      re[k] += xr[j] * Math.cos(a) - xi[j] * Math.sin(a);
      im[k] += xr[j] * Math.sin(a) + xi[j] * Math.cos(a);
    }
  }
  return { re, im };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('fftAnyStrided (radix-2 or Bluestein)', () => {
  const rng = createRng(11);
  for (const n of [1, 2, 3, 5, 7, 12, 16, 64, 79, 100, 127]) {
    it(`matches a direct DFT, forward and inverse, for n = ${n}`, () => {
      const xr = Float64Array.from({ length: n }, () => rng.normal());
      const xi = Float64Array.from({ length: n }, () => rng.normal());
      const plan = planFftAny(n);
      expect(plan.chirpRe === null).toBe((n & (n - 1)) === 0);
      for (const inverse of [false, true]) {
        const re = Float64Array.from(xr);
        const im = Float64Array.from(xi);
        fftAnyStrided(plan, re, im, 0, 1, inverse);
        const want = directDft(xr, xi, inverse ? 1 : -1);
        expect(maxAbsDiff(re, want.re)).toBeLessThan(1e-10 * n);
        expect(maxAbsDiff(im, want.im)).toBeLessThan(1e-10 * n);
      }
    });
  }

  it('transforms a strided, offset run and leaves the other values alone', () => {
    const n = 6;
    const stride = 3;
    const re = Float64Array.from({ length: 2 + n * stride }, (_, i) => i + 1);
    const im = new Float64Array(re.length);
    const xr = Float64Array.from({ length: n }, (_, s) => re[2 + s * stride]);
    fftAnyStrided(planFftAny(n), re, im, 2, stride, false);
    const want = directDft(xr, new Float64Array(n), -1);
    for (let s = 0; s < n; s++) {
      expect(re[2 + s * stride]).toBeCloseTo(want.re[s], 10);
      expect(im[2 + s * stride]).toBeCloseTo(want.im[s], 10);
    }
    expect(re[0]).toBe(1);
    expect(re[3]).toBe(4);
    // DC term is the plain sum of the run: 3 + 6 + … + 18.
    expect(want.re[0]).toBe(63);
  });

  it('rejects a length that is not a positive integer', () => {
    expect(() => planFftAny(0)).toThrow(HccError);
    expect(() => planFftAny(2.5)).toThrow(/positive integer/);
  });
});

describe('fft3d', () => {
  it('matches a direct 3-D DFT on a 5×3×4 grid and inverts exactly', () => {
    const shape = [5, 3, 4] as const;
    const [nx, ny, nz] = shape;
    const rng = createRng(5);
    const total = nx * ny * nz;
    const xr = Float64Array.from({ length: total }, () => rng.normal());
    const xi = Float64Array.from({ length: total }, () => rng.normal());
    const re = Float64Array.from(xr);
    const im = Float64Array.from(xi);
    fft3d(re, im, shape, false);
    let worst = 0;
    for (let kz = 0; kz < nz; kz++) {
      for (let ky = 0; ky < ny; ky++) {
        for (let kx = 0; kx < nx; kx++) {
          let sr = 0;
          let si = 0;
          for (let z = 0; z < nz; z++) {
            for (let y = 0; y < ny; y++) {
              for (let x = 0; x < nx; x++) {
                const a = -2 * Math.PI * ((kx * x) / nx + (ky * y) / ny + (kz * z) / nz);
                const j = x + nx * (y + ny * z);
                sr += xr[j] * Math.cos(a) - xi[j] * Math.sin(a);
                si += xr[j] * Math.sin(a) + xi[j] * Math.cos(a);
              }
            }
          }
          const k = kx + nx * (ky + ny * kz);
          worst = Math.max(worst, Math.abs(re[k] - sr), Math.abs(im[k] - si));
        }
      }
    }
    expect(worst).toBeLessThan(1e-10);
    fft3d(re, im, shape, true);
    expect(maxAbsDiff(re, xr)).toBeLessThan(1e-12);
    expect(maxAbsDiff(im, xi)).toBeLessThan(1e-12);
  });

  it('rejects buffers that do not fit the grid', () => {
    expect(() => fft3d(new Float64Array(5), new Float64Array(5), [2, 3, 1], false)).toThrow(/6|grid/);
  });
});
