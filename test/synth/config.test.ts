import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/rng.js';
import { parseSynthConfig, probabilityNoneAdvanced, resolveClinicalModel } from '../../src/synth/index.js';
import { gammaVariate, negativeBinomialVariate, poissonVariate } from '../../src/synth/variates.js';

function issuesOf(f: () => unknown): { code: string; path: readonly (string | number)[] }[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HccError);
    expect((e as HccError).code).toBe('E_OPTION');
    return (e as HccError).issues.map((i) => ({ code: i.code, path: i.path }));
  }
  throw new Error('expected an E_OPTION error');
}

describe('synth configuration', () => {
  it('defaults are filled in (cohort-priors.md §3.3 values)', () => {
    const c = parseSynthConfig({});
    expect(c.population.mviShare).toBe(0.45);
    expect(c.outcomes.os.mvi).toBe(0.59);
    expect(c.outcomes.osMedianMonths).toBe(19);
    expect(c.rnaseq.programmeSet).toBe('WP4172');
    expect(c.centres.map((x) => x.id)).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(parseSynthConfig({ outcomes: { os: { mvi: 1 } } }).outcomes.os.ehs).toBe(0.34);
  });
  it('bad values are bad_option issues with paths', () => {
    expect(issuesOf(() => parseSynthConfig({ population: { maleShare: 2 } }))).toEqual([{ code: 'bad_option', path: ['population', 'maleShare'] }]);
    expect(issuesOf(() => parseSynthConfig({ population: { ecogShares: [0.5, 0.4, 0.2] } }))).toEqual([{ code: 'bad_option', path: ['population', 'ecogShares'] }]);
    expect(issuesOf(() => parseSynthConfig({ cohortName: 'my-cohort' }))).toEqual([{ code: 'bad_option', path: ['cohortName'] }]);
    expect(issuesOf(() => parseSynthConfig({ population: { bclcBShare: 0.7 } }))).toEqual([{ code: 'bad_option', path: ['population', 'bclcBShare'] }]);
  });
  it('a misspelt key is an unknown_key issue (with a suggestion), alone or next to bad values', () => {
    const err = (f: () => unknown): HccError => {
      try {
        f();
      } catch (e) {
        return e as HccError;
      }
      throw new Error('expected an error');
    };
    const e = err(() => parseSynthConfig({ population: { maleShar: 0.5 } }));
    expect(e.code).toBe('E_OPTION');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['unknown_key', ['population', 'maleShar']]]);
    expect(e.issues[0].message).toContain('did you mean "maleShare"');
    expect(issuesOf(() => parseSynthConfig({ population: { maleShare: 2 }, centres: [{ id: 'A', weight: 1, tumorShift: 0.2 }], images: { scanners: { A: { noiseSD: 5 } } } }))).toEqual([
      { code: 'bad_option', path: ['population', 'maleShare'] },
      { code: 'unknown_key', path: ['centres', 0, 'tumorShift'] },
      { code: 'unknown_key', path: ['images', 'scanners', 'A', 'noiseSD'] },
    ]);
    expect(issuesOf(() => parseSynthConfig({ rnaSeq: { fraction: 1 } }))).toEqual([{ code: 'unknown_key', path: ['rnaSeq'] }]);
  });
  it('the configuration example of docs/synthetic-cohort.md parses', () => {
    const md = readFileSync(join(__dirname, '..', '..', 'docs', 'synthetic-cohort.md'), 'utf8');
    const blocks = [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as unknown);
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(parseSynthConfig(b).images.dicomShareOthers).toBe(0.1);
  });
  it('the MVI/EHS/ECOG loading reproduces the BCLC B share: P(none) = 0.28', () => {
    const m = resolveClinicalModel(parseSynthConfig({}), 4);
    expect(probabilityNoneAdvanced(m.advancedLoading, [m.mviThreshold, m.ehsThreshold, m.ecogCuts[0]])).toBeCloseTo(0.28, 6);
    // Independence gives 0.45 · 0.62 · 0.55 = 0.188.
    expect(probabilityNoneAdvanced(0, [m.mviThreshold, m.ehsThreshold, m.ecogCuts[0]])).toBeCloseTo(0.55 * 0.62 * 0.55, 4);
  });
  it('more centres than configured get unshifted extra centres; 0 centres is an error', () => {
    const m = resolveClinicalModel(parseSynthConfig({}), 6);
    expect(m.centres.map((x) => x.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    expect(issuesOf(() => resolveClinicalModel(parseSynthConfig({}), 0))).toEqual([{ code: 'bad_option', path: ['centres'] }]);
  });
});

describe('random variates (moments over 20 000 draws)', () => {
  const moments = (draw: () => number) => {
    const n = 20000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const v = draw(); s += v; s2 += v * v; }
    const m = s / n;
    return { mean: m, variance: (s2 - n * m * m) / (n - 1) };
  };
  it('gamma(shape) has mean = variance = shape (shape 0.5 and 4)', () => {
    for (const shape of [0.5, 4]) {
      const rng = createRng(1);
      const r = moments(() => gammaVariate(rng, shape));
      expect(Math.abs(r.mean - shape)).toBeLessThan(0.05 * shape + 0.02);
      expect(Math.abs(r.variance - shape)).toBeLessThan(0.1 * shape + 0.03);
    }
  });
  it('Poisson mean = variance for λ = 3 (multiplication) and λ = 500 (PTRS)', () => {
    for (const lambda of [3, 500]) {
      const rng = createRng(2);
      const r = moments(() => poissonVariate(rng, lambda));
      expect(Math.abs(r.mean - lambda)).toBeLessThan(0.02 * lambda);
      expect(Math.abs(r.variance - lambda)).toBeLessThan(0.06 * lambda);
    }
  });
  it('negative binomial variance = μ + φμ² (μ = 1000, φ = 0.1)', () => {
    const rng = createRng(3);
    const r = moments(() => negativeBinomialVariate(rng, 1000, 0.1));
    expect(Math.abs(r.mean - 1000)).toBeLessThan(15);
    expect(Math.abs(r.variance - (1000 + 0.1 * 1e6)) / 101000).toBeLessThan(0.06);
  });
});
