import { describe, expect, it } from 'vitest';
import { createRng, permutation } from './rng.js';

describe('seeded rng', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
  });
  it('forks independent, label-determined streams', () => {
    const f1 = createRng(7).fork('tree-3').uniform();
    const f2 = createRng(7).fork('tree-3').uniform();
    const f3 = createRng(7).fork('tree-4').uniform();
    expect(f1).toBe(f2);
    expect(f1).not.toBe(f3);
  });
  it('uniform and normal have the right moments', () => {
    const r = createRng(1);
    let s = 0, s2 = 0, z = 0, z2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u; s2 += u * u;
      const g = r.normal();
      z += g; z2 += g * g;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(0.005);
    expect(Math.abs(z / n)).toBeLessThan(0.01);
    expect(Math.abs(z2 / n - 1)).toBeLessThan(0.01);
  });
  it('permutation contains every index once', () => {
    const p = permutation(1000, createRng(3));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
  it('rejects a non-finite seed', () => {
    expect(() => createRng(NaN)).toThrow(/seed/);
  });
});
