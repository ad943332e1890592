import { describe, expect, it } from 'vitest';
import { IDENTITY3 } from '../../core/geometry.js';
import { HccError } from '../../core/errors.js';
import { frequencyAxis, filterInFrequency } from './frequency-filter.js';
import { rieszFilter, rieszTransfer } from './riesz.js';
import { simoncelliFilter, simoncelliMother } from './simoncelli.js';

const grid = (data: Float32Array, shape: readonly [number, number, number]) => ({ data, shape, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: IDENTITY3 });

describe('frequency grids', () => {
  it('dft: 2πk/n folded to (−π, π]; linspace: −π..π in DFT order', () => {
    const d = frequencyAxis(4, 'dft');
    expect(Array.from(d)).toEqual([0, Math.PI / 2, -Math.PI, -Math.PI / 2]);
    const l = frequencyAxis(5, 'linspace');
    // linspace(−π, π, 5) = −π, −π/2, 0, π/2, π; ifftshift starts at index ⌊5/2⌋ = 2.
    expect(Array.from(l)).toEqual([0, Math.PI / 2, Math.PI, -Math.PI, -Math.PI / 2].map((v) => expect.closeTo(v, 14)));
  });
});

describe('Simoncelli wavelet', () => {
  it('mother: 1 at π/2, 0 at and below π/4 and above π, √½ at π/√8·2', () => {
    expect(simoncelliMother(Math.PI / 2)).toBeCloseTo(1, 14);
    expect(simoncelliMother(Math.PI / 4)).toBe(0);
    expect(simoncelliMother(0)).toBe(0);
    expect(simoncelliMother(Math.PI * 1.01)).toBe(0);
    // log2(2ω/π) = 1/2 → cos(π/4).
    expect(simoncelliMother(Math.PI / Math.SQRT2)).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('removes a constant image (band-pass: zero response at ω = 0) on a non-power-of-two grid', () => {
    const img = grid(new Float32Array(6 * 5 * 7).fill(3), [6, 5, 7]);
    for (const padding of ['periodic', 'mirror'] as const) {
      const r = simoncelliFilter(img, { level: 1, dimensions: '3d', padding, grid: 'dft' });
      expect(Math.max(...Array.from(r.data, Math.abs))).toBeLessThan(1e-5);
    }
  });

  it('passes a periodic cosine at ω = π/2 unchanged (ψ = 1 there), level 1, dft grid', () => {
    const n = 8;
    const data = new Float32Array(n * n * n);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[x + n * (y + n * z)] = Math.cos((Math.PI / 2) * x);
    const r = simoncelliFilter(grid(data, [n, n, n]), { level: 1, dimensions: '3d', padding: 'periodic', grid: 'dft' });
    for (let i = 0; i < data.length; i++) expect(r.data[i]).toBeCloseTo(data[i], 5);
    // Level 2 band is (π/8, π/2]·… ψ(2·π/2) = ψ(π) = cos(π/2) = 0: the same cosine is removed.
    const r2 = simoncelliFilter(grid(data, [n, n, n]), { level: 2, dimensions: '3d', padding: 'periodic', grid: 'dft' });
    expect(Math.max(...Array.from(r2.data, Math.abs))).toBeLessThan(1e-5);
  });

  it('rejects a bad level with E_OPTION at filter.level', () => {
    const img = grid(new Float32Array(8), [2, 2, 2]);
    try {
      simoncelliFilter(img, { level: 0, dimensions: '3d', padding: 'periodic' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).code).toBe('E_OPTION');
      expect((e as HccError).issues?.[0].path).toEqual(['filter', 'level']);
    }
  });
});

describe('Riesz transform', () => {
  it('first order along x is a Hilbert transform on x: cos(ωx) → sin(ωx)', () => {
    const n = 8;
    const data = new Float32Array(n * n * n);
    const want = new Float64Array(n * n * n);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      data[x + n * (y + n * z)] = Math.cos((Math.PI / 2) * x);
      want[x + n * (y + n * z)] = Math.sin((Math.PI / 2) * x);
    }
    const out = filterInFrequency(grid(data, [n, n, n]), [rieszTransfer([1, 0, 0])], { dimensions: '3d', padding: 'periodic', padVoxels: 0, grid: 'dft' });
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(want[i], 6);
    // Along y the same image gives nothing (ω_y = 0 everywhere it has energy).
    const outY = filterInFrequency(grid(data, [n, n, n]), [rieszTransfer([0, 1, 0])], { dimensions: '3d', padding: 'periodic', padVoxels: 0, grid: 'dft' });
    expect(Math.max(...Array.from(outY, Math.abs))).toBeLessThan(1e-9);
  });

  it('second-order components sum to −identity: Σ_a R^{2e_a} = −1 (away from ω = 0)', () => {
    const t = [rieszTransfer([2, 0, 0]), rieszTransfer([0, 2, 0]), rieszTransfer([0, 0, 2])];
    const w = [0.3, -1.1, 0.7];
    const total = t.reduce((s, f) => s + f.value(w[0], w[1], w[2]), 0);
    expect(total).toBeCloseTo(1, 14);
    expect(t[0].quarterTurns).toBe(2); // (−i)² = −1 applied by the filter
    // Mixed order (1,1,0) carries √2: √(2!/(1!1!)).
    expect(rieszTransfer([1, 1, 0]).value(1, 1, 0)).toBeCloseTo(Math.SQRT2 / 2, 14);
    expect(rieszTransfer([1, 0, 0]).value(0, 0, 0)).toBe(0);
  });

  it('rejects an order that does not fit the dimensions', () => {
    const img = grid(new Float32Array(8), [2, 2, 2]);
    expect(() => rieszFilter(img, { order: [1, 0], band: { kind: 'log', sigmaMm: 1 }, dimensions: '3d', padding: 'zero' })).toThrow(/Riesz order/);
    expect(() => rieszFilter(img, { order: [0, 0, 0], band: { kind: 'log', sigmaMm: 1 }, dimensions: '3d', padding: 'zero' })).toThrow(HccError);
  });
});
