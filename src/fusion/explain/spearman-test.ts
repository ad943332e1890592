import { betaIncomplete } from '../../core/distributions.js';
import { midRanks, pearson } from '../radiomics-model/redundancy.js';

/** Spearman's rank correlation of one pair with its asymptotic two-sided p-value. */
export interface SpearmanTest {
  /** Pairwise-complete observations used. */
  readonly n: number;
  /** ρ: Pearson correlation of the average (mid-) ranks; null when n < 3 or either side is constant. */
  readonly rho: number | null;
  /** S = (n³ − n)(1 − ρ)/6, R's statistic. */
  readonly s: number | null;
  /** Two-sided p from the t approximation with n − 2 df; null with rho. */
  readonly p: number | null;
}

/**
 * Two-sided p of ρ under the t approximation, as R's `cor.test(method = "spearman", exact = FALSE)`
 * computes it: ρ is passed through S = (n³ − n)(1 − ρ)/6 and back (ρ' = 1 − 6S/(n³ − n)),
 * t = ρ' / √((1 − ρ'²)/(n − 2)), p = min(1, 2·P(T_{n−2} > |t|)) = I_{df/(df+t²)}(df/2, 1/2).
 * |ρ| = 1 gives p = 0.
 */
export function spearmanPValue(rho: number, n: number): number {
  const df = n - 2;
  const den = (n * (n * n - 1)) / 6;
  const q = den * (1 - rho);
  const r = Math.max(-1, Math.min(1, 1 - q / den));
  if (Math.abs(r) >= 1) return 0;
  const t2 = (r * r * df) / (1 - r * r);
  return Math.min(1, betaIncomplete(df / (df + t2), df / 2, 0.5));
}

/**
 * Spearman test of `x` against `y` on the rows where both are finite (R drops incomplete pairs the
 * same way). Ties get average ranks; ρ is the Pearson correlation of those ranks.
 * @see R `cor.test(x, y, method = "spearman", exact = FALSE)`
 */
export function spearmanTest(x: ArrayLike<number>, y: ArrayLike<number>): SpearmanTest {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
    xs.push(x[i]);
    ys.push(y[i]);
  }
  const n = xs.length;
  const none = { n, rho: null, s: null, p: null };
  if (n < 3) return none;
  const rx = midRanks(xs);
  const ry = midRanks(ys);
  if (rx.every((v) => v === rx[0]) || ry.every((v) => v === ry[0])) return none;
  const rho = Math.max(-1, Math.min(1, pearson(rx, ry)));
  return { n, rho, s: ((n * n * n - n) * (1 - rho)) / 6, p: spearmanPValue(rho, n) };
}
