import { z } from 'zod';
import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError } from '../core/issues.js';
import { unknownKeyIssues, unknownKeyIssuesOfRejected } from '../core/unknown-keys.js';
import { imageConfigSchema } from './phantom/image-config.js';

/**
 * Configuration of the synthetic cohort generator. Every default is documented in
 * docs/synthetic-cohort.md with its source (cohort-priors.md §3.3 unless stated); [D] marks an
 * engineering choice. The inferred type `SynthConfig` is the type.
 */

const share = z.number().min(0).max(1);
const logHr = z.number().min(-5).max(5);

/** A centre (hospital) and how its case mix differs from the reference mix. */
export const centreSchema = z.object({
  id: z.string().min(1),
  /** Relative share of patients (normalised over the centres used). */
  weight: z.number().positive(),
  /** Shift of the mean of the tumour-aggressiveness latent factor (SD units) [D]. */
  tumourShift: z.number().min(-2).max(2).default(0),
  /** Shift of the mean of the liver-dysfunction latent factor (SD units) [D]. */
  liverShift: z.number().min(-2).max(2).default(0),
  /** Years added to the mean age [D]. */
  ageShiftYears: z.number().min(-20).max(20).default(0),
  /** HBV share at this centre (null: the population share). */
  hbvShare: share.nullable().default(null),
});
export type CentreConfig = z.infer<typeof centreSchema>;

/** Default four centres [D]: a large training centre, an internal one, two external with shifted case mixes. */
export const DEFAULT_CENTRES: readonly CentreConfig[] = [
  { id: 'C1', weight: 0.45, tumourShift: 0, liverShift: 0, ageShiftYears: 0, hbvShare: null },
  { id: 'C2', weight: 0.2, tumourShift: -0.15, liverShift: 0.1, ageShiftYears: 2, hbvShare: null },
  { id: 'C3', weight: 0.2, tumourShift: 0.2, liverShift: -0.1, ageShiftYears: -2, hbvShare: 0.9 },
  { id: 'C4', weight: 0.15, tumourShift: -0.1, liverShift: 0.15, ageShiftYears: 4, hbvShare: 0.7 },
];

const populationSchema = z.object({
  ageMeanYears: z.number().default(55),
  ageSdYears: z.number().positive().default(11),
  ageRangeYears: z.tuple([z.number(), z.number()]).default([25, 85]),
  maleShare: share.default(0.86),
  aetiology: z.object({ hbv: share.default(0.85), hcv: share.default(0.04), nonViral: share.default(0.11) }).prefault({}),
  /** ECOG 0 / 1 / 2 shares. */
  ecogShares: z.tuple([share, share, share]).default([0.55, 0.4, 0.05]),
  mviShare: share.default(0.45),
  /** Vp1 / Vp2 / Vp3 / Vp4 among MVI (Vp1–2 30 % split 12/18 [D]). */
  vpShares: z.tuple([share, share, share, share]).default([0.12, 0.18, 0.4, 0.3]),
  ehsShare: share.default(0.38),
  /** Share of EHS patients with each site (non-exclusive). */
  ehsSites: z.object({ lung: share.default(0.5), lymphNode: share.default(0.35), bone: share.default(0.25), peritoneum: share.default(0.2) }).prefault({}),
  /** Share of BCLC B (no MVI, no EHS, ECOG 0); the rest is C. */
  bclcBShare: share.default(0.28),
  /** Tumour number 1 / 2–3 / > 3 shares. */
  tumourCountShares: z.tuple([share, share, share]).default([0.35, 0.25, 0.4]),
  /** Share of 2–3 nodules among BCLC B patients [D]. */
  twoToThreeAmongB: share.default(0.4),
  diameterMedianCm: z.number().positive().default(7),
  /** Log-normal SD of the largest diameter: IQR 4–11 cm around 7 cm gives ≈ 0.75. */
  diameterLogSd: z.number().positive().default(0.75),
  diameterRangeCm: z.tuple([z.number(), z.number()]).default([1, 20]),
  /** Anchors (cumulative probability, AFP ng/mL) of a piecewise log-linear quantile function [D]: AFP ≥ 400 in 42 %, ≥ 100 in 50 %. */
  afpQuantiles: z.array(z.tuple([share, z.number().positive()])).min(2).default([[0, 1], [0.4, 20], [0.5, 100], [0.58, 400], [0.8, 3000], [0.95, 30000], [1, 1000000]]),
  crpMedianMgPerDl: z.number().positive().default(0.4),
  crpHighShare: share.default(0.25),
  nlrMedian: z.number().positive().default(3),
  nlrHighShare: share.default(0.25),
  plrMedian: z.number().positive().default(130),
  plrHighShare: share.default(0.1),
  lymphocyteMedian: z.number().positive().default(1.3),
  /** Albumin g/L and log10 bilirubin µmol/L as functions of the liver latent factor (tuned to the Child-Pugh / ALBI targets) [D]. */
  albuminMeanGPerL: z.number().default(38.6),
  albuminSdGPerL: z.number().positive().default(5.8),
  bilirubinMedianUmolPerL: z.number().positive().default(15),
  bilirubinLog10Sd: z.number().positive().default(0.3),
  /** Loading of albumin / bilirubin / INR / ascites on the liver factor [D]. */
  liverLoading: share.default(0.55),
  /** Ascites none / mild / moderate-severe [D]. */
  ascitesShares: z.tuple([share, share, share]).default([0.78, 0.19, 0.03]),
  encephalopathyShares: z.tuple([share, share, share]).default([0.98, 0.02, 0]),
  /** PD-1 + TKI / PD-(L)1 + bevacizumab / ICI monotherapy or other. */
  regimenShares: z.tuple([share, share, share]).default([0.6, 0.25, 0.15]),
  firstLineShare: share.default(0.7),
  /** Prior TACE: higher in BCLC B [D]. */
  priorTaceShareB: share.default(0.5),
  priorTaceShareC: share.default(0.3),
  /** Locoregional therapy (TACE/HAIC) combined with the ICI. */
  combinedLocoregionalShare: share.default(0.4),
});

/** Log hazard ratios of the OS model (cohort-priors.md §3.3). */
const osEffectsSchema = z.object({
  mvi: logHr.default(0.59),
  vp4: logHr.default(0.3),
  ehs: logHr.default(0.34),
  afp400: logHr.default(0.41),
  albiGrade2: logHr.default(0.53),
  albiGrade3: logHr.default(1.03),
  childPughB: logHr.default(0.69),
  ecog1plus: logHr.default(0.53),
  crp1: logHr.default(0.53),
  nlr5: logHr.default(0.47),
  diameter10: logHr.default(0.5),
  count4plus: logHr.default(0.2),
  combination: logHr.default(-0.3),
});
export type ClinicalEffects = z.infer<typeof osEffectsSchema>;

/** Log hazard ratios of the latent imaging traits [D] (signs from cohort-priors.md §4.4). */
const imagingEffectsSchema = z.object({
  /** Hypovascular index tumour (no APHE). */
  apheAbsent: logHr.default(0.7),
  infiltrativeMargin: logHr.default(0.7),
  /** Peritumoral / rim arterial enhancement (protective under ICI). */
  rimEnhancement: logHr.default(-0.75),
  /** Per SD of logit necrosis fraction. */
  necrosisPerSd: logHr.default(0.2),
  /** Per SD of the texture heterogeneity score. */
  heterogeneityPerSd: logHr.default(0.65),
});
export type ImagingEffects = z.infer<typeof imagingEffectsSchema>;

const outcomesSchema = z.object({
  osMedianMonths: z.number().positive().default(19),
  osShape: z.number().positive().default(1.2),
  pfsMedianMonths: z.number().positive().default(6.5),
  pfsShape: z.number().positive().default(1.05),
  /** PFS log-HRs = this factor × OS log-HRs (clinical and imaging). */
  pfsEffectFactor: z.number().min(0).max(2).default(0.7),
  os: osEffectsSchema.prefault({}),
  /**
   * SD of an unmeasured patient-level log-frailty (neither in the table nor in the images) [D]:
   * keeps the achievable C-index near the published ones (clinical ≈ 0.67–0.70, fused ≈ 0.74).
   */
  unmeasuredSd: z.number().min(0).max(3).default(1.4),
  imaging: imagingEffectsSchema.prefault({}),
  /** Uniform accrual window and minimum follow-up after the last entry (administrative censoring). */
  accrualMonths: z.number().positive().default(30),
  minFollowUpMonths: z.number().min(0).default(12),
  /** Share lost to follow-up within 24 months (exponential drop-out). */
  dropoutBy24Months: share.default(0.05),
  /** Size and seed of the fixed reference population the Weibull scales are calibrated on. */
  calibrationPatients: z.number().int().min(500).default(10000),
  calibrationSeed: z.number().int().default(20250614),
});

const followUpSchema = z.object({
  /** First response scan, weeks after ICI start (uniform). */
  scanWeeks: z.tuple([z.number().positive(), z.number().positive()]).default([6, 9]),
  /** Correlation of the response propensity with −(standardised PFS risk) [D]. */
  propensityRiskCorrelation: share.default(0.35),
  /** Viable-sum log ratio = mean − sd · propensity (non-progressors) [D, tuned to ORR ≈ 30 %]. */
  viableLogRatioMean: z.number().default(-0.12),
  viableLogRatioSd: z.number().positive().default(0.45),
  /** Propensity above this quantile of N(0, 1) → complete viable response [D, CR ≈ 5–10 %]. */
  completeResponseQuantile: share.default(0.9),
  /** Whole-lesion ratio = viable ratio ^ this (necrosis is not credited by RECIST) [D]. */
  wholeExponent: z.number().min(0).max(1).default(0.7),
  /** Share of early progressions shown by a new lesion (else target growth) [D]. */
  newLesionShareOfPd: share.default(0.4),
});

const rnaseqSchema = z.object({
  /** Share of patients with RNA-seq. */
  fraction: share.default(0.3),
  /** GMT file whose genes form the universe (null: data/genesets/ WikiPathways file shipped with the package). */
  geneSetFile: z.string().nullable().default(null),
  /** Gene set whose members rise with risk: a name containing this text (e.g. "WP4172", "HALLMARK_PI3K_AKT_MTOR_SIGNALING"). */
  programmeSet: z.string().min(1).default('WP4172'),
  /** log2 fold change per SD of the latent OS risk, for responding members. */
  log2FcPerRiskSd: z.number().min(-5).max(5).default(0.5),
  /** Share of programme members that respond [D]. */
  responderFraction: share.default(0.6),
  libraryMedian: z.number().positive().default(2e7),
  libraryLogSd: z.number().min(0).default(0.25),
  /** Log-abundance SD across genes [D]. */
  abundanceLogSd: z.number().positive().default(2),
  /** Dispersion trend φ(μ) = asymptotic + extraPoisson / μ, times log-normal gene-wise scatter (DESeq2's parametric trend). */
  dispersionAsymptotic: z.number().positive().default(0.1),
  dispersionExtraPoisson: z.number().min(0).default(1),
  dispersionLogSd: z.number().min(0).default(0.4),
});

/** The full generator configuration. */
export const synthConfigSchema = z.object({
  /** Folder-name stem; always contains "synthetic". */
  cohortName: z.string().regex(/^[A-Za-z0-9._-]+$/).default('synthetic-hcc-ici'),
  population: populationSchema.prefault({}),
  centres: z.array(centreSchema).min(1).default([...DEFAULT_CENTRES]),
  outcomes: outcomesSchema.prefault({}),
  followUp: followUpSchema.prefault({}),
  rnaseq: rnaseqSchema.prefault({}),
  /** CT phantoms: field of view, resolution, per-centre scanner profiles, mask formats, DICOM share (src/synth/phantom/image-config.ts). */
  images: imageConfigSchema.prefault({}),
});

export type SynthConfig = z.infer<typeof synthConfigSchema>;
export type SynthConfigInput = z.input<typeof synthConfigSchema>;

function sumCheck(issues: Issue[], path: string[], values: readonly number[], what: string): void {
  const s = values.reduce((a, b) => a + b, 0);
  if (Math.abs(s - 1) > 1e-6) issues.push(issueError('bad_option', path, `${what} must sum to 1`, { expected: 'shares summing to 1', received: values.join(' + ') + ` = ${s}` }));
}

/**
 * Parse and check a configuration (defaults filled in). Beyond the schema: share vectors sum to 1,
 * AFP anchors increase, and the tumour-count shares are compatible with the BCLC B share. A key the
 * schema does not know (a typo that would silently keep the default) is an `unknown_key` issue.
 * @throws HccError `E_OPTION` with `bad_option` and `unknown_key` issues.
 */
export function parseSynthConfig(input: unknown = {}): SynthConfig {
  const raw = input ?? {};
  const r = synthConfigSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => issueError('bad_option', i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), i.message));
    issues.push(...unknownKeyIssuesOfRejected(synthConfigSchema, raw));
    throw new HccError('E_OPTION', `synth config: ${issues.length} problem(s)`, { issues });
  }
  const c = r.data;
  const p = c.population;
  const issues: Issue[] = unknownKeyIssues(raw, c, [], synthConfigSchema);
  sumCheck(issues, ['population', 'aetiology'], [p.aetiology.hbv, p.aetiology.hcv, p.aetiology.nonViral], 'aetiology shares');
  sumCheck(issues, ['population', 'ecogShares'], p.ecogShares, 'ECOG shares');
  sumCheck(issues, ['population', 'vpShares'], p.vpShares, 'Vp shares');
  sumCheck(issues, ['population', 'tumourCountShares'], p.tumourCountShares, 'tumour count shares');
  sumCheck(issues, ['population', 'ascitesShares'], p.ascitesShares, 'ascites shares');
  sumCheck(issues, ['population', 'encephalopathyShares'], p.encephalopathyShares, 'encephalopathy shares');
  sumCheck(issues, ['population', 'regimenShares'], p.regimenShares, 'regimen shares');
  const a = p.afpQuantiles;
  for (let k = 1; k < a.length; k++) {
    if (!(a[k][0] > a[k - 1][0] && a[k][1] > a[k - 1][1])) issues.push(issueError('bad_option', ['population', 'afpQuantiles', k], 'AFP anchors must increase in both probability and value'));
  }
  if (a.length && (a[0][0] !== 0 || a[a.length - 1][0] !== 1)) issues.push(issueError('bad_option', ['population', 'afpQuantiles'], 'AFP anchors must start at probability 0 and end at 1'));
  const b = p.bclcBShare;
  const single = p.tumourCountShares[0];
  const two = p.tumourCountShares[1] - b * p.twoToThreeAmongB;
  const many = p.tumourCountShares[2] - b * (1 - p.twoToThreeAmongB);
  if (single > 1 - b + 1e-12 || two < 0 || many < 0) {
    issues.push(issueError('bad_option', ['population', 'bclcBShare'], 'BCLC B patients are multinodular: the tumour-count shares cannot be met with this BCLC B share', { received: `B ${b}, counts ${p.tumourCountShares.join('/')}` }));
  }
  if (!c.cohortName.toLowerCase().includes('synthetic')) issues.push(issueError('bad_option', ['cohortName'], 'the cohort name must contain "synthetic"', { received: c.cohortName }));
  if (c.followUp.scanWeeks[1] < c.followUp.scanWeeks[0]) issues.push(issueError('bad_option', ['followUp', 'scanWeeks'], 'scan window must be [earliest, latest]'));
  const ids = new Set<string>();
  c.centres.forEach((ct, i) => {
    if (ids.has(ct.id)) issues.push(issueError('bad_option', ['centres', i, 'id'], `duplicate centre id ${ct.id}`));
    ids.add(ct.id);
  });
  const scanners = Object.entries(c.images.scanners).concat([['defaultScanner', c.images.defaultScanner]]);
  for (const [id, sc] of scanners) {
    const m = sc.maskFormats;
    if (m.nifti + m.dicomSeg + m.rtstruct <= 0) issues.push(issueError('bad_option', id === 'defaultScanner' ? ['images', 'defaultScanner', 'maskFormats'] : ['images', 'scanners', id, 'maskFormats'], 'at least one mask format share must be positive'));
  }
  if (issues.length) throw new HccError('E_OPTION', `synth config: ${issues.length} problem(s)`, { issues });
  return c;
}
