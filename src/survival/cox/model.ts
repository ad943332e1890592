import type { Issue } from '../../core/issues.js';
import type { DesignTerm } from '../design.js';
import type { SurvivalData } from '../outcome.js';

/**
 * Tie handling of the partial likelihood (R's `coxph(ties = )`): 'efron' (R's default),
 * 'breslow', or 'exact' (the discrete / conditional-logistic likelihood; no case weights).
 */
export type CoxFitTies = 'efron' | 'breslow' | 'exact';

/** Options of `fitCox`. Defaults are R's `coxph.control()`. */
export interface CoxFitOptions {
  /** Default 'efron'. */
  readonly ties?: CoxFitTies;
  /** Convergence: stop when |1 - ℓ_old/ℓ_new| <= eps (default 1e-9). */
  readonly eps?: number;
  /** Maximum Newton-Raphson iterations (default 20). */
  readonly iterMax?: number;
  /** Relative pivot tolerance of the generalised Cholesky (default .Machine$double.eps^0.75). */
  readonly tolerChol?: number;
  /** Infinite-coefficient warning tolerance (default sqrt(eps), R's `toler.inf`). */
  readonly tolerInf?: number;
  /**
   * Robust (sandwich) variance: D'D with D the dfbeta residuals summed within `data.cluster`
   * (one cluster per row when the data have none). Default: true when `data.cluster` is set
   * (R: a `cluster()` term implies robust = TRUE), else false.
   */
  readonly robust?: boolean;
  /** Starting coefficients (default 0), length p. */
  readonly init?: ArrayLike<number>;
  /** Term grouping of the design columns (e.g. from `buildDesign`); default one term per column. */
  readonly terms?: readonly DesignTerm[];
  /** Turn diagnostic warnings (non-convergence, infinite coefficient, aliasing) into an `E_NUMERIC` error. */
  readonly strict?: boolean;
}

/** A chi-square test of all coefficients = 0 (or = init). */
export interface CoxTest {
  readonly statistic: number;
  readonly df: number;
  /** Upper-tail chi-square p-value. */
  readonly p: number;
}

/** The global tests R prints under a Cox fit. */
export interface CoxTests {
  /** Likelihood ratio 2(ℓ(β̂) - ℓ(β0)). */
  readonly likelihoodRatio: CoxTest;
  /** Wald β̂' V⁻¹ β̂ with V the model variance (robust when robust). */
  readonly wald: CoxTest;
  /** Score test U(β0)' I(β0)⁻¹ U(β0) (R's `sctest`). */
  readonly score: CoxTest;
  /** Robust score test (Lin & Wei) from score residuals at β0; null unless robust. */
  readonly robustScore: CoxTest | null;
}

/** One row of the coefficient table. Entries are null for an aliased (singular) column. */
export interface CoxCoefficient {
  readonly name: string;
  readonly coef: number | null;
  /** exp(coef). */
  readonly hazardRatio: number | null;
  /** Standard error from `var` (robust when the fit is robust). */
  readonly se: number | null;
  /** Model-based standard error (equals `se` unless robust). */
  readonly naiveSe: number | null;
  readonly z: number | null;
  /** Two-sided Wald p-value. */
  readonly p: number | null;
  /** exp(coef ∓ z_{0.975} se). */
  readonly lower95: number | null;
  readonly upper95: number | null;
}

/**
 * A fitted Cox proportional-hazards model. Immutable; holds the training data and design so
 * post-estimation (baseline hazard, predicted survival, PH test) can be computed from it.
 */
export interface CoxModel {
  readonly ties: CoxFitTies;
  /** Training outcomes (strata, entry, weights, cluster as fitted). */
  readonly data: SurvivalData;
  /** Uncentred training design, n × p row-major (`x[i*p + j]`). */
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly names: readonly string[];
  readonly terms: readonly DesignTerm[];
  /**
   * Coefficients β̂ (log hazard ratios). An aliased column (see `aliased`) has coef 0 here, so
   * linear predictors can be formed directly; the coefficient table reports it as null.
   */
  readonly coef: Float64Array;
  /** Variance of β̂, p × p row-major: the robust sandwich when robust, else I(β̂)⁻¹. */
  readonly var: Float64Array;
  /** I(β̂)⁻¹ (R's `naive.var` when robust; same values as `var` otherwise). */
  readonly naiveVar: Float64Array;
  readonly robust: boolean;
  /** 1 for a column dropped as linearly dependent (R: coef NA). */
  readonly aliased: Uint8Array;
  /** Rank of the information matrix. */
  readonly rank: number;
  /** Centring point m (R's `fit$means`): weighted column means, 0 for columns with values in {-1, 0, 1}. */
  readonly means: Float64Array;
  /** Log partial likelihood at β0 (init, default 0). */
  readonly loglikNull: number;
  /** Log partial likelihood at β̂. */
  readonly loglik: number;
  /** Number of events (rows with event = 1). */
  readonly nevent: number;
  /** Linear predictors x_i'β̂ - m'β̂, training rows in data order (R's `fit$linear.predictors`). */
  readonly linearPredictors: Float64Array;
  readonly coefficients: readonly CoxCoefficient[];
  readonly tests: CoxTests;
}

/** Likelihood monotone in a direction: the coefficients R flags as "may be infinite". */
export interface MonotoneLikelihood {
  /** 0-based design columns flagged. */
  readonly columns: readonly number[];
  readonly names: readonly string[];
  /** |U(β̂)' V| per column: the size of the next Newton step that was not taken. */
  readonly pendingStep: Float64Array;
}

/** Numerical diagnostics of a fit. */
export interface CoxDiagnostics {
  readonly converged: boolean;
  /** Newton-Raphson iterations, counted as R's `fit$iter`. */
  readonly iterations: number;
  /** Number of step-halvings taken. */
  readonly stepHalvings: number;
  /** `not_converged`, `infinite_coefficient`, `collinear_covariate` warnings. */
  readonly warnings: readonly Issue[];
  readonly monotoneLikelihood: MonotoneLikelihood | null;
}

/** Result of `fitCox`. */
export interface CoxFit {
  readonly model: CoxModel;
  readonly diagnostics: CoxDiagnostics;
}
