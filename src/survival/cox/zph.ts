import { chiSquareSf } from '../../core/distributions.js';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import { productLimit, stepBefore } from '../product-limit.js';
import type { CoxModelLike, CoxTerm } from './model-like.js';
import { assertCoxModelLike, checkTerms } from './model-like.js';
import { invertMatrix, solveQuadratic, subMatrix } from './small-matrix.js';
import { zphScore } from './zph-score.js';

/** Time transform g(t) of the proportional-hazards test (R's `transform`). */
export type ZphTransform = 'km' | 'identity' | 'rank' | 'log';

/** Options of `coxZph`. */
export interface CoxZphOptions {
  /** Default 'km': g(t) = 1 - S_KM(t-) from the unweighted Kaplan-Meier of the pooled data. */
  readonly transform?: ZphTransform;
  /** true (default, R's terms = TRUE): one test per term; false: one test per design column. */
  readonly terms?: boolean;
  /** Term grouping of the columns; default `model.terms`, else one term per column. */
  readonly termGroups?: readonly CoxTerm[];
  /** Include the GLOBAL test (default true). */
  readonly global?: boolean;
}

/** One row of the test table. */
export interface CoxZphRow {
  readonly term: string;
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
}

/**
 * Scaled Schoenfeld residuals for plotting β(t): one row per event (by stratum, then time), one
 * column per term (multi-column terms combined through β, as R). A value is NaN exactly where
 * `defined` is 0 (the column is constant within that event's stratum; R's NA).
 */
export interface ScaledSchoenfeld {
  readonly columns: readonly string[];
  /** Event times. */
  readonly time: Float64Array;
  /** g(t) at each event time (R's `x` component of cox.zph). */
  readonly transformedTime: Float64Array;
  /** 0-based stratum of each event; null when unstratified. */
  readonly stratum: Int32Array | null;
  /** Row index into the model data of each event. */
  readonly row: Int32Array;
  /** nEvents × nColumns row-major. */
  readonly values: Float64Array;
  readonly defined: Uint8Array;
  /** Inverse of the average information per event (R's `var` component), nColumns². */
  readonly variance: Float64Array;
}

/** Result of `coxZph`. */
export interface CoxZphResult {
  readonly transform: ZphTransform;
  readonly table: readonly CoxZphRow[];
  readonly global: CoxZphRow | null;
  readonly residuals: ScaledSchoenfeld;
  readonly nEvents: number;
}

/** Average ranks (ties get the mean rank), R's `rank()`. */
function averageRanks(v: Float64Array): Float64Array {
  const n = v.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(n);
  for (let k = 0; k < n; ) {
    let e = k;
    while (e + 1 < n && v[order[e + 1]] === v[order[k]]) e++;
    const avg = (k + e) / 2 + 1;
    for (let q = k; q <= e; q++) r[order[q]] = avg;
    k = e + 1;
  }
  return r;
}

function transformTimes(model: CoxModelLike, transform: ZphTransform): Float64Array {
  const { data } = model;
  const t = data.time;
  switch (transform) {
    case 'identity':
      return Float64Array.from(t);
    case 'log':
      return t.map(Math.log);
    case 'rank':
      return averageRanks(t);
    case 'km': {
      // cox.zph uses the unweighted KM of all rows (strata and weights ignored).
      const km = productLimit({ ...data, weights: null });
      return t.map((ti) => 1 - stepBefore(km.time, km.surv, ti, 1));
    }
  }
}

function checkOptions(model: CoxModelLike, options: CoxZphOptions): { transform: ZphTransform; groups: readonly CoxTerm[] } {
  const issues: Issue[] = [];
  const transform = options.transform ?? 'km';
  if (!['km', 'identity', 'rank', 'log'].includes(transform)) {
    issues.push(issueError('bad_option', ['transform'], 'unknown time transform', { expected: "'km', 'identity', 'rank' or 'log'", received: String(transform) }));
  }
  const { data, p } = model;
  if (transform === 'log') {
    for (let i = 0; i < data.n; i++) {
      if (data.event[i] === 1 && !(data.time[i] > 0)) {
        issues.push(issueError('bad_option', ['transform'], `log transform needs event times > 0; row ${i} has ${data.time[i]}`, { expected: 'event times > 0', received: String(data.time[i]) }));
        break;
      }
    }
  }
  const perColumn = model.names.map((name, j) => ({ name, columns: [j] }));
  let groups: readonly CoxTerm[] = perColumn;
  if (options.terms !== false) {
    groups = options.termGroups ?? model.terms ?? perColumn;
    if (options.termGroups) issues.push(...checkTerms(options.termGroups, p, ['termGroups']));
  }
  let nEvents = 0;
  for (let i = 0; i < data.n; i++) nEvents += data.event[i];
  if (nEvents === 0) issues.push(issueError('no_events', ['event'], 'the proportional-hazards test needs at least one event'));
  if (p === 0) issues.push(issueError('bad_option', ['p'], 'the model has no covariates to test', { expected: 'p >= 1', received: '0' }));
  if (issues.length) throw new HccError('E_INPUT', `coxZph: ${issues.length} problem(s) in the input`, { issues });
  return { transform, groups };
}

/** Remove aliased columns (R: coef NA) from the model and the term groups, as cox.zph does. */
function dropAliased(model: CoxModelLike, groups: readonly CoxTerm[]): { model: CoxModelLike; groups: readonly CoxTerm[] } {
  const { aliased, p } = model;
  if (!aliased || !aliased.some((a) => a === 1)) return { model, groups };
  const keep: number[] = [];
  const newIndex = new Int32Array(p).fill(-1);
  for (let j = 0; j < p; j++) if (aliased[j] !== 1) newIndex[j] = keep.push(j) - 1;
  const q = keep.length;
  const n = model.data.n;
  const x = new Float64Array(n * q);
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) x[i * q + k] = model.x[i * p + keep[k]];
  const pick = (a: Float64Array) => Float64Array.from(keep, (j) => a[j]);
  const var2 = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) var2[a * q + b] = model.var.length === p * p ? model.var[keep[a] * p + keep[b]] : 0;
  const remap = (g: CoxTerm): CoxTerm => ({ name: g.name, columns: g.columns.filter((c) => newIndex[c] >= 0).map((c) => newIndex[c]) });
  return {
    model: { ...model, x, p: q, coef: pick(model.coef), means: pick(model.means), var: var2, names: keep.map((j) => model.names[j]), terms: model.terms?.map(remap).filter((g) => g.columns.length > 0), aliased: undefined },
    groups: groups.map(remap).filter((g) => g.columns.length > 0),
  };
}

/**
 * Test of proportional hazards (survival >= 3.0 `cox.zph`): for each term, the score test of
 * θ = 0 in the model β_j + θ_j g(t), evaluated at (β̂, θ = 0) with the full 2p × 2p information
 * matrix: chisq = u' I_kk⁻¹ u with u = (0, U_θ[term]) and k = all β columns plus the term's θ
 * columns; df = number of the term's columns; GLOBAL uses all θ. g(t) is centred at its mean
 * over events. Scaled Schoenfeld residuals r_i V̄⁻¹ + β (V̄ = I / events, per stratum) are returned
 * for plotting. Aliased columns (`model.aliased`) are left out, as R drops NA coefficients.
 *
 * @see R survival: `cox.zph(fit, transform, terms)`; Grambsch & Therneau (1994) Biometrika 81:515.
 */
export function coxZph(fitted: CoxModelLike, options: CoxZphOptions = {}): CoxZphResult {
  try {
    return coxZphUnguarded(fitted, options);
  } catch (err) {
    // A singular information matrix (typically a non-converged fit with an infinite coefficient)
    // surfaces from the small-matrix solver without context: name the test and the likely cause.
    if (err instanceof HccError && err.code === 'E_NUMERIC' && err.issues.length === 0) {
      throw new HccError('E_NUMERIC', `coxZph: the information matrix is singular (${err.message}); the proportional-hazards test cannot be computed`, {
        cause: err,
        issues: [
          issueError('singular_matrix', ['information'], 'cox.zph: the 2p x 2p information matrix is singular: is a coefficient infinite (monotone likelihood) or a covariate constant among the events?', {
            expected: 'a converged fit with finite coefficients',
            received: err.message,
          }),
        ],
      });
    }
    throw err;
  }
}

function coxZphUnguarded(fitted: CoxModelLike, options: CoxZphOptions): CoxZphResult {
  assertCoxModelLike(fitted, 'coxZph', false);
  const checked = checkOptions(fitted, options);
  const { transform } = checked;
  const { model, groups } = dropAliased(fitted, checked.groups);
  const { data, p } = model;
  const ttimes = transformTimes(model, transform);
  let gsum = 0;
  let nEvents = 0;
  for (let i = 0; i < data.n; i++) {
    if (data.event[i] === 1) {
      gsum += ttimes[i];
      nEvents++;
    }
  }
  const gtime = ttimes.map((v) => v - gsum / nEvents);
  const sc = zphScore(model, gtime);
  const P2 = 2 * p;
  const allBeta = Array.from({ length: p }, (_, j) => j);
  const test = (cols: readonly number[]): number => {
    const kk = [...allBeta, ...cols.map((c) => c + p)];
    const uk = Float64Array.from(kk, (k) => (k < p ? 0 : sc.u[k]));
    return solveQuadratic(subMatrix(sc.imat, P2, kk), kk.length, uk);
  };
  const table: CoxZphRow[] = groups.map((g) => {
    const chisq = test(g.columns);
    return { term: g.name, chisq, df: g.columns.length, p: chiSquareSf(chisq, g.columns.length) };
  });
  let global: CoxZphRow | null = null;
  if (options.global !== false) {
    const chisq = test(allBeta);
    global = { term: 'GLOBAL', chisq, df: p, p: chiSquareSf(chisq, p) };
  }
  return { transform, table, global, residuals: scaledSchoenfeld(model, sc, groups, options.terms !== false, ttimes), nEvents };
}

function scaledSchoenfeld(model: CoxModelLike, sc: ReturnType<typeof zphScore>, groups: readonly CoxTerm[], terms: boolean, ttimes: Float64Array): ScaledSchoenfeld {
  const { data, p, coef } = model;
  const nS = sc.nStrata;
  const nEv = sc.eventRows.length;
  const P2 = 2 * p;
  const used = Int32Array.from(sc.used);
  for (const g of groups) {
    if (g.columns.length < 2) continue;
    for (let s = 0; s < nS; s++) {
      const mx = Math.max(...g.columns.map((c) => used[s * p + c]));
      if (g.columns.some((c) => used[s * p + c] === 0)) for (const c of g.columns) used[s * p + c] = mx;
    }
  }
  // vmean = I / wtmat, wtmat[j,k] = Σ_s min(used[s,j], used[s,k]).
  let vmean = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let wt = 0;
      for (let s = 0; s < nS; s++) wt += Math.min(used[s * p + j], used[s * p + k]);
      vmean[j * p + k] = sc.imat[j * P2 + k] / (wt === 0 ? 1 : wt);
    }
  }
  const combine = terms && groups.some((g) => g.columns.length > 1);
  let q = p;
  let res = sc.schoenfeld;
  let usedQ = used;
  let columns: string[] = model.names.slice();
  let shift = Float64Array.from(coef);
  if (combine) {
    q = groups.length;
    const tmat = new Float64Array(p * q);
    groups.forEach((g, i) => g.columns.forEach((c) => (tmat[c * q + i] = g.columns.length === 1 ? 1 : coef[c])));
    res = new Float64Array(nEv * q);
    for (let e = 0; e < nEv; e++) for (let i = 0; i < q; i++) for (let c = 0; c < p; c++) res[e * q + i] += sc.schoenfeld[e * p + c] * tmat[c * q + i];
    const vq = new Float64Array(q * q);
    for (let i = 0; i < q; i++) for (let k = 0; k < q; k++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) vq[i * q + k] += tmat[a * q + i] * vmean[a * p + b] * tmat[b * q + k];
    vmean = vq;
    usedQ = new Int32Array(nS * q);
    for (let s = 0; s < nS; s++) groups.forEach((g, i) => (usedQ[s * q + i] = used[s * p + g.columns[0]]));
    columns = groups.map((g) => g.name);
    shift = Float64Array.from(groups, (g) => (g.columns.length === 1 ? coef[g.columns[0]] : 1));
  } else if (terms) {
    groups.forEach((g) => (columns[g.columns[0]] = g.name));
  }
  const values = new Float64Array(nEv * q);
  const defined = new Uint8Array(nEv * q);
  // Per stratum: the columns that vary there and the inverse of vmean restricted to them.
  const perStratum = Array.from({ length: nS }, (_, s) => {
    const k: number[] = [];
    for (let i = 0; i < q; i++) if (usedQ[s * q + i] > 0) k.push(i);
    return { k, vinv: k.length ? invertMatrix(subMatrix(vmean, q, k), k.length) : null };
  });
  for (let e = 0; e < nEv; e++) {
    const { k, vinv } = perStratum[data.strata ? data.strata[sc.eventRows[e]] : 0];
    values.fill(NaN, e * q, (e + 1) * q);
    if (!vinv) continue;
    const m = k.length;
    k.forEach((i, a) => {
      let v = 0;
      for (let b = 0; b < m; b++) v += vinv[a * m + b] * res[e * q + k[b]];
      values[e * q + i] = v + shift[i];
      defined[e * q + i] = 1;
    });
  }
  return {
    columns,
    time: Float64Array.from(sc.eventRows, (i) => data.time[i]),
    transformedTime: Float64Array.from(sc.eventRows, (i) => ttimes[i]),
    stratum: data.strata ? Int32Array.from(sc.eventRows, (i) => data.strata![i]) : null,
    row: sc.eventRows,
    values,
    defined,
    variance: invertMatrix(vmean, q),
  };
}
