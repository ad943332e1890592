import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';

/**
 * ComBat harmonisation of features across centres (batches): empirical-Bayes location/scale
 * adjustment with parametric priors (Johnson, Li & Rabinovic 2007), without biological covariates.
 * The model is FITTED on the training rows only (their centres are the known batches) and then
 * APPLIED to every row; outcomes are never used. For a centre absent from training the choice is
 * explicit (`unseenCentres`): `standardise` estimates that centre's own location and scale on the
 * standardised scale from its features alone (no shrinkage, no outcome), `none` leaves it as it is.
 */

/** Per-feature standardisation and per-centre adjustments learned on the training rows. */
export interface ComBatFit {
  readonly features: readonly string[];
  /** Grand mean α_g of each feature over the training rows. */
  readonly alpha: readonly number[];
  /** Pooled within-centre SD σ_g: σ²_g = Σ_i (x_ig − x̄_{b(i)g})² / n. */
  readonly sigma: readonly number[];
  /** Training centres with their size, priors and EB estimates (γ*, δ²*) per feature. */
  readonly batches: readonly ComBatBatch[];
  readonly iterations: number;
  readonly warnings: readonly Issue[];
}

/** One training centre. */
export interface ComBatBatch {
  readonly centre: string;
  readonly n: number;
  /** Method-of-moments estimates on the standardised scale: γ̂ (mean), δ̂² (variance, n − 1). */
  readonly gammaHat: readonly number[];
  readonly deltaHat2: readonly number[];
  /** Priors: γ ~ N(γ̄, τ²), δ² ~ InvGamma(a, b) (moments across features). */
  readonly gammaBar: number;
  readonly tau2: number;
  readonly a: number;
  readonly b: number;
  /** Posterior (EB) estimates. */
  readonly gammaStar: readonly number[];
  readonly deltaStar2: readonly number[];
}

/** How centres unseen in training are handled. */
export type UnseenCentreRule = 'standardise' | 'none';

/** Result of applying a fit. */
export interface ComBatApplied {
  /** Harmonised matrix (n × p, row-major). */
  readonly x: Float64Array;
  /** Centre → how it was adjusted. */
  readonly adjustment: Readonly<Record<string, 'eb' | 'standardised' | 'none'>>;
  readonly warnings: readonly Issue[];
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function variance(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  let s = 0;
  for (const x of v) s += (x - m) * (x - m);
  return s / (v.length - 1);
}

/**
 * Fit ComBat on `rows` of `x` (n × p, row-major) with centre labels `centre` (one per row of x).
 * Standardise Z = (x − α)/σ; per centre γ̂, δ̂²; priors γ̄ = mean_g γ̂, τ² = var_g γ̂,
 * a = (2s² + m²)/s², b = (m s² + m³)/s² with m, s² the mean and variance of δ̂² across features;
 * iterate γ* = (n τ² γ̂ + δ²* γ̄)/(n τ² + δ²*), δ²* = (b + ½ Σ (Z − γ*)²)/(n/2 + a − 1) until the
 * largest relative change is below `tol`.
 * @see R sva::ComBat(par.prior = TRUE, mod = NULL); neuroCombat
 */
export function fitComBat(x: Float64Array, p: number, centre: readonly string[], rows: readonly number[], features: readonly string[], options: { tol?: number; maxIter?: number } = {}): ComBatFit {
  if (features.length !== p) throw new HccError('E_INTERNAL', `fitComBat: ${features.length} names for ${p} features`);
  const tol = options.tol ?? 1e-4;
  const maxIter = options.maxIter ?? 1000;
  const warnings: Issue[] = [];
  const byCentre = new Map<string, number[]>();
  for (const r of rows) {
    const c = centre[r];
    if (!byCentre.has(c)) byCentre.set(c, []);
    byCentre.get(c)!.push(r);
  }
  const n = rows.length;
  const alpha = new Array<number>(p).fill(0);
  const sigma = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (const r of rows) s += x[r * p + j];
    alpha[j] = s / n;
    let ss = 0;
    for (const members of byCentre.values()) {
      let m = 0;
      for (const r of members) m += x[r * p + j];
      m /= members.length;
      for (const r of members) ss += (x[r * p + j] - m) ** 2;
    }
    sigma[j] = Math.sqrt(ss / n);
  }
  const zero = sigma.map((s, j) => (s > 0 ? -1 : j)).filter((j) => j >= 0);
  if (zero.length) warnings.push(issueWarning('constant_covariate', ['combat'], `${zero.length} feature(s) have no within-centre variation and are left unadjusted (e.g. ${features[zero[0]]})`));
  const z = (r: number, j: number) => (sigma[j] > 0 ? (x[r * p + j] - alpha[j]) / sigma[j] : 0);
  let iterations = 0;
  const batches: ComBatBatch[] = [];
  for (const [c, members] of byCentre) {
    const nb = members.length;
    if (nb < 2) warnings.push(issueWarning('too_few_rows', ['combat', c], `centre ${c} has ${nb} training row(s); its scale cannot be estimated (δ̂² = 1 used)`));
    const gammaHat: number[] = [];
    const deltaHat2: number[] = [];
    for (let j = 0; j < p; j++) {
      const v = members.map((r) => z(r, j));
      gammaHat.push(mean(v));
      deltaHat2.push(nb >= 2 && sigma[j] > 0 ? variance(v) : 1);
    }
    const gammaBar = mean(gammaHat);
    const tau2 = variance(gammaHat);
    const m = mean(deltaHat2);
    const s2 = variance(deltaHat2);
    const a = s2 > 0 ? (2 * s2 + m * m) / s2 : Infinity;
    const b = s2 > 0 ? (m * s2 + m * m * m) / s2 : Infinity;
    const gammaStar = gammaHat.slice();
    const deltaStar2 = deltaHat2.slice();
    for (let j = 0; j < p; j++) {
      if (sigma[j] === 0) continue;
      let g = gammaHat[j];
      let d = deltaHat2[j];
      for (let it = 1; it <= maxIter; it++) {
        const gNew = tau2 > 0 ? (nb * tau2 * gammaHat[j] + d * gammaBar) / (nb * tau2 + d) : gammaBar;
        let ss = 0;
        for (const r of members) ss += (z(r, j) - gNew) ** 2;
        const dNew = Number.isFinite(a) ? (b + 0.5 * ss) / (nb / 2 + a - 1) : m;
        const change = Math.max(Math.abs(gNew - g) / Math.max(Math.abs(g), 1e-12), Math.abs(dNew - d) / Math.max(Math.abs(d), 1e-12));
        g = gNew;
        d = dNew;
        iterations = Math.max(iterations, it);
        if (change < tol) break;
      }
      gammaStar[j] = g;
      deltaStar2[j] = d > 0 ? d : 1;
    }
    batches.push({ centre: c, n: nb, gammaHat, deltaHat2, gammaBar, tau2, a, b, gammaStar, deltaStar2 });
  }
  return { features: [...features], alpha, sigma, batches, iterations, warnings };
}

/**
 * One feature value harmonised with a centre's location γ and scale δ²: x* = σ (Z − γ)/√δ² + α,
 * Z = (x − α)/σ; unchanged when the feature has no within-centre variation (σ = 0). The one place
 * the adjustment is written, so `applyComBat` and the exported pipeline of `mmf predict` agree bit
 * for bit.
 */
export function combatAdjust(x: number, alpha: number, sigma: number, gamma: number, delta2: number): number {
  if (!(sigma > 0)) return x;
  const zz = (x - alpha) / sigma;
  return (sigma * (zz - gamma)) / Math.sqrt(delta2) + alpha;
}

/**
 * Apply a fit to every row: x* = σ (Z − γ*)/√δ²* + α for training centres; for other centres as
 * `unseenCentres` says (`standardise`: γ, δ² = that centre's own mean and variance of Z, needing
 * at least 2 rows, else left as is with a warning).
 */
export function applyComBat(fit: ComBatFit, x: Float64Array, centre: readonly string[], unseenCentres: UnseenCentreRule): ComBatApplied {
  const p = fit.features.length;
  const n = centre.length;
  if (x.length !== n * p) throw new HccError('E_INTERNAL', `applyComBat: matrix has ${x.length} cells, expected ${n} × ${p}`);
  const out = new Float64Array(x);
  const warnings: Issue[] = [];
  const adjustment: Record<string, 'eb' | 'standardised' | 'none'> = {};
  const known = new Map(fit.batches.map((b) => [b.centre, b]));
  const rowsOf = new Map<string, number[]>();
  centre.forEach((c, r) => (rowsOf.get(c) ?? rowsOf.set(c, []).get(c)!).push(r));
  for (const [c, members] of rowsOf) {
    let gamma: readonly number[];
    let delta2: readonly number[];
    const b = known.get(c);
    if (b) {
      gamma = b.gammaStar;
      delta2 = b.deltaStar2;
      adjustment[c] = 'eb';
    } else if (unseenCentres === 'standardise' && members.length >= 2) {
      const g: number[] = [];
      const d: number[] = [];
      for (let j = 0; j < p; j++) {
        const v = members.map((r) => (fit.sigma[j] > 0 ? (x[r * p + j] - fit.alpha[j]) / fit.sigma[j] : 0));
        g.push(mean(v));
        const vv = variance(v);
        d.push(vv > 0 ? vv : 1);
      }
      gamma = g;
      delta2 = d;
      adjustment[c] = 'standardised';
    } else {
      if (unseenCentres === 'standardise') warnings.push(issueWarning('too_few_rows', ['combat', c], `centre ${c} is not a training centre and has ${members.length} row(s); left unharmonised`));
      adjustment[c] = 'none';
      continue;
    }
    for (const r of members) {
      for (let j = 0; j < p; j++) out[r * p + j] = combatAdjust(x[r * p + j], fit.alpha[j], fit.sigma[j], gamma[j], delta2[j]);
    }
  }
  return { x: out, adjustment, warnings };
}
