import { averageRanks } from '../order-statistics.js';

/** Options of `tmmFactor` (edgeR defaults). */
export interface TmmOptions {
  /** Fraction trimmed from each end of the log-ratios M (default 0.3). */
  readonly logratioTrim?: number;
  /** Fraction trimmed from each end of the average log-expression A (default 0.05). */
  readonly sumTrim?: number;
  /** Precision-weight the trimmed mean (default true). */
  readonly doWeighting?: boolean;
  /** Genes with A <= aCutoff are ignored (default -1e10). */
  readonly aCutoff?: number;
}

/** Σ with Neumaier compensation (close to R's long-double `sum`). */
function addCompensated(state: { s: number; c: number }, v: number): void {
  const t = state.s + v;
  state.c += Math.abs(state.s) >= Math.abs(v) ? state.s - t + v : v - t + state.s;
  state.s = t;
}

/**
 * TMM scale factor of one sample (`obs`) against a reference sample (`ref`), before the
 * geometric-mean recentring done by `calcNormFactors`.
 *
 * For genes with both counts > 0: M_g = log2((y_g/N)/(r_g/N_r)), A_g = (log2(y_g/N) + log2(r_g/N_r))/2,
 * v_g = (N-y_g)/(N y_g) + (N_r-r_g)/(N_r r_g). Keep genes whose rank of M lies in
 * [⌊n·logratioTrim⌋+1, n-⌊n·logratioTrim⌋] and rank of A in [⌊n·sumTrim⌋+1, n-⌊n·sumTrim⌋]
 * (average ranks for ties); factor = 2^(Σ M/v / Σ 1/v) over kept genes (or the plain mean without
 * weighting). Returns 1 when all |M| < 1e-6.
 *
 * @param libObs library size N of `obs`; @param libRef library size N_r of `ref`.
 * @see edgeR `calcNormFactors(method = "TMM")` (internal `.calcFactorTMM`); Robinson & Oshlack (2010) Genome Biol 11:R25.
 */
export function tmmFactor(obs: ArrayLike<number>, ref: ArrayLike<number>, libObs: number, libRef: number, options: TmmOptions = {}): number {
  const logratioTrim = options.logratioTrim ?? 0.3;
  const sumTrim = options.sumTrim ?? 0.05;
  const doWeighting = options.doWeighting ?? true;
  const aCutoff = options.aCutoff ?? -1e10;
  const m: number[] = [];
  const a: number[] = [];
  const v: number[] = [];
  for (let g = 0; g < obs.length; g++) {
    const o = obs[g];
    const r = ref[g];
    const logR = Math.log2(o / libObs / (r / libRef));
    const absE = (Math.log2(o / libObs) + Math.log2(r / libRef)) / 2;
    if (!Number.isFinite(logR) || !Number.isFinite(absE) || !(absE > aCutoff)) continue;
    m.push(logR);
    a.push(absE);
    v.push((libObs - o) / libObs / o + (libRef - r) / libRef / r);
  }
  let maxAbs = 0;
  for (const x of m) maxAbs = Math.max(maxAbs, Math.abs(x));
  if (maxAbs < 1e-6) return 1;
  const n = m.length;
  const loL = Math.floor(n * logratioTrim) + 1;
  const hiL = n + 1 - loL;
  const loS = Math.floor(n * sumTrim) + 1;
  const hiS = n + 1 - loS;
  const rankM = averageRanks(m);
  const rankA = averageRanks(a);
  const num = { s: 0, c: 0 };
  const den = { s: 0, c: 0 };
  for (let g = 0; g < n; g++) {
    if (rankM[g] < loL || rankM[g] > hiL || rankA[g] < loS || rankA[g] > hiS) continue;
    if (doWeighting) {
      addCompensated(num, m[g] / v[g]);
      addCompensated(den, 1 / v[g]);
    } else {
      addCompensated(num, m[g]);
      addCompensated(den, 1);
    }
  }
  const f = (num.s + num.c) / (den.s + den.c);
  return Math.pow(2, Number.isFinite(f) ? f : 0);
}
