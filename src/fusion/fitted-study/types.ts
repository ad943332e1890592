import type { DesignFactor, DesignTerm, DesignTermSpec, SurvivalForestJson } from '../../survival/index.js';
import type { OutcomeId } from '../cohort-data.js';
import type { ModelFamily } from '../fit-models.js';
import type { ForestModelOptions } from '../forest-model.js';
import type { RadiomicsModelSettings } from '../radiomics-model/index.js';
import type { RadiomicsSettings } from '../../radiomics/index.js';

/** File format tag and version of `models/fitted-study.json`. */
export const FITTED_STUDY_FORMAT = 'mmf-fitted-study';
export const FITTED_STUDY_VERSION = 1;

/** One raw input column of a fitted model and how it becomes a model column. */
export interface FittedInput {
  /** Column of the new patients' table (as in the study manifest). */
  readonly column: string;
  /** Column the design uses (`log10p1_<column>` for a log10(1 + x) transform). */
  readonly modelColumn: string;
  readonly kind: 'numeric' | 'factor';
  /**
   * `log10p1`: log10(1 + x). The landmark model's two inputs: `response_group` maps an mRECIST
   * category to its group (CR and PR pooled); `landmark_scan` is the week of the response scan,
   * which must be at or before the landmark (it is not a design column).
   */
  readonly transform: 'none' | 'log10p1' | 'response_group' | 'landmark_scan';
}

/**
 * How a landmark model is scored: it predicts for a patient still alive and followed at the
 * landmark whose response was assessed by then, with the horizons counted FROM the landmark
 * (S(h) is the probability of surviving h more months). Fitted on the training patients of the
 * landmark population (`landmarkPopulation`), times restarted at the landmark.
 */
export interface FittedLandmark {
  readonly months: number;
  readonly weeks: number;
  /** Raw response column (mRECIST category) and the column of the scan's week. */
  readonly responseColumn: string;
  readonly scanWeeksColumn: string;
}

/** Risk-group cut-offs learned on the TRAINING patients' risks: group = #{c : risk > c}. */
export interface FittedRiskGroups {
  readonly method: string;
  readonly cutoffs: readonly number[];
  readonly labels: readonly string[];
  readonly nTraining: number;
}

/** What every exported model carries: identity, its raw inputs and their design coding, training size, horizons, risk groups. */
export interface FittedModelBase {
  readonly id: string;
  readonly label: string;
  readonly family: ModelFamily;
  readonly outcome: OutcomeId;
  readonly terms: readonly DesignTermSpec[];
  readonly inputs: readonly FittedInput[];
  readonly design: { readonly p: number; readonly names: readonly string[]; readonly terms: readonly DesignTerm[]; readonly factors: readonly DesignFactor[] };
  readonly n: number;
  readonly events: number;
  readonly horizonsMonths: readonly number[];
  readonly riskGroups: FittedRiskGroups | null;
}

/**
 * A Cox model of the study reduced to what scoring a NEW patient needs, without the training
 * data: design coding (term order, factor levels and reference), coefficients, the training means
 * used for centring, the coefficient covariance, and the centred baseline curve as a step function
 * with the two cumulative Tsiatis-variance building blocks (so S(t | x) gets the same confidence
 * interval as R `survfit.coxph`), plus the risk-group cut-offs learned on training predictions.
 */
export interface FittedCoxModel extends FittedModelBase {
  /** 'cox' (absent in files written before forests were exported). */
  readonly kind?: 'cox';
  /** β̂ per design column (an aliased column has 0). */
  readonly coef: readonly number[];
  /** Training means of the design columns: lp = (x − means)'β̂. */
  readonly means: readonly number[];
  /** Covariance of β̂, p × p row-major. */
  readonly variance: readonly number[];
  readonly ties: 'efron' | 'breslow' | 'exact';
  /** Baseline hazard type of the curve (R `ctype`): 2 = Efron-adjusted Breslow (R's default after an Efron fit), 1 = Breslow. */
  readonly hazardType: 1 | 2;
  /** Centred baseline (at `means`) as a right-continuous step function at every distinct training exit time (months). */
  readonly baseline: {
    readonly time: readonly number[];
    /** Λ0(t). */
    readonly cumhaz: readonly number[];
    /** Σ_{t_k ≤ t} var-hazard increments (first Tsiatis term). */
    readonly varHazard: readonly number[];
    /** Σ_{t_k ≤ t} dΛ0(t_k) x̄(t_k), T × p row-major (second Tsiatis term). */
    readonly xbar: readonly number[];
  };
  /** Λ0 at each horizon (the step function read at h). */
  readonly baselineAtHorizons: readonly { readonly horizonMonths: number; readonly cumhaz: number }[];
  readonly coefficients: readonly { name: string; coef: number | null; hazardRatio: number | null; lower95: number | null; upper95: number | null; p: number | null }[];
  /** Set for the mRECIST landmark model (absent or null otherwise): horizons count from the landmark. */
  readonly landmark?: FittedLandmark | null;
}

/**
 * The study's random survival forest (MMF `mmf-rsf`) reduced to what scoring a NEW patient needs:
 * the design coding of its inputs (as a Cox model's) and the forest itself
 * (`survivalForestToJson`). Its risk is the forest mortality Σ_t Ĥ(t | x) over the training death
 * times, S(h | x) = exp(−Ĥ(h | x)), exactly as the study scores non-training patients. The risk-group
 * cut-offs are learned on the training patients' out-of-bag risks (the study's training predictions).
 * There is no confidence interval: a forest has no closed-form variance of S(h | x).
 */
export interface FittedForestModel extends FittedModelBase {
  readonly kind: 'forest';
  readonly options: ForestModelOptions;
  /** Harrell C of the training patients' out-of-bag risks. */
  readonly oobConcordance: number;
  readonly forest: SurvivalForestJson;
}

/** ComBat parameters of the selected features learned on the TRAINING patients (`fitComBat`, restricted to those features). */
export interface FittedComBat {
  /** Cohort column holding the centre (batch) label. */
  readonly centreColumn: string;
  /**
   * The study's rule for centres without training patients. `none`: the study left them unharmonised,
   * so does `mmf predict` (with an `unknown_level` warning). `standardise`: the study standardised them
   * with the moments of that centre's own patients in the cohort, which cannot be reproduced for a
   * new patient alone, so `mmf predict` refuses them (`unknown_level` error; with `skipInvalid` a warning).
   */
  readonly unseenCentres: 'standardise' | 'none';
  /** Grand mean α and pooled within-centre SD σ per selected feature (the standardisation Z = (x − α)/σ). */
  readonly alpha: readonly number[];
  readonly sigma: readonly number[];
  /** Per training centre: EB location γ* and scale δ²* per selected feature; x* = σ (Z − γ*)/√δ²* + α. */
  readonly centres: readonly { readonly centre: string; readonly n: number; readonly gammaStar: readonly number[]; readonly deltaStar2: readonly number[] }[];
}

/** How raw radiomic features of a new patient become the radiomics model's one design column. */
export interface FittedRadiomicsPipeline {
  /** Design column of the score (`radiomics_score`); the Cox part of the model has this one term. */
  readonly scoreColumn: string;
  /**
   * The LASSO-selected features (`tumour.<id>` / `ring.<id>`, raw extraction scale) and their
   * coefficients: score = Σ coef · x (x harmonised first when `combat` is set). There is no other
   * per-feature standardisation: the LASSO coefficients are on the original feature scale.
   */
  readonly selected: readonly { readonly feature: string; readonly coef: number }[];
  readonly combat: FittedComBat | null;
  /** How the study extracted the features (for `mmf predict --images`): its radiomics settings and the resolved IBSI settings. */
  readonly extraction: { readonly phase: string; readonly imageColumn: string; readonly maskColumn: string; readonly settings: RadiomicsModelSettings; readonly resolved: RadiomicsSettings };
  readonly lasso: { readonly lambda: number; readonly rule: string; readonly featuresExtracted: number; readonly featuresInLasso: number };
}

/**
 * The radiomics comparator (LASSO-Cox on IBSI features) reduced to what scoring a NEW patient needs:
 * the feature pipeline (selected features, coefficients, ComBat parameters, extraction settings) and
 * the one-variable Cox calibration of the score with everything a {@link FittedCoxModel} carries.
 * `inputs` are the raw feature columns (and the centre column with ComBat); `terms` / `design` the score.
 */
export interface FittedRadiomicsModel extends Omit<FittedCoxModel, 'kind'> {
  readonly kind: 'radiomics';
  readonly radiomics: FittedRadiomicsPipeline;
}

/** Any exported model (a Cox model when `kind` is absent). */
export type FittedModel = FittedCoxModel | FittedForestModel | FittedRadiomicsModel;

/** A model of the study that the fitted-study file does not carry, and why. */
export interface NotExported {
  readonly outcome: OutcomeId;
  readonly model: string;
  readonly reason: string;
}

/** `models/fitted-study.json`: everything needed to score new patients with the study's Cox-type models (the mRECIST landmark model included), its MMF forest and its radiomics model. */
export interface FittedStudy {
  readonly format: typeof FITTED_STUDY_FORMAT;
  readonly version: typeof FITTED_STUDY_VERSION;
  readonly createdAt: string;
  /** `build`: the code's fingerprint (`buildFingerprint`, as in the study's provenance.json); absent in files of earlier versions. */
  readonly software: { readonly package: string; readonly version: string; readonly build?: string; readonly node: string };
  readonly cohort: {
    readonly name: string;
    readonly synthetic: boolean;
    readonly source: string;
    readonly counts: Readonly<Record<string, number>>;
    /** SHA-256 of the manifest descriptor and every table read. */
    readonly inputs: Readonly<Record<string, string>>;
    /** Hash of the cohort content (every cell and the split); part of every study-store key. */
    readonly contentHash: string;
  };
  /** SHA-256 of the canonical JSON of `settings`. */
  readonly settingsHash: string;
  readonly settings: unknown;
  readonly timeUnit: 'months';
  /** Patient id column of the cohort table. */
  readonly patientIdColumn: string;
  readonly models: readonly FittedModel[];
  readonly notExported: readonly NotExported[];
}
