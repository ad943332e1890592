import { describe, expect, it } from 'vitest';
import { isObjectiveResponse } from '../../src/core/clinical/index.js';
import { cohort } from './helpers.js';

describe('first follow-up scan: mRECIST / RECIST 1.1 consistent with outcome (n = 859)', () => {
  const c = cohort(859, 7);
  const f = c.followUps;
  const ev = f.filter((x) => x.mrecist !== 'NE');
  const share = (k: string, key: 'mrecist' | 'recist') => ev.filter((x) => x[key] === k).length / ev.length;
  it('ORR mRECIST ≈ 30 % (22-40 %), RECIST ≈ 22 % (15-30 %), CR mRECIST 3-12 % of evaluable patients', () => {
    const orrM = share('CR', 'mrecist') + share('PR', 'mrecist');
    const orrR = share('CR', 'recist') + share('PR', 'recist');
    expect(orrM).toBeGreaterThan(0.22);
    expect(orrM).toBeLessThan(0.4);
    expect(orrR).toBeGreaterThan(0.15);
    expect(orrR).toBeLessThan(0.3);
    expect(share('CR', 'mrecist')).toBeGreaterThan(0.03);
    expect(share('CR', 'mrecist')).toBeLessThan(0.12);
  });
  it('an RECIST responder is always an mRECIST responder (necrosis is credited by mRECIST only)', () => {
    expect(ev.filter((x) => isObjectiveResponse(x.recist as 'CR') && !isObjectiveResponse(x.mrecist as 'CR')).length).toBe(0);
  });
  it('PD at the scan exactly when progression happened before it; NE exactly when death or loss came first', () => {
    f.forEach((x, i) => {
      const o = c.outcomes[i];
      const scanMonths = (x.scanWeeks * 7) / 30.4375;
      if (o.deathMonths <= scanMonths || o.censorMonths <= scanMonths) expect(x.mrecist).toBe('NE');
      else expect(x.mrecist === 'PD').toBe(o.progressionMonths <= scanMonths);
    });
  });
  it('responders live longer: mean true survival of CR/PR exceeds SD, which exceeds PD', () => {
    const meanDeath = (cats: string[]) => {
      const idx = f.map((x, i) => (cats.includes(x.mrecist) ? i : -1)).filter((i) => i >= 0);
      return idx.reduce((a, i) => a + Math.log(c.outcomes[i].deathMonths), 0) / idx.length;
    };
    expect(meanDeath(['CR', 'PR'])).toBeGreaterThan(meanDeath(['SD']));
    expect(meanDeath(['SD'])).toBeGreaterThan(meanDeath(['PD']));
  });
  it('baseline sums: viable ≤ whole, at most 2 intrahepatic targets', () => {
    expect(f.every((x) => x.baselineViableSumMm <= x.baselineWholeSumMm && x.targetCount >= 1 && x.targetCount <= 2)).toBe(true);
  });
});
