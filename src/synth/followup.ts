import type { NonTargetStatus, ResponseCategory } from '../core/clinical/index.js';
import { overallResponse, targetResponse } from '../core/clinical/index.js';
import { HccError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { SynthPatient } from './clinical.js';
import { hasEhs, hasMvi } from './clinical.js';
import type { SynthConfig } from './config.js';
import type { ImagingTraits } from './imaging-traits.js';
import type { HazardModel, LinearPredictors, SynthOutcome } from './outcomes.js';
import { correlatedNormal, roundTo } from './variates.js';
import { normalQuantile } from '../core/distributions.js';

/** Response category or not evaluable (no follow-up scan). */
export type ResponseOrNe = ResponseCategory | 'NE';

/** Baseline and first follow-up measurements with mRECIST and RECIST 1.1 categories. */
export interface FollowUpRecord {
  readonly patientId: string;
  /** Weeks after ICI start of the first response scan (planned, also for patients without it). */
  readonly scanWeeks: number;
  /** 'died' / 'lost' before the scan, or null when scanned. */
  readonly notEvaluableReason: 'died' | 'lost' | null;
  /** Intrahepatic target lesions (≤ 2 per organ). */
  readonly targetCount: number;
  /** Sum of longest viable (arterially enhancing) diameters, mm (mRECIST). */
  readonly baselineViableSumMm: number;
  /** Sum of longest whole-lesion diameters, mm (RECIST 1.1). */
  readonly baselineWholeSumMm: number;
  readonly followUpViableSumMm: number | null;
  readonly followUpWholeSumMm: number | null;
  readonly newLesion: boolean | null;
  readonly nonTarget: NonTargetStatus | null;
  readonly mrecistTarget: ResponseOrNe;
  readonly mrecist: ResponseOrNe;
  readonly recistTarget: ResponseOrNe;
  readonly recist: ResponseOrNe;
}

function category(r: ReturnType<typeof targetResponse>): ResponseCategory {
  if (!r.ok) throw new HccError('E_INTERNAL', 'synth: generated tumour measurements failed their own validation', { issues: r.issues });
  return r.value.category;
}

/**
 * Simulate the first response scan (uniform in config.followUp.scanWeeks). A patient dead or lost
 * before it is not evaluable. Progression before the scan (true progression time) → PD, shown by
 * a new lesion or ≥ 20 % growth of the viable sum. Otherwise a response propensity correlated with
 * −(standardised full PFS log-hazard, unmeasured frailty included: response reflects true biology) sets the viable-sum ratio exp(mean − sd·propensity) (capped below
 * +20 %) or, above a quantile, a complete viable response; the whole-lesion ratio is the viable
 * ratio ^ wholeExponent (necrosis is not credited by RECIST), so ORR_mRECIST ≥ ORR_RECIST.
 * Categories come from the shared rules in core/clinical/mrecist.ts.
 */
export function drawFollowUp(rng: Rng, p: SynthPatient, traits: ImagingTraits, outcome: SynthOutcome, lp: LinearPredictors, hm: HazardModel, config: SynthConfig): FollowUpRecord {
  const f = config.followUp;
  const scanWeeks = roundTo(f.scanWeeks[0] + (f.scanWeeks[1] - f.scanWeeks[0]) * rng.uniform(), 1);
  const scanMonths = (scanWeeks * 7) / 30.4375;
  // Target lesions: the index tumour and, with ≥ 2 nodules, a second one of 30–80 % its size (≥ 10 mm).
  const d1 = p.largestDiameterCm * 10;
  const d2raw = p.tumourCount >= 2 ? d1 * (0.3 + 0.5 * rng.uniform()) : 0;
  const whole = d2raw >= 10 ? [d1, d2raw] : [d1];
  const viableShare = [Math.cbrt(1 - traits.necrosisFraction), Math.cbrt(1 - traits.necrosisFraction / 2)];
  const viable = whole.map((d, k) => roundTo(d * viableShare[k], 1));
  const wholeR = whole.map((d) => roundTo(d, 1));
  const bV = roundTo(viable.reduce((a, b) => a + b, 0), 1);
  const bW = roundTo(wholeR.reduce((a, b) => a + b, 0), 1);
  const hasNonTarget = p.tumourCount > whole.length || hasMvi(p) || hasEhs(p);
  const propensity = correlatedNormal(rng, -(lp.pfsTotal + lp.pfsUnmeasured) / hm.pfsHazardSd, f.propensityRiskCorrelation);
  const u1 = rng.uniform();
  const u2 = rng.uniform();
  const base = { patientId: p.id, scanWeeks, targetCount: whole.length, baselineViableSumMm: bV, baselineWholeSumMm: bW };
  if (outcome.deathMonths <= scanMonths || outcome.censorMonths <= scanMonths) {
    return { ...base, notEvaluableReason: outcome.deathMonths <= scanMonths ? 'died' : 'lost', followUpViableSumMm: null, followUpWholeSumMm: null, newLesion: null, nonTarget: null, mrecistTarget: 'NE', mrecist: 'NE', recistTarget: 'NE', recist: 'NE' };
  }
  let vRatio: number;
  let wRatio: number;
  let newLesion = false;
  let nonTarget: NonTargetStatus = hasNonTarget ? 'non-CR/non-PD' : 'none';
  if (outcome.progressionMonths <= scanMonths) {
    newLesion = u1 < f.newLesionShareOfPd;
    vRatio = newLesion ? Math.exp(0.15 * (u2 - 0.3)) : 1.2 + 0.5 * u2;
    wRatio = vRatio;
  } else if (propensity > normalQuantile(f.completeResponseQuantile)) {
    vRatio = 0;
    wRatio = 0.45 + 0.3 * u1;
    if (hasNonTarget && u2 < 0.5) nonTarget = 'CR';
  } else {
    vRatio = Math.min(1.19, Math.exp(f.viableLogRatioMean - f.viableLogRatioSd * propensity));
    wRatio = Math.pow(vRatio, f.wholeExponent);
  }
  const fV = roundTo(bV * vRatio, 1);
  const fW = roundTo(bW * wRatio, 1);
  const mt = category(targetResponse({ baselineSumMm: bV, nadirSumMm: bV, currentSumMm: fV }, 'mRECIST'));
  const rt = category(targetResponse({ baselineSumMm: bW, nadirSumMm: bW, currentSumMm: fW }, 'RECIST1.1'));
  return {
    ...base,
    notEvaluableReason: null,
    followUpViableSumMm: fV,
    followUpWholeSumMm: fW,
    newLesion,
    nonTarget,
    mrecistTarget: mt,
    mrecist: overallResponse(mt, nonTarget, newLesion),
    recistTarget: rt,
    recist: overallResponse(rt, nonTarget === 'CR' ? 'non-CR/non-PD' : nonTarget, newLesion),
  };
}
