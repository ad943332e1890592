// Tier (a): hand-computed trimmed means; tier (c): invariants.
import { describe, expect, it } from 'vitest';
import { tmmFactor } from './tmm.js';

describe('tmmFactor', () => {
  const ref = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100];
  // M = log2(obs/ref): 0, 1, -1, 2, -2, 0, log2 3, log2 1.5, log2 0.75, log2 1.25
  const obs = [100, 200, 50, 400, 25, 100, 300, 150, 75, 125];

  it('unweighted: mean of M with ranks 4..7 of 10 (ties averaged: the two zeros share rank 4.5)', () => {
    const f = tmmFactor(obs, ref, 1000, 1000, { doWeighting: false });
    const expected = Math.pow(2, (0 + 0 + Math.log2(1.25) + Math.log2(1.5)) / 4);
    expect(f).toBeCloseTo(expected, 14);
  });

  it('weighted: precision weights 1/v with v = (N-y)/(N y) + (N_r-r)/(N_r r)', () => {
    const kept = [0, 5, 9, 7];
    const m = (g: number): number => Math.log2(obs[g] / ref[g]);
    const v = (g: number): number => (1000 - obs[g]) / 1000 / obs[g] + (1000 - ref[g]) / 1000 / ref[g];
    const num = kept.reduce((s, g) => s + m(g) / v(g), 0);
    const den = kept.reduce((s, g) => s + 1 / v(g), 0);
    expect(tmmFactor(obs, ref, 1000, 1000)).toBeCloseTo(Math.pow(2, num / den), 14);
  });

  it('identical samples give 1; zero counts are ignored', () => {
    expect(tmmFactor(obs, obs, 1000, 1000)).toBe(1);
    expect(tmmFactor([0, ...obs], [5, ...ref], 1000, 1000, { doWeighting: false })).toBeCloseTo(tmmFactor(obs, ref, 1000, 1000, { doWeighting: false }), 14);
  });
});
