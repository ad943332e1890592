import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { adjustBH } from '../../genomics/index.js';
import { averageLinkageOrder } from './average-linkage.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { assertFeatureMatrix, featureColumn } from './feature-matrix.js';
import { spearmanTest } from './spearman-test.js';

/** Options of `deepRadiomicCorrelation`. */
export interface DeepRadiomicCorrelationOptions {
  /** FDR level for `significant` (q < alpha). Default 0.05. */
  readonly alpha?: number;
  /** A feature missing in more than this fraction of the joined patients is dropped. Default 0.2. */
  readonly maxMissingFraction?: number;
  /** Keep the K deep features with the largest variance (over the joined patients); null = all. Default 64. */
  readonly topKDeep?: number | null;
  /**
   * Axis order of the heatmap: `cluster` (default) orders each axis by average-linkage hierarchical
   * clustering on 1 − |ρ| between features of the same modality (deep vs deep, radiomic vs
   * radiomic), so co-varying features sit together; `input` keeps the input order.
   */
  readonly order?: 'cluster' | 'input';
}

/** One deep × radiomic pair. */
export interface CorrelationPair {
  readonly deep: string;
  readonly radiomic: string;
  /** Patients with both values. */
  readonly n: number;
  /** Null when not computable (n < 3 or constant on the complete pairs); then p, q are null too. */
  readonly rho: number | null;
  readonly p: number | null;
  /** Benjamini–Hochberg q over every computable pair. */
  readonly q: number | null;
  readonly significant: boolean;
}

/** A feature left out, and why. */
export interface DroppedFeature {
  readonly modality: 'deep' | 'radiomic';
  readonly feature: string;
  readonly reason: 'missing' | 'constant' | 'below_top_k';
  /** Human-readable detail (missing fraction, variance rank). */
  readonly detail: string;
}

/** Diagnostics of `deepRadiomicCorrelation`. */
export interface DeepRadiomicCorrelationDiagnostics {
  readonly nDeepPatients: number;
  readonly nRadiomicPatients: number;
  /** Patients in both blocks (the analysis set). */
  readonly nJoined: number;
  readonly onlyDeep: number;
  readonly onlyRadiomic: number;
  readonly nDeepInput: number;
  readonly nRadiomicInput: number;
  readonly dropped: readonly DroppedFeature[];
  readonly nPairs: number;
  /** Pairs with a computable ρ (the BH family). */
  readonly nTested: number;
  readonly nSignificant: number;
  readonly alpha: number;
  readonly order: 'cluster' | 'input';
  /** One-line description of the ordering, for figure captions. */
  readonly orderMethod: string;
}

/** Result of `deepRadiomicCorrelation`. */
export interface DeepRadiomicCorrelation {
  /** Every pair, deep-major in the display order. */
  readonly pairs: readonly CorrelationPair[];
  /** Kept deep features in display (row) order. */
  readonly deepFeatures: readonly string[];
  /** Kept radiomic features in display (column) order. */
  readonly radiomicFeatures: readonly string[];
  /** ρ[deep][radiomic] in display order (null: not computable). */
  readonly rho: readonly (readonly (number | null)[])[];
  /** Pairs with q < alpha, by increasing q (then decreasing |ρ|). */
  readonly significantPairs: readonly CorrelationPair[];
  readonly diagnostics: DeepRadiomicCorrelationDiagnostics;
  readonly warnings: readonly Issue[];
}

function variance(v: readonly number[]): number {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) * (b - m), 0) / Math.max(1, v.length - 1);
}

/** Columns of `m` restricted to `rows` (indices into m.ids), with drop decisions. */
function screen(m: FeatureMatrix, rows: readonly number[], modality: 'deep' | 'radiomic', maxMissing: number, dropped: DroppedFeature[]): { name: string; values: Float64Array; variance: number }[] {
  const kept: { name: string; values: Float64Array; variance: number }[] = [];
  for (let j = 0; j < m.names.length; j++) {
    const all = featureColumn(m, j);
    const values = Float64Array.from(rows, (r) => all[r]);
    const finite = Array.from(values).filter((v) => Number.isFinite(v));
    const missing = 1 - finite.length / rows.length;
    if (missing > maxMissing || finite.length < 3) {
      dropped.push({ modality, feature: m.names[j], reason: 'missing', detail: `${(missing * 100).toFixed(1)} % missing (${rows.length - finite.length} of ${rows.length})` });
    } else if (finite.every((v) => v === finite[0])) {
      dropped.push({ modality, feature: m.names[j], reason: 'constant', detail: `constant (${finite[0]}) over ${finite.length} patients` });
    } else kept.push({ name: m.names[j], values, variance: variance(finite) });
  }
  return kept;
}

/** Leaf order of average-linkage clustering on 1 − |ρ| (Spearman, pairwise complete; not computable → distance 1). */
function clusterOrder(cols: readonly Float64Array[]): number[] {
  const p = cols.length;
  const d = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++) {
      const r = spearmanTest(cols[a], cols[b]).rho;
      d[a * p + b] = d[b * p + a] = r === null ? 1 : 1 - Math.abs(r);
    }
  }
  return [...averageLinkageOrder(d, p).order];
}

/**
 * Spearman correlation of every deep feature (penultimate-layer unit of the deep networks) with every
 * radiomic (IBSI) feature over the patients present in both blocks, with Benjamini–Hochberg FDR
 * control over all computable pairs.
 *
 * Steps: join by patient id (deep-block order); drop features missing in more than
 * `maxMissingFraction` of the joined patients (or with fewer than 3 values) and constant ones, each
 * with its reason; keep the `topKDeep` deep features of largest variance; per pair, ρ on the
 * pairwise-complete patients with average ranks for ties and p from the t approximation with n − 2
 * df (R `cor.test(method = "spearman", exact = FALSE)`); q = `p.adjust(p, "BH")` over the pairs;
 * axes ordered as `options.order` says. Throws `E_INPUT` for malformed blocks or fewer than 3 joined
 * patients, `E_OPTION` for bad options.
 */
export function deepRadiomicCorrelation(deep: FeatureMatrix, radiomic: FeatureMatrix, options: DeepRadiomicCorrelationOptions = {}): DeepRadiomicCorrelation {
  const alpha = options.alpha ?? 0.05;
  const maxMissing = options.maxMissingFraction ?? 0.2;
  const topK = options.topKDeep === undefined ? 64 : options.topKDeep;
  const order = options.order ?? 'cluster';
  const bad: Issue[] = [];
  if (!(alpha > 0 && alpha < 1)) bad.push(issueError('bad_option', ['alpha'], 'alpha must lie in (0, 1)', { received: String(alpha) }));
  if (!(maxMissing >= 0 && maxMissing < 1)) bad.push(issueError('bad_option', ['maxMissingFraction'], 'must lie in [0, 1)', { received: String(maxMissing) }));
  if (topK !== null && !(Number.isInteger(topK) && topK > 0)) bad.push(issueError('bad_option', ['topKDeep'], 'must be a positive integer or null', { received: String(topK) }));
  if (order !== 'cluster' && order !== 'input') bad.push(issueError('bad_option', ['order'], "must be 'cluster' or 'input'", { received: String(order) }));
  if (bad.length) throw new HccError('E_OPTION', 'deepRadiomicCorrelation: bad options', { issues: bad });
  assertFeatureMatrix(deep, 'deep');
  assertFeatureMatrix(radiomic, 'radiomic');

  const radRow = new Map(radiomic.ids.map((id, i) => [id, i]));
  const deepRows: number[] = [];
  const radRows: number[] = [];
  deep.ids.forEach((id, i) => {
    const r = radRow.get(id);
    if (r !== undefined) {
      deepRows.push(i);
      radRows.push(r);
    }
  });
  const nJoined = deepRows.length;
  if (nJoined < 3) {
    throw new HccError('E_INPUT', `deepRadiomicCorrelation: ${nJoined} patient(s) have both deep and radiomic features; need at least 3`, { issues: [issueError('too_few_rows', ['patients'], 'too few patients in both blocks', { expected: '>= 3', received: String(nJoined) })] });
  }
  const dropped: DroppedFeature[] = [];
  let deepKept = screen(deep, deepRows, 'deep', maxMissing, dropped);
  const radKept = screen(radiomic, radRows, 'radiomic', maxMissing, dropped);
  if (topK !== null && deepKept.length > topK) {
    const byVar = deepKept.map((f, j) => ({ f, j })).sort((a, b) => b.f.variance - a.f.variance || a.j - b.j);
    const keepSet = new Set(byVar.slice(0, topK).map((x) => x.j));
    byVar.slice(topK).forEach((x, k) => dropped.push({ modality: 'deep', feature: x.f.name, reason: 'below_top_k', detail: `variance rank ${topK + k + 1} of ${deepKept.length} (top ${topK} kept)` }));
    deepKept = deepKept.filter((_, j) => keepSet.has(j));
  }
  const warnings: Issue[] = [];
  for (const [reason, code] of [['missing', 'missing_value'], ['constant', 'constant_covariate']] as const) {
    const d = dropped.filter((x) => x.reason === reason);
    if (d.length) warnings.push(issueWarning(code, ['deep_radiomic_correlation'], `${d.length} feature(s) dropped as ${reason}: ${d.slice(0, 5).map((x) => x.feature).join(', ')}${d.length > 5 ? ', ...' : ''}`));
  }

  const dOrder = order === 'cluster' && deepKept.length > 1 ? clusterOrder(deepKept.map((f) => f.values)) : deepKept.map((_, j) => j);
  const rOrder = order === 'cluster' && radKept.length > 1 ? clusterOrder(radKept.map((f) => f.values)) : radKept.map((_, j) => j);
  const D = dOrder.map((j) => deepKept[j]);
  const R = rOrder.map((j) => radKept[j]);

  const tests = D.flatMap((d) => R.map((r) => spearmanTest(d.values, r.values)));
  const q = adjustBH(Float64Array.from(tests, (t) => (t.p === null ? NaN : t.p)));
  const pairs: CorrelationPair[] = tests.map((t, k) => {
    const qq = Number.isNaN(q[k]) ? null : q[k];
    return { deep: D[Math.floor(k / R.length)].name, radiomic: R[k % R.length].name, n: t.n, rho: t.rho, p: t.p, q: qq, significant: qq !== null && qq < alpha };
  });
  const nTested = tests.filter((t) => t.p !== null).length;
  if (nTested < pairs.length) warnings.push(issueWarning('constant_covariate', ['deep_radiomic_correlation'], `${pairs.length - nTested} pair(s) not computable (fewer than 3 complete patients or constant on them); left out of the FDR family`));
  const significantPairs = pairs.filter((p) => p.significant).sort((a, b) => a.q! - b.q! || Math.abs(b.rho!) - Math.abs(a.rho!));
  return {
    pairs,
    deepFeatures: D.map((f) => f.name),
    radiomicFeatures: R.map((f) => f.name),
    rho: D.map((_, a) => R.map((_, b) => pairs[a * R.length + b].rho)),
    significantPairs,
    diagnostics: {
      nDeepPatients: deep.ids.length,
      nRadiomicPatients: radiomic.ids.length,
      nJoined,
      onlyDeep: deep.ids.length - nJoined,
      onlyRadiomic: radiomic.ids.length - nJoined,
      nDeepInput: deep.names.length,
      nRadiomicInput: radiomic.names.length,
      dropped,
      nPairs: pairs.length,
      nTested,
      nSignificant: significantPairs.length,
      alpha,
      order,
      orderMethod: order === 'cluster' ? 'axes ordered by average-linkage hierarchical clustering on 1 − |Spearman ρ| within each modality' : 'axes in input order',
    },
    warnings,
  };
}
