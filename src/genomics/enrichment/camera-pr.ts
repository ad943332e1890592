import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { studentTCdf } from '../../core/distributions.js';
import { rankStatistics, rankSumTestWithCorrelation } from './rank-sum.js';

/** Options of {@link cameraPr}. */
export interface CameraPrOptions {
  /** Assumed inter-gene correlation ρ inside a set (default 0.01, limma's default); |ρ| < 1. */
  readonly interGeneCorrelation?: number;
  /** Use the correlation-adjusted rank-sum test instead of the t-like test (default false). */
  readonly useRanks?: boolean;
}

/** cameraPR result for one set. */
export interface CameraPrSetResult {
  readonly size: number;
  readonly direction: 'Up' | 'Down';
  /** One-sided p for "set lower than the rest". */
  readonly pDown: number;
  /** One-sided p for "set higher than the rest". */
  readonly pUp: number;
  /** 2 · min(pDown, pUp). */
  readonly pValue: number;
}

/**
 * Competitive gene-set test on a pre-computed statistic with a variance inflation for
 * inter-gene correlation (limma `cameraPR`).
 *
 * Parametric form: G genes, set of m (m2 = G − m others), s² = var(stat) (n − 1 denominator),
 * δ = G/m2 · (mean_set − mean_all) (= mean_set − mean_others),
 * s²_pooled = ((G − 1)s² − δ²·m·m2/G) / (G − 2), VIF = 1 + (m − 1)ρ,
 * t = δ / sqrt(s²_pooled · (VIF/m + 1/m2)),  pDown = P(T <= t), pUp = P(T >= t), T ~ t(G − 2).
 * Rank form (`useRanks`): {@link rankSumTestWithCorrelation} with ρ and df = ∞.
 * Direction is "Down" when pDown < pUp; the reported p is 2·min(pDown, pUp).
 *
 * @param sets 0-based positions of each set's genes in `stats` (no duplicates).
 * @throws HccError `E_OPTION` for |ρ| >= 1 or fewer than 3 genes.
 * @see Wu D. & Smyth G.K. (2012) Nucleic Acids Res 40:e133. R: limma::cameraPR
 */
export function cameraPr(stats: ArrayLike<number>, sets: readonly ArrayLike<number>[], options: CameraPrOptions = {}): CameraPrSetResult[] {
  const rho = options.interGeneCorrelation ?? 0.01;
  const G = stats.length;
  if (!(Number.isFinite(rho) && Math.abs(rho) < 1)) {
    throw new HccError('E_OPTION', `cameraPr: interGeneCorrelation must be in (-1, 1), got ${rho}`, {
      issues: [issueError('bad_option', ['interGeneCorrelation'], 'inter-gene correlation out of range', { expected: '-1 < rho < 1', received: String(rho) })],
    });
  }
  if (G < 3) {
    throw new HccError('E_OPTION', `cameraPr: need at least 3 genes, got ${G}`, {
      issues: [issueError('empty_data', ['stats'], 'too few genes', { expected: '>= 3', received: String(G) })],
    });
  }
  if (options.useRanks) {
    const ranked = rankStatistics(stats);
    return sets.map((idx) => {
      const r = rankSumTestWithCorrelation(idx, ranked, rho, Infinity);
      return summarise(idx.length, r.less, r.greater);
    });
  }
  let mean = 0;
  for (let i = 0; i < G; i++) mean += stats[i];
  mean /= G;
  let ss = 0;
  for (let i = 0; i < G; i++) ss += (stats[i] - mean) ** 2;
  const variance = ss / (G - 1);
  const df = G - 2;
  return sets.map((idx) => {
    const m = idx.length;
    const m2 = G - m;
    let sumSet = 0;
    for (let i = 0; i < m; i++) sumSet += stats[idx[i]];
    const delta = (G / m2) * (sumSet / m - mean);
    const pooled = ((G - 1) * variance - (delta * delta * m * m2) / G) / (G - 2);
    const vif = 1 + (m - 1) * rho;
    const t = delta / Math.sqrt(pooled * (vif / m + 1 / m2));
    return summarise(m, studentTCdf(t, df), studentTCdf(-t, df));
  });
}

function summarise(size: number, pDown: number, pUp: number): CameraPrSetResult {
  return { size, direction: pDown < pUp ? 'Down' : 'Up', pDown, pUp, pValue: Math.min(1, 2 * Math.min(pDown, pUp)) };
}
