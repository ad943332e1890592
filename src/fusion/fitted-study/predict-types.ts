import type { DerivedInputIssues } from './image-cells.js';

/** One prediction: a patient, an outcome's model, a horizon. */
export interface PatientPrediction {
  readonly patientId: string;
  readonly outcome: string;
  readonly model: string;
  /**
   * The study's `predictions.csv` `risk`: (x − training means)'β̂ for a Cox model; for the forest
   * (`mmf-rsf`) its mortality Σ_t Ĥ(t | x) over the training death times.
   */
  readonly linearPredictor: number;
  /** By the training cut-off(s): 'low' / 'high' (or 'intermediate' with tertiles); null when the model has none. */
  readonly riskGroup: string | null;
  readonly horizonMonths: number;
  /**
   * The landmark (months) of a landmark model (mRECIST), else null. With a landmark, the horizon
   * counts from it and S is the probability, for a patient alive at the landmark, of surviving
   * `horizonMonths` more months.
   */
  readonly landmarkMonths: number | null;
  /** S(h | x) = exp(−Λ0(h) e^{lp}) (Cox); exp(−Ĥ(h | x)) (forest). */
  readonly survival: number;
  /**
   * 95 % CI of S(h | x) on the log scale with the Tsiatis variance (R `survfit.coxph` defaults); NaN
   * only where R gives NA. null for the forest: it has no closed-form variance of S(h | x) (an
   * infinitesimal-jackknife interval would need each tree's in-bag counts, which are not kept).
   */
  readonly lower95: number | null;
  readonly upper95: number | null;
  /** Standard error of Λ(h | x) (= se of log S); null for the forest. */
  readonly stdErrCumhaz: number | null;
}

/** Options of `predictFittedStudy`. */
export interface PredictFittedOptions {
  /** Name of the table in issues (file name). */
  readonly source?: string;
  /** Patient id column (default: the study's, `patient_id`). */
  readonly idColumn?: string;
  /** Score only these model ids (default every model). */
  readonly models?: readonly string[];
  /** Only these outcomes (default every outcome). */
  readonly outcomes?: readonly string[];
  /** A patient × model that cannot be scored is left out with a warning (default: every problem is an error). */
  readonly skipInvalid?: boolean;
  /** Confidence level (default 0.95). */
  readonly confLevel?: number;
  /**
   * Problems of the steps that derived input columns from the patients' images (`--images`,
   * `--dl-model`): a derived cell left empty is reported by the problem that emptied it (once,
   * with the models that needed it) instead of as a `missing_value` of the derived column.
   */
  readonly derived?: readonly DerivedInputIssues[];
}

/** Result of `predictFittedStudy`. */
export interface FittedPredictions {
  readonly rows: readonly PatientPrediction[];
  readonly models: readonly { outcome: string; model: string; scored: number }[];
}
