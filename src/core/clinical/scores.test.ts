import { describe, expect, it } from 'vitest';
import { albi, albiGrades } from './albi.js';
import { bloodRatios } from './blood-ratios.js';
import { childPugh } from './child-pugh.js';
import type { ChildPughInput } from './child-pugh.js';
import { crafity } from './crafity.js';
import { upToSeven } from './up-to-seven.js';
import { albuminGDlToGL, bilirubinMgDlToUmolL, bilirubinUmolLToMgDl, crpMgLToMgDl } from './units.js';

const normal: ChildPughInput = { bilirubinUmolPerL: 15, albuminGPerL: 40, inr: 1.1, ascites: 'none', encephalopathy: 'none' };

function value<T>(r: { ok: true; value: T } | { ok: false }): T {
  if (!r.ok) throw new Error('expected ok result');
  return r.value;
}

describe('unit conversions (cohort-priors.md §1.1)', () => {
  it('bilirubin 1 mg/dL = 17.1 µmol/L, albumin 1 g/dL = 10 g/L, CRP 10 mg/L = 1 mg/dL', () => {
    expect(bilirubinMgDlToUmolL(2)).toBeCloseTo(34.2, 12);
    expect(bilirubinUmolLToMgDl(51.3)).toBeCloseTo(3, 12);
    expect(albuminGDlToGL(3.5)).toBeCloseTo(35, 12);
    expect(crpMgLToMgDl(10)).toBeCloseTo(1, 12);
  });
});

describe('Child-Pugh (Pugh 1973, Br J Surg; table in cohort-priors.md §1.2)', () => {
  it('all items normal: A5', () => {
    const r = value(childPugh(normal));
    expect(r.points).toEqual({ bilirubin: 1, albumin: 1, inr: 1, ascites: 1, encephalopathy: 1 });
    expect(r.score).toBe(5);
    expect(r.label).toBe('A5');
  });
  it('middle bands are inclusive: bilirubin 2.0 and 3.0 mg/dL, albumin 2.8 and 3.5 g/dL, INR 1.7 and 2.3 score 2', () => {
    for (const mg of [2.0, 3.0]) expect(value(childPugh({ ...normal, bilirubinUmolPerL: bilirubinMgDlToUmolL(mg) })).points.bilirubin).toBe(2);
    expect(value(childPugh({ ...normal, bilirubinUmolPerL: bilirubinMgDlToUmolL(1.99) })).points.bilirubin).toBe(1);
    expect(value(childPugh({ ...normal, bilirubinUmolPerL: bilirubinMgDlToUmolL(3.01) })).points.bilirubin).toBe(3);
    for (const g of [28, 35]) expect(value(childPugh({ ...normal, albuminGPerL: g })).points.albumin).toBe(2);
    expect(value(childPugh({ ...normal, albuminGPerL: 35.1 })).points.albumin).toBe(1);
    expect(value(childPugh({ ...normal, albuminGPerL: 27.9 })).points.albumin).toBe(3);
    for (const inr of [1.7, 2.3]) expect(value(childPugh({ ...normal, inr })).points.inr).toBe(2);
    expect(value(childPugh({ ...normal, inr: 1.69 })).points.inr).toBe(1);
    expect(value(childPugh({ ...normal, inr: 2.31 })).points.inr).toBe(3);
  });
  it('classes: A 5-6, B 7-9, C 10-15', () => {
    expect(value(childPugh({ ...normal, albuminGPerL: 30 })).label).toBe('A6');
    expect(value(childPugh({ ...normal, albuminGPerL: 30, ascites: 'mild' })).label).toBe('B7');
    const c = value(childPugh({ bilirubinUmolPerL: 60, albuminGPerL: 25, inr: 1.8, ascites: 'moderate-severe', encephalopathy: 'none' }));
    expect(c.score).toBe(12);
    expect(c.childPughClass).toBe('C');
    const worst = value(childPugh({ bilirubinUmolPerL: 80, albuminGPerL: 20, inr: 3, ascites: 'moderate-severe', encephalopathy: 'grade-3-4' }));
    expect(worst.score).toBe(15);
  });
  it('albumin given in g/dL is flagged (suspect_unit error), missing and impossible values are issues', () => {
    const r = childPugh({ ...normal, albuminGPerL: 3.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([['suspect_unit', 'albuminGPerL']]);
    const m = childPugh({ ...normal, bilirubinUmolPerL: NaN, inr: -1, ascites: 'severe' as never });
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.issues.map((i) => [i.code, i.path[0]])).toEqual([['missing_value', 'bilirubinUmolPerL'], ['out_of_range', 'inr'], ['unknown_level', 'ascites']]);
  });
  it('bilirubin that looks like mg/dL is a warning, not an error', () => {
    const r = childPugh({ ...normal, bilirubinUmolPerL: 1.2 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.map((w) => w.code)).toEqual(['suspect_unit']);
  });
});

describe('ALBI (Johnson 2015, J Clin Oncol) and mALBI (Hiraoka 2017, Liver Cancer): cohort-priors.md §1.3 test vectors', () => {
  const cases = [
    { bili: 10, alb: 45, score: -3.165, m: '1' },
    { bili: 17.1, alb: 40, score: -2.586, m: '2a' },
    { bili: 17.1, alb: 35, score: -2.161, m: '2b' },
    { bili: 50, alb: 28, score: -1.259, m: '3' },
  ] as const;
  for (const c of cases) {
    it(`bilirubin ${c.bili} µmol/L, albumin ${c.alb} g/L → ALBI ${c.score}, mALBI ${c.m}`, () => {
      const r = value(albi({ bilirubinUmolPerL: c.bili, albuminGPerL: c.alb }));
      expect(Math.abs(r.score - c.score)).toBeLessThan(5e-4);
      expect(r.mAlbiGrade).toBe(c.m);
      expect(r.grade).toBe(c.m === '1' ? 1 : c.m === '3' ? 3 : 2);
    });
  }
  it('cut-offs belong to the lower grade: −2.60 → 1, −2.27 → 2a, −1.39 → 2b', () => {
    expect(albiGrades(-2.6).mAlbiGrade).toBe('1');
    expect(albiGrades(-2.27).mAlbiGrade).toBe('2a');
    expect(albiGrades(-1.39).mAlbiGrade).toBe('2b');
    expect(albiGrades(-1.3899).grade).toBe(3);
  });
  it('bilirubin 0 (log undefined) and albumin in g/dL are rejected', () => {
    const r = albi({ bilirubinUmolPerL: 0, albuminGPerL: 4.0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([['out_of_range', 'bilirubinUmolPerL'], ['suspect_unit', 'albuminGPerL']]);
  });
});

describe('CRAFITY (Scheiner 2022, J Hepatol): [CRP ≥ 1 mg/dL] + [AFP ≥ 100 ng/mL]', () => {
  it('cut-offs are inclusive', () => {
    expect(value(crafity({ afpNgPerMl: 100, crpMgPerDl: 1 })).score).toBe(2);
    expect(value(crafity({ afpNgPerMl: 99.9, crpMgPerDl: 1 })).score).toBe(1);
    expect(value(crafity({ afpNgPerMl: 5, crpMgPerDl: 0.99 }))).toEqual({ afpHigh: false, crpHigh: false, score: 0 });
    expect(value(crafity({ afpNgPerMl: 12000, crpMgPerDl: crpMgLToMgDl(4) })).score).toBe(1);
  });
  it('missing AFP is an issue', () => {
    const r = crafity({ afpNgPerMl: undefined as never, crpMgPerDl: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([['missing_value', 'afpNgPerMl']]);
  });
});

describe('up-to-seven (Mazzaferro 2009, Lancet Oncol): count + largest cm ≤ 7', () => {
  it('3 nodules with largest 4 cm is within; 2 nodules with largest 5.5 cm is beyond', () => {
    expect(value(upToSeven({ tumourCount: 3, largestDiameterCm: 4 }))).toEqual({ sum: 7, within: true });
    expect(value(upToSeven({ tumourCount: 2, largestDiameterCm: 5.5 })).within).toBe(false);
  });
  it('non-integer count is rejected', () => {
    const r = upToSeven({ tumourCount: 1.5, largestDiameterCm: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].code).toBe('out_of_range');
  });
});

describe('NLR / PLR (Dharmapuri 2020, Cancer Med)', () => {
  it('NLR = neutrophils / lymphocytes, PLR = platelets / lymphocytes', () => {
    const r = value(bloodRatios({ neutrophils: 5.0, lymphocytes: 1.0, platelets: 150 }));
    expect(r.nlr).toBe(5);
    expect(r.plr).toBe(150);
  });
  it('zero lymphocytes is out of range', () => {
    const r = bloodRatios({ neutrophils: 5, lymphocytes: 0, platelets: 150 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([['out_of_range', 'lymphocytes']]);
  });
});
