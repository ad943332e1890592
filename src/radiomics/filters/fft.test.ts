import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { fft2d, fftInPlace, nextPowerOfTwo, planFft } from './fft.js';

describe('fft', () => {
  it('matches a naive DFT and inverts (with 1/n)', () => {
    const n = 16;
    const rng = createRng(3);
    const xr = Float64Array.from({ length: n }, () => rng.normal());
    const xi = Float64Array.from({ length: n }, () => rng.normal());
    const re = Float64Array.from(xr);
    const im = Float64Array.from(xi);
    const plan = planFft(n);
    fftInPlace(plan, re, im, 0, false);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * j * k) / n;
        sr += xr[j] * Math.cos(a) - xi[j] * Math.sin(a);
        si += xr[j] * Math.sin(a) + xi[j] * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 10);
      expect(im[k]).toBeCloseTo(si, 10);
    }
    fftInPlace(plan, re, im, 0, true);
    for (let j = 0; j < n; j++) expect(re[j] / n).toBeCloseTo(xr[j], 12);
  });

  it('2-D transform of a delta is flat; partial inverse restores the chosen columns', () => {
    const rp = planFft(8);
    const cp = planFft(4);
    const re = new Float64Array(32);
    const im = new Float64Array(32);
    re[1 * 8 + 2] = 1;
    fft2d(rp, cp, re, im, false);
    for (let i = 0; i < 32; i++) expect(Math.hypot(re[i], im[i])).toBeCloseTo(1, 12);
    fft2d(rp, cp, re, im, true, { from: 2, to: 3 });
    for (let r = 0; r < 4; r++) expect(re[r * 8 + 2] / 32).toBeCloseTo(r === 1 ? 1 : 0, 12);
  });

  it('nextPowerOfTwo', () => {
    expect([1, 2, 3, 144, 256].map(nextPowerOfTwo)).toEqual([1, 2, 4, 256, 256]);
  });
});
