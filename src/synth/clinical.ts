import type { AlbiResult, AscitesGrade, BclcStage, ChildPughResult, EncephalopathyGrade } from '../core/clinical/index.js';
import { albi, ASCITES_GRADES, bclcStage, bloodRatios, childPugh, crafity, ENCEPHALOPATHY_GRADES, upToSeven } from '../core/clinical/index.js';
import { normalCdf } from '../core/distributions.js';
import { HccError } from '../core/errors.js';
import type { Result } from '../core/issues.js';
import type { Rng } from '../core/rng.js';
import type { ClinicalModel } from './clinical-model.js';
import { SIZE_LOADING } from './clinical-model.js';
import { categoryOfLatent, categoryOfUniform, correlatedNormal, logLinearQuantile, roundTo } from './variates.js';

export type Aetiology = 'HBV' | 'HCV' | 'non-viral';
export type Regimen = 'PD-1+TKI' | 'PD-(L)1+bevacizumab' | 'ICI-mono/other';
export const REGIMENS: readonly Regimen[] = ['PD-1+TKI', 'PD-(L)1+bevacizumab', 'ICI-mono/other'];

/** Latent factors (standard normal before centre shifts); never written to the clinical table. */
export interface ClinicalLatents {
  /** Tumour aggressiveness (higher = worse). */
  readonly tumour: number;
  /** Liver dysfunction (higher = worse). */
  readonly liver: number;
  /** Systemic inflammation. */
  readonly inflammation: number;
}

/** One synthetic patient's baseline clinical record (what a study's clinical table holds). */
export interface SynthPatient {
  readonly id: string;
  /** 0-based generation index: patient i is the same whatever the cohort size. */
  readonly index: number;
  readonly centre: string;
  readonly ageYears: number;
  readonly sex: 'M' | 'F';
  readonly aetiology: Aetiology;
  readonly ecog: number;
  readonly bilirubinUmolPerL: number;
  readonly albuminGPerL: number;
  readonly inr: number;
  readonly ascites: AscitesGrade;
  readonly encephalopathy: EncephalopathyGrade;
  readonly childPugh: ChildPughResult;
  readonly albi: AlbiResult;
  readonly afpNgPerMl: number;
  readonly crpMgPerDl: number;
  readonly crafity: 0 | 1 | 2;
  /** 10^9/L. */
  readonly neutrophils: number;
  readonly lymphocytes: number;
  readonly platelets: number;
  readonly nlr: number;
  readonly plr: number;
  readonly tumourCount: number;
  readonly largestDiameterCm: number;
  readonly upToSevenWithin: boolean;
  /** Portal vein invasion grade Vp0–Vp4 (0 = none). */
  readonly vp: 0 | 1 | 2 | 3 | 4;
  readonly ehs: { readonly lung: boolean; readonly lymphNode: boolean; readonly bone: boolean; readonly peritoneum: boolean };
  readonly bclc: BclcStage;
  readonly regimen: Regimen;
  /** 1 = first line, 2 = second or later. */
  readonly line: 1 | 2;
  readonly priorTace: boolean;
  readonly combinedLocoregional: boolean;
  readonly latent: ClinicalLatents;
}

/** MVI present (any Vp grade). */
export function hasMvi(p: SynthPatient): boolean {
  return p.vp > 0;
}

/** Any extrahepatic spread. */
export function hasEhs(p: SynthPatient): boolean {
  return p.ehs.lung || p.ehs.lymphNode || p.ehs.bone || p.ehs.peritoneum;
}

function must<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new HccError('E_INTERNAL', `synth: generated ${what} failed its own validation`, { issues: r.issues });
  return r.value;
}

/** Patient id for a generation index (fixed width, independent of cohort size). */
export function patientId(index: number): string {
  return `SYN${String(index + 1).padStart(5, '0')}`;
}

function drawLiver(rng: Rng, m: ClinicalModel, shift: number, tumour: number) {
  const p = m.config.population;
  const rho = p.liverLoading;
  for (let attempt = 0; ; attempt++) {
    const r = rng.fork(`liver-${attempt}`);
    const liver = correlatedNormal(r, tumour, 0.2) + shift;
    const albuminGPerL = roundTo(Math.min(55, Math.max(15, p.albuminMeanGPerL - p.albuminSdGPerL * correlatedNormal(r, liver, rho))), 1);
    const bilirubinUmolPerL = roundTo(Math.min(200, Math.max(2, 10 ** (Math.log10(p.bilirubinMedianUmolPerL) + p.bilirubinLog10Sd * correlatedNormal(r, liver, rho)))), 1);
    const inr = roundTo(0.9 + 0.25 * Math.exp(0.5 * correlatedNormal(r, liver, rho)), 2);
    const ascites = ASCITES_GRADES[categoryOfLatent(correlatedNormal(r, liver, rho), p.ascitesShares)];
    const encephalopathy = ENCEPHALOPATHY_GRADES[categoryOfLatent(correlatedNormal(r, liver, rho), p.encephalopathyShares)];
    const cp = must(childPugh({ bilirubinUmolPerL, albuminGPerL, inr, ascites, encephalopathy }), 'Child-Pugh items');
    // ICI cohorts exclude Child-Pugh C (trial eligibility); redraw the liver block.
    if (cp.childPughClass !== 'C' || attempt >= 200) return { liver, albuminGPerL, bilirubinUmolPerL, inr, ascites, encephalopathy, cp };
  }
}

function drawEhsSites(rng: Rng, m: ClinicalModel): SynthPatient['ehs'] {
  for (let k = 0; k < 1000; k++) {
    const d = m.ehsSiteDraw.map((q) => rng.uniform() < q);
    if (d.some(Boolean)) return { lung: d[0], lymphNode: d[1], bone: d[2], peritoneum: d[3] };
  }
  return { lung: true, lymphNode: false, bone: false, peritoneum: false };
}

/**
 * Generate patient `index` from its own stream `rng` (the caller forks it per patient from the
 * cohort seed). Correlations come from three latent factors: tumour aggressiveness (MVI, EHS,
 * ECOG, size, AFP, CRP, NLR), liver dysfunction (albumin, bilirubin, INR, ascites, encephalopathy;
 * 0.2 correlated with the tumour factor) and inflammation (CRP, NLR, PLR). Scores (Child-Pugh,
 * ALBI, CRAFITY, NLR/PLR, up-to-seven, BCLC) are computed by the shared rules in core/clinical.
 */
export function generatePatient(index: number, rng: Rng, m: ClinicalModel): SynthPatient {
  const p = m.config.population;
  const cu = rng.fork('centre').uniform();
  let ci = m.centreCumulative.findIndex((c) => cu < c);
  if (ci < 0) ci = m.centres.length - 1;
  const centre = m.centres[ci];

  const demo = rng.fork('demographics');
  const ageYears = Math.round(Math.min(p.ageRangeYears[1], Math.max(p.ageRangeYears[0], p.ageMeanYears + centre.ageShiftYears + p.ageSdYears * demo.normal())));
  const sex = demo.uniform() < p.maleShare ? 'M' : 'F';
  const hbv = centre.hbvShare ?? p.aetiology.hbv;
  const rest = (1 - hbv) / (p.aetiology.hcv + p.aetiology.nonViral);
  const aetiology = (['HBV', 'HCV', 'non-viral'] as const)[categoryOfUniform(demo.uniform(), [hbv, p.aetiology.hcv * rest, p.aetiology.nonViral * rest])];

  const lat = rng.fork('latent');
  const tumourRaw = lat.normal();
  const tumour = tumourRaw + centre.tumourShift;
  const inflammation = lat.normal();

  const adv = rng.fork('advanced');
  const lam = m.advancedLoading;
  const mvi = correlatedNormal(adv, tumour, lam) > m.mviThreshold;
  const ehsAny = correlatedNormal(adv, tumour, lam) > m.ehsThreshold;
  const ecogLatent = correlatedNormal(adv, tumour, lam);
  const ecog = ecogLatent < m.ecogCuts[0] ? 0 : ecogLatent < m.ecogCuts[1] ? 1 : 2;
  const vp = mvi ? ((1 + categoryOfUniform(adv.uniform(), p.vpShares)) as 1 | 2 | 3 | 4) : 0;
  const ehs = ehsAny ? drawEhsSites(adv.fork('sites'), m) : { lung: false, lymphNode: false, bone: false, peritoneum: false };

  const tum = rng.fork('tumour');
  const sizeLatent = correlatedNormal(tum, tumour, SIZE_LOADING);
  let largestDiameterCm = roundTo(Math.min(p.diameterRangeCm[1], Math.max(p.diameterRangeCm[0], p.diameterMedianCm * Math.exp(p.diameterLogSd * sizeLatent))), 1);
  const noAdvanced = !mvi && !ehsAny && ecog === 0;
  const countClass = noAdvanced ? (tum.uniform() < p.twoToThreeAmongB ? 1 : 2) : categoryOfUniform(tum.uniform(), m.countSharesAdvanced);
  const twoOrThree = tum.uniform() < 0.55 ? 2 : 3;
  const many = 4 + Math.min(6, Math.floor(Math.log(1 - tum.uniform()) / Math.log(0.6)));
  const tumourCount = countClass === 0 ? 1 : countClass === 1 ? twoOrThree : many;
  // A patient free of MVI/EHS/symptoms with 2-3 nodules all <= 3 cm would be BCLC A, rarely given ICI:
  // give the largest nodule 3.1-5 cm instead (BCLC B), keeping the count distribution.
  const bumpCm = roundTo(3.1 + 1.9 * tum.uniform(), 1);
  if (noAdvanced && tumourCount <= 3 && largestDiameterCm <= 3) largestDiameterCm = bumpCm;

  const labs = rng.fork('labs');
  const afpNgPerMl = roundTo(logLinearQuantile(normalCdf(correlatedNormal(labs, tumour, 0.5)), p.afpQuantiles), 1);
  const crpLatent = 0.45 * tumour + 0.45 * inflammation + Math.sqrt(1 - 2 * 0.45 * 0.45) * labs.normal();
  const crpMgPerDl = Math.max(0.01, roundTo(p.crpMedianMgPerDl * 10 ** (m.crpLog10Sd * crpLatent), 2));
  const nlrLatent = 0.3 * tumour + 0.6 * inflammation + Math.sqrt(1 - 0.09 - 0.36) * labs.normal();
  const plrLatent = correlatedNormal(labs, nlrLatent, 0.5);
  const lymphocytes = Math.max(0.1, roundTo(p.lymphocyteMedian * Math.exp(0.35 * labs.normal()), 2));
  const neutrophils = Math.min(50, Math.max(0.1, roundTo(lymphocytes * p.nlrMedian * Math.exp(m.nlrLogSd * nlrLatent), 2)));
  const platelets = Math.min(900, Math.max(5, Math.round(lymphocytes * p.plrMedian * Math.exp(m.plrLogSd * plrLatent))));
  const ratios = must(bloodRatios({ neutrophils, lymphocytes, platelets }), 'blood counts');

  const lv = drawLiver(rng.fork('liver'), m, centre.liverShift, tumourRaw);
  const albiResult = must(albi({ bilirubinUmolPerL: lv.bilirubinUmolPerL, albuminGPerL: lv.albuminGPerL }), 'ALBI');
  const craf = must(crafity({ afpNgPerMl, crpMgPerDl }), 'CRAFITY');
  const bclc = must(bclcStage({ ecog, childPughClass: lv.cp.childPughClass, macrovascularInvasion: mvi, extrahepaticSpread: ehsAny, tumourCount, largestDiameterCm }), 'BCLC').stage;
  const u7 = must(upToSeven({ tumourCount, largestDiameterCm }), 'up-to-seven');

  const tx = rng.fork('treatment');
  const regimen = REGIMENS[categoryOfUniform(tx.uniform(), p.regimenShares)];
  const line = tx.uniform() < p.firstLineShare ? 1 : 2;
  const priorTace = tx.uniform() < (bclc === 'C' || bclc === 'D' ? p.priorTaceShareC : p.priorTaceShareB);
  const combinedLocoregional = tx.uniform() < p.combinedLocoregionalShare;

  return {
    id: patientId(index),
    index,
    centre: centre.id,
    ageYears,
    sex,
    aetiology,
    ecog,
    bilirubinUmolPerL: lv.bilirubinUmolPerL,
    albuminGPerL: lv.albuminGPerL,
    inr: lv.inr,
    ascites: lv.ascites,
    encephalopathy: lv.encephalopathy,
    childPugh: lv.cp,
    albi: albiResult,
    afpNgPerMl,
    crpMgPerDl,
    crafity: craf.score,
    neutrophils,
    lymphocytes,
    platelets,
    nlr: ratios.nlr,
    plr: ratios.plr,
    tumourCount,
    largestDiameterCm,
    upToSevenWithin: u7.within,
    vp,
    ehs,
    bclc,
    regimen,
    line,
    priorTace,
    combinedLocoregional,
    latent: { tumour, liver: lv.liver, inflammation },
  };
}

/** Stream of patient `index` under cohort seed stream `root`. */
export function patientRng(root: Rng, index: number): Rng {
  return root.fork(`patient:${index}`);
}

/** Generate patients 0..n−1. */
export function generatePatients(n: number, root: Rng, m: ClinicalModel): SynthPatient[] {
  return Array.from({ length: n }, (_, i) => generatePatient(i, patientRng(root, i).fork('clinical'), m));
}
