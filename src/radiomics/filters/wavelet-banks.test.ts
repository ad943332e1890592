import { describe, expect, it } from 'vitest';
import { WAVELET_FAMILIES, waveletHighPass, waveletLowPass } from './wavelet-banks.js';

const MOMENTS: Record<string, number> = { haar: 1, db2: 2, db3: 3, coif1: 2 };

describe('wavelet filter banks', () => {
  for (const f of WAVELET_FAMILIES) {
    it(`${f}: orthonormal low-pass (Σh = √2, Σh[n]h[n+2m] = δ_m) and ${MOMENTS[f]} vanishing moments of the high-pass`, () => {
      const h = waveletLowPass(f);
      const g = waveletHighPass(f);
      expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.SQRT2, 12);
      for (let m = 0; 2 * m < h.length; m++) {
        let s = 0;
        for (let n = 0; n + 2 * m < h.length; n++) s += h[n] * h[n + 2 * m];
        expect(s).toBeCloseTo(m === 0 ? 1 : 0, 12);
      }
      for (let k = 0; k < MOMENTS[f]; k++) {
        let s = 0;
        for (let n = 0; n < g.length; n++) s += g[n] * n ** k;
        expect(Math.abs(s)).toBeLessThan(1e-9);
      }
      // High-pass orthogonal to low-pass.
      expect(h.reduce((a, v, n) => a + v * g[n], 0)).toBeCloseTo(0, 12);
    });
  }

  it('db2 matches its closed form ((1−√3), (3−√3), (3+√3), (1+√3))/(4√2) and the PyWavelets dec_lo order', () => {
    expect(Array.from(waveletLowPass('db2'))).toEqual([1 - Math.sqrt(3), 3 - Math.sqrt(3), 3 + Math.sqrt(3), 1 + Math.sqrt(3)].map((v) => v / (4 * Math.SQRT2)));
    expect(waveletHighPass('haar')[0]).toBeCloseTo(-Math.SQRT1_2, 15);
  });
});
