import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { DeepOutcome } from '../dataset.js';
import { coxBatchLayout, coxPartialLikelihoodLoss, orderByTimeDescending } from '../loss/cox-partial-likelihood.js';
import { FOREST_COMBINER_FORMAT, forestCombinerFromJson } from './forest-combiner.js';
import type { MemberScores } from './member-scores.js';
import { alignMembers, assertMemberScores, memberMoments } from './member-scores.js';

/**
 * A fitted combiner: turns member scores into one Ensemble-DL risk score (higher = worse). Fitted on
 * training patients only, then applied unchanged to validation / external patients.
 */
export interface FittedCombiner {
  readonly kind: string;
  /** Member names in the order the combiner was fitted on (scores are aligned by name). */
  readonly members: readonly string[];
  combine(scores: MemberScores): Float64Array;
  /** JSON-safe description (weights, standardisation, diagnostics) for reports and reloading. */
  toJSON(): unknown;
}

/**
 * Strategy that fits a `FittedCombiner` on training scores and their outcome. Implementations (this
 * folder): `meanCombiner` and `coxCombiner` (linear in the standardised scores) and `forestCombiner`
 * (`forest-combiner.ts`), the paper's random survival forest on the standardised scores, fitted with
 * the survival engine's `fitSurvivalForest`. `combinerFromJson` reloads any of them.
 */
export interface Combiner {
  readonly kind: string;
  fit(train: MemberScores, outcome: DeepOutcome): FittedCombiner;
}

/** Serialised linear combiner: score = Σ_j w_j (x_j − mean_j) / sd_j. */
export interface LinearCombinerJson {
  readonly format: 'mmf-hcc/linear-combiner@1';
  readonly kind: 'mean' | 'cox';
  readonly members: readonly string[];
  readonly mean: readonly number[];
  readonly sd: readonly number[];
  readonly weights: readonly number[];
  readonly diagnostics: Readonly<Record<string, number | boolean>>;
}

/** A linear combiner of standardised member scores (both pure-deep combiners are linear). */
export function linearCombiner(json: LinearCombinerJson): FittedCombiner {
  const k = json.members.length;
  if (json.mean.length !== k || json.sd.length !== k || json.weights.length !== k) throw new HccError('E_INPUT', `linearCombiner: ${k} members but ${json.mean.length} means, ${json.sd.length} sds, ${json.weights.length} weights`);
  if (![...json.mean, ...json.weights].every(Number.isFinite) || !json.sd.every((s) => s > 0)) throw new HccError('E_INPUT', 'linearCombiner: weights and means must be finite and sds positive');
  return {
    kind: json.kind,
    members: json.members,
    combine(scores) {
      assertMemberScores(scores, `${json.kind} combiner`);
      const x = alignMembers(scores, json.members, `${json.kind} combiner`);
      const out = new Float64Array(scores.n);
      for (let i = 0; i < scores.n; i++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += (json.weights[j] * (x[i * k + j] - json.mean[j])) / json.sd[j];
        out[i] = s;
      }
      return out;
    },
    toJSON: () => json,
  };
}

/**
 * Mean of the standardised member scores: score = (1/m) Σ_j (x_j − mean_j)/sd_j, with each member's
 * mean and population sd from the training patients. Needs no outcome (it is only checked); robust
 * when members are equally good or the training set is small.
 */
export const meanCombiner: Combiner = {
  kind: 'mean',
  fit(train, outcome) {
    assertMemberScores(train, 'meanCombiner.fit', outcome);
    const { mean, sd } = memberMoments(train);
    const m = train.members.length;
    return linearCombiner({ format: 'mmf-hcc/linear-combiner@1', kind: 'mean', members: [...train.members], mean: [...mean], sd: [...sd], weights: new Array(m).fill(1 / m), diagnostics: { n: train.n } });
  },
};

/** Options of `coxCombiner`. */
export interface CoxCombinerOptions {
  /** Ridge penalty λ on the coefficients of the standardised scores (default 0.001). */
  readonly ridge?: number;
  /** Gradient steps at most (default 500). */
  readonly maxIterations?: number;
  /** Converged when every |∂/∂β_j| of the objective is below this (default 1e-4; float32 gradients carry ~1e-5 noise). */
  readonly gradientTolerance?: number;
}

/**
 * Multivariable Cox model on the standardised member scores z_j = (x_j − mean_j)/sd_j, fitted on the
 * training patients only:
 *   minimise  f(β) = −ℓ(β)/d + (λ/2) ‖β‖²,   score = Σ_j β_j z_j  (the linear predictor),
 * with −ℓ the Efron negative partial log-likelihood (`coxPartialLikelihoodLoss`, d events) and its
 * gradient from tfjs autodiff (any backend, float32). f is convex; it is minimised by gradient descent
 * with Barzilai–Borwein step sizes α = sᵀs / sᵀy and backtracking (Armijo, or accepted when the
 * gradient shrinks, since float32 objective values are too coarse near the optimum), from β = 0, until
 * max_j |∂f/∂β_j| < `gradientTolerance`. With λ → 0, β matches R's `coxph(ties = "efron")` on the same
 * standardised scores to about 1e-4 (test/deep/cox-combiner.ref.test.ts). The (events × n) loss constants suit training cohorts of up to a
 * few thousand patients. Runs on the current tfjs backend (call `initDeepEngine` first).
 * @see R survival `coxph`; Barzilai & Borwein (1988); paper §3 (ensemble of member risk scores).
 */
export function coxCombiner(options: CoxCombinerOptions = {}): Combiner {
  const ridge = options.ridge ?? 0.001;
  const maxIt = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-4;
  if (!(ridge >= 0) || !(maxIt >= 1) || !(gtol > 0)) throw new HccError('E_OPTION', `coxCombiner: ridge must be >= 0, maxIterations >= 1, gradientTolerance > 0 (got ${ridge}, ${maxIt}, ${gtol})`);
  return {
    kind: 'cox',
    fit(train, outcome) {
      assertMemberScores(train, 'coxCombiner.fit', outcome);
      let events = 0;
      for (let i = 0; i < train.n; i++) events += outcome.event[i];
      if (events === 0) throw new HccError('E_INPUT', 'coxCombiner.fit: no events in the training outcome');
      const { mean, sd } = memberMoments(train);
      const m = train.members.length;
      const order = orderByTimeDescending(outcome.time, outcome.event);
      const z = new Float32Array(train.n * m);
      order.forEach((row, r) => {
        for (let j = 0; j < m; j++) z[r * m + j] = (train.values[row * m + j] - mean[j]) / sd[j];
      });
      const layout = coxBatchLayout(Array.from(order, (i) => outcome.time[i]), Array.from(order, (i) => outcome.event[i]));
      const x = tf.tensor2d(z, [train.n, m]);
      const objective = tf.valueAndGrad((b: tf.Tensor) => tf.add(coxPartialLikelihoodLoss(tf.matMul(x, b), layout), tf.mul(ridge / 2, tf.sum(tf.square(b)))) as tf.Scalar);
      const evaluate = (beta: Float64Array): { f: number; g: Float64Array } => {
        const b = tf.tensor2d(Float32Array.from(beta), [m, 1]);
        const { value, grad } = objective(b);
        const f = value.dataSync()[0];
        const g = Float64Array.from(grad.dataSync());
        tf.dispose([b, value, grad]);
        if (!Number.isFinite(f)) throw new HccError('E_NUMERIC', `coxCombiner.fit: objective is ${f} at β = [${Array.from(beta).join(', ')}]`);
        return { f, g };
      };
      const maxAbs = (v: Float64Array) => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
      try {
        let beta = new Float64Array(m);
        let cur = evaluate(beta);
        let step = 1;
        let iterations = 0;
        let converged = maxAbs(cur.g) < gtol;
        while (!converged && iterations < maxIt) {
          iterations++;
          const gg = cur.g.reduce((a, v) => a + v * v, 0);
          let t = step;
          let next = beta.map((b, j) => b - t * cur.g[j]);
          let ev = evaluate(next);
          // Armijo, or a smaller gradient (float32 objectives are too coarse for Armijo near the optimum)
          for (let k = 0; k < 40 && ev.f > cur.f - 1e-4 * t * gg && maxAbs(ev.g) >= maxAbs(cur.g); k++) {
            t /= 2;
            next = beta.map((b, j) => b - t * cur.g[j]);
            ev = evaluate(next);
          }
          const s = next.map((b, j) => b - beta[j]);
          const y = ev.g.map((g, j) => g - cur.g[j]);
          const sy = s.reduce((a, v, j) => a + v * y[j], 0);
          const ss = s.reduce((a, v) => a + v * v, 0);
          step = sy > 0 ? Math.min(1e4, Math.max(1e-4, ss / sy)) : 1;
          const moved = maxAbs(s);
          beta = next;
          cur = ev;
          converged = maxAbs(cur.g) < gtol;
          if (!converged && moved === 0) break; // float32 resolution reached
        }
        return linearCombiner({ format: 'mmf-hcc/linear-combiner@1', kind: 'cox', members: [...train.members], mean: [...mean], sd: [...sd], weights: Array.from(beta), diagnostics: { n: train.n, events, iterations, converged, objective: cur.f, maxGradient: maxAbs(cur.g), ridge } });
      } finally {
        x.dispose();
      }
    },
  };
}

/**
 * Rebuild a fitted combiner from its JSON, by its `format`: a linear (mean / Cox) combiner or a
 * random-survival-forest combiner. @throws HccError `E_INPUT` for other formats or malformed records.
 */
export function combinerFromJson(json: unknown): FittedCombiner {
  const format = (json as { format?: unknown } | null)?.format;
  if (format === FOREST_COMBINER_FORMAT) return forestCombinerFromJson(json);
  if (format !== 'mmf-hcc/linear-combiner@1') {
    throw new HccError('E_INPUT', `combinerFromJson: not a combiner (format ${String(format)})`, { issues: [issueError('bad_option', ['format'], 'unknown combiner format', { expected: `mmf-hcc/linear-combiner@1 or ${FOREST_COMBINER_FORMAT}`, received: String(format) })] });
  }
  return linearCombiner(json as LinearCombinerJson);
}

/**
 * A fitted combiner's record for printing (CLI summaries, reports): `toJSON()` with a forest's trees
 * replaced by their count, so the summary stays small.
 */
export function combinerSummary(c: FittedCombiner): unknown {
  const j = c.toJSON() as Record<string, unknown> | null;
  if (!j || typeof j !== 'object' || !('forest' in j)) return j;
  const { forest, ...rest } = j as { forest: { trees?: unknown[] } } & Record<string, unknown>;
  return { ...rest, forest: { trees: forest.trees?.length ?? 0 } };
}

/** Ensemble-DL scores for OS and PFS from the members' OS and PFS scores. */
export interface EnsembleScores {
  readonly os: Float64Array;
  readonly pfs: Float64Array | null;
}

/** The two fitted combiners of an ensemble (PFS absent without PFS scores / outcome). */
export interface FittedEnsemble {
  readonly os: FittedCombiner;
  readonly pfs: FittedCombiner | null;
  apply(scores: { os: MemberScores; pfs?: MemberScores | null }): EnsembleScores;
}

/**
 * Fit one combiner per endpoint on training patients: OS member scores against the OS outcome and PFS
 * member scores against the PFS outcome (each endpoint its own weights).
 */
export function fitEnsemble(combiner: Combiner, train: { os: MemberScores; pfs?: MemberScores | null }, outcome: { os: DeepOutcome; pfs?: DeepOutcome | null }): FittedEnsemble {
  const os = combiner.fit(train.os, outcome.os);
  const pfs = train.pfs && outcome.pfs ? combiner.fit(train.pfs, outcome.pfs) : null;
  return {
    os,
    pfs,
    apply(scores) {
      if (pfs && !scores.pfs) throw new HccError('E_INPUT', 'fitted ensemble: PFS member scores are needed for the PFS combiner');
      return { os: os.combine(scores.os), pfs: pfs && scores.pfs ? pfs.combine(scores.pfs) : null };
    },
  };
}
