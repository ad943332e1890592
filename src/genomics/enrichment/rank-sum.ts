import { normalCdf, studentTCdf } from '../../core/distributions.js';
import { averageRanks } from '../order-statistics.js';

/**
 * Wilcoxon–Mann–Whitney rank-sum test of a gene set against the other genes, allowing a small
 * inter-gene correlation (Wu & Smyth 2012).
 *
 * Ranks r = rank(stat) (ties averaged); set of n1 genes, n2 = N − n1 others;
 * U = n1·n2 + n1(n1+1)/2 − Σ_{set} r, μ = n1·n2/2.
 * Var U = n1·n2·(N+1)/12 when ρ = 0 (or n1 = 1), else
 * [ asin(1)·n1n2 + asin(½)·n1n2(n2−1) + asin(ρ/2)·n1(n1−1)n2(n2−1) + asin((ρ+1)/2)·n1(n1−1)n2 ] / (2π);
 * with ties Var U ×= 1 − Σ t(t+1)(t−1) / (N(N+1)(N−1)) over tie groups of size t.
 * Continuity-corrected: p_less = P(T > (U − ½ − μ)/σ), p_greater = P(T <= (U + ½ − μ)/σ),
 * T ~ t(df) (df = ∞: standard normal). "less" means the set's statistics rank low.
 *
 * @see R: limma::rankSumTestWithCorrelation
 */
export interface RankSumResult {
  /** Set statistics tend to be smaller than the rest. */
  readonly less: number;
  /** Set statistics tend to be larger than the rest. */
  readonly greater: number;
  readonly u: number;
  readonly setSize: number;
}

/** Precomputed ranks and tie correction of one statistic vector (reuse across many sets). */
export interface RankedStatistics {
  readonly ranks: Float64Array;
  /** 1 − Σ t(t+1)(t−1)/(N(N+1)(N−1)). */
  readonly tieFactor: number;
}

/** Average ranks and the tie-correction factor of `stats`. */
export function rankStatistics(stats: ArrayLike<number>): RankedStatistics {
  const ranks = averageRanks(stats);
  const n = ranks.length;
  const count = new Map<number, number>();
  for (const r of ranks) count.set(r, (count.get(r) ?? 0) + 1);
  let s = 0;
  for (const t of count.values()) s += t * (t + 1) * (t - 1);
  return { ranks, tieFactor: s > 0 ? 1 - s / (n * (n + 1) * (n - 1)) : 1 };
}

/** Rank-sum test of the genes at 0-based `index` against the rest. */
export function rankSumTestWithCorrelation(index: ArrayLike<number>, ranked: RankedStatistics, correlation = 0, df = Infinity): RankSumResult {
  const n = ranked.ranks.length;
  const n1 = index.length;
  const n2 = n - n1;
  let sumR = 0;
  for (let i = 0; i < n1; i++) sumR += ranked.ranks[index[i]];
  const u = n1 * n2 + (n1 * (n1 + 1)) / 2 - sumR;
  const mu = (n1 * n2) / 2;
  let sigma2: number;
  if (correlation === 0 || n1 === 1) sigma2 = (n1 * n2 * (n + 1)) / 12;
  else {
    sigma2 =
      Math.asin(1) * n1 * n2 +
      Math.asin(0.5) * n1 * n2 * (n2 - 1) +
      Math.asin(correlation / 2) * n1 * (n1 - 1) * n2 * (n2 - 1) +
      Math.asin((correlation + 1) / 2) * n1 * (n1 - 1) * n2;
    sigma2 = sigma2 / 2 / Math.PI;
  }
  sigma2 *= ranked.tieFactor;
  const sd = Math.sqrt(sigma2);
  const zLower = (u + 0.5 - mu) / sd;
  const zUpper = (u - 0.5 - mu) / sd;
  const cdf = (z: number): number => (df === Infinity ? normalCdf(z) : studentTCdf(z, df));
  return { less: cdf(-zUpper), greater: cdf(zLower), u, setSize: n1 };
}

/** Alternatives of {@link wilcoxonGeneSetTest}. */
export type GeneSetTestAlternative = 'up' | 'down' | 'mixed' | 'either';

/**
 * limma `geneSetTest(index, statistics, alternative, ranks.only = TRUE)`: a Wilcoxon rank-sum
 * test (ρ = 0, normal approximation). "up": set statistics larger; "down": smaller (the test of
 * −stat); "mixed": larger |stat|; "either": min(1, 2·min(less, greater)) of the "up" test
 * (R does not cap at 1; with the continuity correction its value can exceed 1 slightly).
 * Pass the `RankedStatistics` of stat, −stat or |stat| accordingly — see {@link geneSetTestStatistics}.
 *
 * @see R: limma::geneSetTest
 */
export function wilcoxonGeneSetTest(index: ArrayLike<number>, ranked: RankedStatistics, alternative: GeneSetTestAlternative): number {
  const r = rankSumTestWithCorrelation(index, ranked, 0, Infinity);
  if (alternative === 'either') return Math.min(1, 2 * Math.min(r.less, r.greater));
  return r.greater;
}

/** The statistics `geneSetTest` ranks for an alternative: stat (up, either), −stat (down), |stat| (mixed). */
export function geneSetTestStatistics(stats: ArrayLike<number>, alternative: GeneSetTestAlternative): RankedStatistics {
  const v = Float64Array.from(stats as ArrayLike<number>);
  if (alternative === 'down') for (let i = 0; i < v.length; i++) v[i] = -v[i];
  if (alternative === 'mixed') for (let i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
  return rankStatistics(v);
}
