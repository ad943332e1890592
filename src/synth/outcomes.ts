import type { Rng } from '../core/rng.js';
import { createRng } from '../core/rng.js';
import type { SynthPatient } from './clinical.js';
import { generatePatient, hasEhs, hasMvi, patientRng } from './clinical.js';
import type { ClinicalModel } from './clinical-model.js';
import type { ClinicalEffects, ImagingEffects, SynthConfig } from './config.js';
import type { ImagingTraits } from './imaging-traits.js';
import { drawImagingTraits, NECROSIS_LOGIT } from './imaging-traits.js';
import { roundTo } from './variates.js';

/**
 * Outcome model. Proportional hazards with a Weibull baseline:
 *   H(t | x) = (t / b)^k · exp(η + u),  η = η_clinical + η_imaging (centred on a reference population),
 * u ~ N(0, unmeasuredSd²) an unmeasured log-frailty,
 * so T = b · (−ln U · e^{−η})^{1/k}. η_clinical = Σ β_j x_j over binary clinical indicators with the
 * published multivariable log-HRs (cohort-priors.md §3.3); η_imaging = Σ γ_k over the latent
 * imaging traits. Progression has its own Weibull PH model with log-HRs = pfsEffectFactor × OS;
 * PFS = min(progression, death) so PFS ≤ OS. The scales b are calibrated so the marginal medians
 * of a fixed reference population (config.outcomes.calibration*) equal the configured medians.
 * Censoring: uniform accrual + minimum follow-up (administrative) and exponential drop-out,
 * shared by OS and PFS.
 */

/** Indicator values of the OS model's clinical terms (names match `ClinicalEffects`). */
export function clinicalCovariates(p: SynthPatient): Record<keyof ClinicalEffects, number> {
  return {
    mvi: hasMvi(p) ? 1 : 0,
    vp4: p.vp === 4 ? 1 : 0,
    ehs: hasEhs(p) ? 1 : 0,
    afp400: p.afpNgPerMl >= 400 ? 1 : 0,
    albiGrade2: p.albi.grade === 2 ? 1 : 0,
    albiGrade3: p.albi.grade === 3 ? 1 : 0,
    childPughB: p.childPugh.childPughClass === 'B' ? 1 : 0,
    ecog1plus: p.ecog >= 1 ? 1 : 0,
    crp1: p.crpMgPerDl >= 1 ? 1 : 0,
    nlr5: p.nlr >= 5 ? 1 : 0,
    diameter10: p.largestDiameterCm > 10 ? 1 : 0,
    count4plus: p.tumourCount > 3 ? 1 : 0,
    combination: p.regimen === 'ICI-mono/other' ? 0 : 1,
  };
}

/** Σ β_j x_j (uncentred). */
export function clinicalLinearPredictor(p: SynthPatient, effects: ClinicalEffects): number {
  const x = clinicalCovariates(p);
  let s = 0;
  for (const k of Object.keys(effects) as (keyof ClinicalEffects)[]) s += effects[k] * x[k];
  return s;
}

/** Values of the imaging terms (names match `ImagingEffects`): indicators, standardised logit necrosis, heterogeneity. */
export function imagingCovariates(t: ImagingTraits): Record<keyof ImagingEffects, number> {
  const nec = Math.min(0.9, Math.max(1e-6, t.necrosisFraction));
  return {
    apheAbsent: t.apheAbsent ? 1 : 0,
    infiltrativeMargin: t.infiltrativeMargin ? 1 : 0,
    rimEnhancement: t.rimEnhancement ? 1 : 0,
    necrosisPerSd: (Math.log(nec / (1 - nec)) - NECROSIS_LOGIT.center) / NECROSIS_LOGIT.scale,
    heterogeneityPerSd: t.heterogeneity,
  };
}

/** Σ γ_k x_k over the imaging terms (uncentred). */
export function imagingLinearPredictor(t: ImagingTraits, e: ImagingEffects): number {
  const x = imagingCovariates(t);
  let s = 0;
  for (const k of Object.keys(e) as (keyof ImagingEffects)[]) s += e[k] * x[k];
  return s;
}

/** True linear predictors of one patient (centred), the oracle's content. */
export interface LinearPredictors {
  readonly osClinical: number;
  readonly osImaging: number;
  /** osClinical + osImaging: the best risk any model of the data can reach. */
  readonly osTotal: number;
  /** Unmeasured log-frailty (enters the hazard, unknowable from the data). */
  readonly osUnmeasured: number;
  readonly pfsClinical: number;
  readonly pfsImaging: number;
  readonly pfsTotal: number;
  readonly pfsUnmeasured: number;
}

/** Calibrated hazard model. */
export interface HazardModel {
  readonly osScaleMonths: number;
  readonly osShape: number;
  readonly pfsScaleMonths: number;
  readonly pfsShape: number;
  /** Reference-population means subtracted from the raw predictors. */
  readonly centres: { readonly osClinical: number; readonly osImaging: number };
  /** Reference-population SD of the total (knowable) OS / PFS predictors, for standardised risk. */
  readonly osTotalSd: number;
  readonly pfsTotalSd: number;
  /** SD of the full PFS log-hazard (knowable part + unmeasured frailty). */
  readonly pfsHazardSd: number;
  readonly pfsFactor: number;
  readonly dropoutRatePerMonth: number;
}

/** Centred predictors of a patient under a calibrated model. */
export function linearPredictors(p: SynthPatient, t: ImagingTraits, frailtyZ: number, config: SynthConfig, hm: HazardModel): LinearPredictors {
  const osClinical = clinicalLinearPredictor(p, config.outcomes.os) - hm.centres.osClinical;
  const osImaging = imagingLinearPredictor(t, config.outcomes.imaging) - hm.centres.osImaging;
  const osUnmeasured = config.outcomes.unmeasuredSd * frailtyZ;
  const f = hm.pfsFactor;
  return { osClinical, osImaging, osTotal: osClinical + osImaging, osUnmeasured, pfsClinical: f * osClinical, pfsImaging: f * osImaging, pfsTotal: f * (osClinical + osImaging), pfsUnmeasured: f * osUnmeasured };
}

/** Standard-normal draw of the unmeasured frailty from the patient's stream. */
export function drawFrailtyZ(patientStream: Rng): number {
  return patientStream.fork('unmeasured').normal();
}

function bisectScale(target: number, survivalAt: (scale: number) => number): number {
  // survivalAt(scale) increases with scale; find scale with survivalAt = target.
  let lo = 1e-3;
  let hi = 1e4;
  for (let it = 0; it < 200; it++) {
    const mid = Math.sqrt(lo * hi);
    if (survivalAt(mid) < target) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

function sd(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / (a.length - 1));
}

/**
 * Calibrate the Weibull scales on the reference population (config.outcomes.calibrationPatients
 * patients from calibrationSeed, same centres): mean_i S_i(median) = 0.5 for OS, and
 * mean_i S_prog,i(median)·S_death,i(median) = 0.5 for PFS. Deterministic given the configuration,
 * so patient i's outcome does not depend on cohort size or seed of other patients.
 */
export function calibrateHazardModel(config: SynthConfig, cm: ClinicalModel): HazardModel {
  const o = config.outcomes;
  const n = o.calibrationPatients;
  const root = createRng(o.calibrationSeed);
  const rawClin = new Float64Array(n);
  const rawImg = new Float64Array(n);
  const frailty = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pr = patientRng(root, i);
    const p = generatePatient(i, pr.fork('clinical'), cm);
    rawClin[i] = clinicalLinearPredictor(p, o.os);
    rawImg[i] = imagingLinearPredictor(drawImagingTraits(pr.fork('imaging-traits'), p), o.imaging);
    frailty[i] = o.unmeasuredSd * drawFrailtyZ(pr);
  }
  const cClin = mean(rawClin);
  const cImg = mean(rawImg);
  const os = new Float64Array(n);
  const known = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    known[i] = rawClin[i] - cClin + rawImg[i] - cImg;
    os[i] = known[i] + frailty[i];
  }
  const f = o.pfsEffectFactor;
  const osH = (scale: number, t: number, i: number) => Math.pow(t / scale, o.osShape) * Math.exp(os[i]);
  const osScale = bisectScale(0.5, (b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(-osH(b, o.osMedianMonths, i));
    return s / n;
  });
  const pfsScale = bisectScale(0.5, (b) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(-Math.pow(o.pfsMedianMonths / b, o.pfsShape) * Math.exp(f * os[i]) - osH(osScale, o.pfsMedianMonths, i));
    return s / n;
  });
  const osSd = sd(known);
  return {
    osScaleMonths: osScale,
    osShape: o.osShape,
    pfsScaleMonths: pfsScale,
    pfsShape: o.pfsShape,
    centres: { osClinical: cClin, osImaging: cImg },
    osTotalSd: osSd,
    pfsTotalSd: f * osSd,
    pfsHazardSd: f * sd(os),
    pfsFactor: f,
    dropoutRatePerMonth: -Math.log(1 - o.dropoutBy24Months) / 24,
  };
}

/** Observed and true times of one patient, months from ICI start. */
export interface SynthOutcome {
  /** Calendar entry, months after the study opened. */
  readonly entryMonths: number;
  /** True (uncensored) death and progression times. */
  readonly deathMonths: number;
  readonly progressionMonths: number;
  /** min(administrative censoring, drop-out). */
  readonly censorMonths: number;
  readonly osMonths: number;
  readonly osEvent: 0 | 1;
  readonly pfsMonths: number;
  readonly pfsEvent: 0 | 1;
  readonly pfsEventType: 'progression' | 'death' | 'censored';
}

function weibullTime(u: number, scale: number, shape: number, eta: number): number {
  return scale * Math.pow(-Math.log(u) * Math.exp(-eta), 1 / shape);
}

/** Draw one patient's outcome from its own stream. Times are rounded to 0.001 month (≥ 0.01). */
export function drawOutcome(rng: Rng, lp: LinearPredictors, config: SynthConfig, hm: HazardModel): SynthOutcome {
  const o = config.outcomes;
  const u = () => {
    let v = rng.uniform();
    while (v === 0) v = rng.uniform();
    return v;
  };
  const deathMonths = weibullTime(u(), hm.osScaleMonths, hm.osShape, lp.osTotal + lp.osUnmeasured);
  const progressionMonths = weibullTime(u(), hm.pfsScaleMonths, hm.pfsShape, lp.pfsTotal + lp.pfsUnmeasured);
  const entryMonths = o.accrualMonths * rng.uniform();
  const admin = o.accrualMonths + o.minFollowUpMonths - entryMonths;
  const dropout = hm.dropoutRatePerMonth > 0 ? -Math.log(u()) / hm.dropoutRatePerMonth : Infinity;
  const censorMonths = Math.min(admin, dropout);
  const pfsTrue = Math.min(deathMonths, progressionMonths);
  const obs = (t: number) => Math.max(0.01, roundTo(Math.min(t, censorMonths), 3));
  const osEvent = deathMonths <= censorMonths ? 1 : 0;
  const pfsEvent = pfsTrue <= censorMonths ? 1 : 0;
  return {
    entryMonths,
    deathMonths,
    progressionMonths,
    censorMonths,
    osMonths: obs(deathMonths),
    osEvent,
    pfsMonths: obs(pfsTrue),
    pfsEvent,
    pfsEventType: pfsEvent ? (progressionMonths < deathMonths ? 'progression' : 'death') : 'censored',
  };
}
