import { describe, expect, it } from 'vitest';
import { readGeneUniverse } from '../../src/synth/index.js';
import { cohort, wikipathwaysGmt } from './helpers.js';

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

describe('RNA-seq counts (negative binomial; WikiPathways WP4172 PI3K-Akt programme follows risk)', () => {
  const c = cohort(859, 7, { rnaseq: true });
  const r = c.rnaseq!;
  const nG = r.genes.length;
  const universe = readGeneUniverse(wikipathwaysGmt(), 'WP4172');
  it('gene universe = all WikiPathways Entrez ids; the programme set is WP4172 (342 listed, 340 distinct members)', () => {
    expect(universe.genes.length).toBe(9028);
    expect(universe.programmeName).toContain('WP4172');
    expect(universe.programme.size).toBe(340);
    expect(r.genes.length).toBe(9028);
  });
  it('about 30 % of patients have RNA-seq, library sizes around 2e7', () => {
    expect(Math.abs(r.sampleIds.length / 859 - 0.3)).toBeLessThan(0.05);
    const libs = [...r.librarySizes].sort((a, b) => a - b);
    const med = libs[Math.floor(libs.length / 2)];
    expect(med).toBeGreaterThan(1.5e7);
    expect(med).toBeLessThan(2.6e7);
  });
  it('responding programme genes correlate with risk; genes outside the programme do not', () => {
    const idx = new Map(r.genes.map((g, i) => [g, i]));
    const logcpm = (g: number) => Array.from({ length: r.sampleIds.length }, (_, s) => Math.log2((r.counts[s * nG + g] + 0.5) / r.librarySizes[s] * 1e6));
    const expressed = (g: number) => {
      let t = 0;
      for (let s = 0; s < r.sampleIds.length; s++) t += r.counts[s * nG + g];
      return t / r.sampleIds.length > 50;
    };
    const resp = r.responders.map((g) => idx.get(g)!).filter(expressed).slice(0, 60);
    const outside = r.genes.map((g, i) => i).filter((i) => !universe.programme.has(r.genes[i])).filter((_, k) => k % 50 === 0).filter(expressed).slice(0, 60);
    const corr = (gs: number[]) => gs.map((g) => pearson(logcpm(g), r.riskZ));
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(r.responders.length).toBeGreaterThan(150);
    expect(mean(corr(resp))).toBeGreaterThan(0.3);
    expect(Math.abs(mean(corr(outside)))).toBeLessThan(0.05);
  });
  it('counts are over-dispersed with a dispersion trend near 0.1 for highly expressed genes', () => {
    const phis: number[] = [];
    const programme = universe.programme;
    for (let g = 0; g < nG && phis.length < 200; g++) {
      if (programme.has(r.genes[g])) continue;
      const norm = Array.from({ length: r.sampleIds.length }, (_, s) => r.counts[s * nG + g] * (2e7 / r.librarySizes[s]));
      const m = norm.reduce((a, b) => a + b, 0) / norm.length;
      if (m < 2000) continue;
      const v = norm.reduce((a, b) => a + (b - m) ** 2, 0) / (norm.length - 1);
      phis.push((v - m) / (m * m));
    }
    phis.sort((a, b) => a - b);
    const med = phis[Math.floor(phis.length / 2)];
    expect(med).toBeGreaterThan(0.05);
    expect(med).toBeLessThan(0.25);
  });
  it('a missing programme set is an E_INPUT error naming the option', () => {
    try {
      readGeneUniverse(wikipathwaysGmt(), 'NO_SUCH_SET');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string; issues: { code: string; path: unknown[] }[] }).code).toBe('E_INPUT');
      expect((e as { issues: { code: string; path: unknown[] }[] }).issues[0]).toMatchObject({ code: 'unknown_level', path: ['rnaseq', 'programmeSet'] });
    }
  });
});
