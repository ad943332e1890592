import { describe, expect, it } from 'vitest';
import { hasEhs, hasMvi } from '../../src/synth/index.js';
import type { SynthPatient } from '../../src/synth/index.js';
import { kaplanMeier, makeSurvivalData } from '../../src/survival/index.js';
import { cohort } from './helpers.js';

// Target marginals: cohort-priors.md §3.3. Tolerances: about 3 binomial SEs at n = 859
// (0.05 for shares near 0.5, 0.03 for shares below 0.15), plus the documented deviations of
// docs/synthetic-cohort.md (ALBI grade 3 ≈ 2.5 % instead of 4 %).
const c = cohort(859, 7);
const ps = c.patients;
const share = (f: (p: SynthPatient) => boolean) => ps.filter(f).length / ps.length;

interface MarginalCase { name: string; observed: () => number; target: number; tol: number }
const cases: MarginalCase[] = [
  { name: 'male', observed: () => share((p) => p.sex === 'M'), target: 0.86, tol: 0.04 },
  { name: 'HBV', observed: () => share((p) => p.aetiology === 'HBV'), target: 0.85, tol: 0.04 },
  { name: 'HCV', observed: () => share((p) => p.aetiology === 'HCV'), target: 0.04, tol: 0.025 },
  { name: 'ECOG 0', observed: () => share((p) => p.ecog === 0), target: 0.55, tol: 0.05 },
  { name: 'ECOG 2', observed: () => share((p) => p.ecog === 2), target: 0.05, tol: 0.025 },
  { name: 'Child-Pugh A5', observed: () => share((p) => p.childPugh.label === 'A5'), target: 0.55, tol: 0.05 },
  { name: 'Child-Pugh A6', observed: () => share((p) => p.childPugh.label === 'A6'), target: 0.27, tol: 0.05 },
  { name: 'Child-Pugh B7', observed: () => share((p) => p.childPugh.label === 'B7'), target: 0.12, tol: 0.035 },
  { name: 'Child-Pugh B8-9', observed: () => share((p) => p.childPugh.score >= 8), target: 0.06, tol: 0.03 },
  { name: 'ALBI grade 1', observed: () => share((p) => p.albi.grade === 1), target: 0.42, tol: 0.05 },
  { name: 'mALBI 2a', observed: () => share((p) => p.albi.mAlbiGrade === '2a'), target: 0.24, tol: 0.05 },
  { name: 'mALBI 2b', observed: () => share((p) => p.albi.mAlbiGrade === '2b'), target: 0.3, tol: 0.05 },
  { name: 'BCLC B', observed: () => share((p) => p.bclc === 'B'), target: 0.28, tol: 0.05 },
  { name: 'BCLC C', observed: () => share((p) => p.bclc === 'C'), target: 0.72, tol: 0.05 },
  { name: 'MVI', observed: () => share(hasMvi), target: 0.45, tol: 0.05 },
  { name: 'EHS', observed: () => share(hasEhs), target: 0.38, tol: 0.05 },
  { name: 'AFP >= 400', observed: () => share((p) => p.afpNgPerMl >= 400), target: 0.42, tol: 0.05 },
  { name: 'AFP >= 100', observed: () => share((p) => p.afpNgPerMl >= 100), target: 0.5, tol: 0.05 },
  { name: 'CRP >= 1 mg/dL', observed: () => share((p) => p.crpMgPerDl >= 1), target: 0.25, tol: 0.045 },
  { name: 'NLR >= 5', observed: () => share((p) => p.nlr >= 5), target: 0.25, tol: 0.045 },
  { name: 'PLR >= 300', observed: () => share((p) => p.plr >= 300), target: 0.1, tol: 0.03 },
  { name: 'solitary tumour', observed: () => share((p) => p.tumourCount === 1), target: 0.35, tol: 0.05 },
  { name: '> 3 tumours', observed: () => share((p) => p.tumourCount > 3), target: 0.4, tol: 0.05 },
  { name: 'PD-1 + TKI', observed: () => share((p) => p.regimen === 'PD-1+TKI'), target: 0.6, tol: 0.05 },
  { name: 'combined TACE/HAIC', observed: () => share((p) => p.combinedLocoregional), target: 0.4, tol: 0.05 },
];

describe('synthetic cohort of 859 reproduces the target marginals (cohort-priors.md §3.3)', () => {
  for (const k of cases) {
    it(`${k.name}: ${k.target} ± ${k.tol}`, () => {
      expect(Math.abs(k.observed() - k.target)).toBeLessThanOrEqual(k.tol);
    });
  }
  it('no BCLC A/D and no Child-Pugh C (eligibility of the simulated population)', () => {
    expect(ps.filter((p) => p.bclc === 'D' || p.childPugh.childPughClass === 'C').length).toBe(0);
    expect(share((p) => p.bclc === 'A' || p.bclc === '0')).toBe(0);
  });
  it('MVI rises with tumour size (Akkiz 2018 gradient)', () => {
    const small = ps.filter((p) => p.largestDiameterCm < 5);
    const large = ps.filter((p) => p.largestDiameterCm > 10);
    const rate = (s: SynthPatient[]) => s.filter(hasMvi).length / s.length;
    expect(rate(large) - rate(small)).toBeGreaterThan(0.2);
  });
  it('median age ≈ 55 years and largest diameter median ≈ 7 cm', () => {
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    expect(Math.abs(med(ps.map((p) => p.ageYears)) - 55)).toBeLessThanOrEqual(2);
    expect(Math.abs(med(ps.map((p) => p.largestDiameterCm)) - 7)).toBeLessThanOrEqual(0.8);
  });
  it('every centre is used and the centre shares follow the weights (0.45/0.2/0.2/0.15 ± 0.05)', () => {
    const w = [0.45, 0.2, 0.2, 0.15];
    ['C1', 'C2', 'C3', 'C4'].forEach((id, k) => expect(Math.abs(share((p) => p.centre === id) - w[k])).toBeLessThanOrEqual(0.05));
  });
});

describe('synthetic outcomes of 859: medians and event rates', () => {
  const os = makeSurvivalData({ time: c.outcomes.map((o) => o.osMonths), event: c.outcomes.map((o) => o.osEvent) });
  const pfs = makeSurvivalData({ time: c.outcomes.map((o) => o.pfsMonths), event: c.outcomes.map((o) => o.pfsEvent) });
  it('median OS 19 ± 3 months, median PFS 6.5 ± 1.2 months (Kaplan-Meier)', () => {
    if (!os.ok || !pfs.ok) throw new Error('outcomes failed the survival gate');
    expect(Math.abs(kaplanMeier(os.value).curves[0].median.median! - 19)).toBeLessThanOrEqual(3);
    expect(Math.abs(kaplanMeier(pfs.value).curves[0].median.median! - 6.5)).toBeLessThanOrEqual(1.2);
  });
  it('OS events 40-55 %, PFS events 62-82 %', () => {
    const osE = c.outcomes.filter((o) => o.osEvent).length / 859;
    const pfsE = c.outcomes.filter((o) => o.pfsEvent).length / 859;
    expect(osE).toBeGreaterThanOrEqual(0.4);
    expect(osE).toBeLessThanOrEqual(0.55);
    expect(pfsE).toBeGreaterThanOrEqual(0.62);
    expect(pfsE).toBeLessThanOrEqual(0.82);
  });
  it('PFS is never after OS, and a death is always a PFS event', () => {
    const bad = c.outcomes.filter((o) => o.pfsMonths > o.osMonths || (o.osEvent === 1 && o.pfsEvent !== 1));
    expect(bad.length).toBe(0);
    expect(c.outcomes.filter((o) => o.pfsEventType === 'death').length).toBeGreaterThan(0);
  });
});
