import { chiSquareSf, normalQuantile, twoSidedNormalP } from '../../core/distributions.js';
import { choleskyLdl, choleskySolve } from '../../core/linalg.js';
import type { CoxCoefficient, CoxTest } from './model.js';

/** A chi-square test result with its upper-tail p-value. */
export function chiSquareTest(statistic: number, df: number): CoxTest {
  return { statistic, df, p: df > 0 ? chiSquareSf(statistic, df) : 1 };
}

/**
 * Wald test (β̂ - β0)' V⁻ (β̂ - β0) over the non-aliased coefficients, V⁻ the generalised
 * inverse by the tolerance-aware Cholesky; df = number of non-aliased coefficients.
 *
 * @see R survival: `coxph.wtest` (`fit$wald.test`).
 */
export function waldTest(coef: Float64Array, init: Float64Array, v: Float64Array, p: number, aliased: Uint8Array, tolerChol: number): CoxTest {
  const keep: number[] = [];
  for (let j = 0; j < p; j++) if (!aliased[j]) keep.push(j);
  const k = keep.length;
  if (k === 0) return chiSquareTest(0, 0);
  const sub = new Float64Array(k * k);
  const b = new Float64Array(k);
  keep.forEach((r, a) => {
    b[a] = coef[r] - init[r];
    keep.forEach((c, bb) => (sub[a * k + bb] = v[r * p + c]));
  });
  const sol = choleskySolve(choleskyLdl(sub, k, tolerChol), b);
  let stat = 0;
  for (let a = 0; a < k; a++) stat += sol[a] * b[a];
  return chiSquareTest(stat, k);
}

/**
 * Coefficient table: HR = exp(β), se = √V_jj, z = β/se, p = 2(1 - Φ(|z|)),
 * 95% CI exp(β ∓ Φ⁻¹(0.975) se). Aliased columns give nulls.
 *
 * @see R survival: `summary.coxph`.
 */
export function coefficientTable(names: readonly string[], coef: Float64Array, v: Float64Array, naiveVar: Float64Array, aliased: Uint8Array): CoxCoefficient[] {
  const p = names.length;
  const zq = normalQuantile(0.975);
  const out: CoxCoefficient[] = [];
  for (let j = 0; j < p; j++) {
    if (aliased[j]) {
      out.push({ name: names[j], coef: null, hazardRatio: null, se: null, naiveSe: null, z: null, p: null, lower95: null, upper95: null });
      continue;
    }
    const b = coef[j];
    const se = Math.sqrt(v[j * p + j]);
    const z = b / se;
    out.push({
      name: names[j],
      coef: b,
      hazardRatio: Math.exp(b),
      se,
      naiveSe: Math.sqrt(naiveVar[j * p + j]),
      z,
      p: twoSidedNormalP(z),
      lower95: Math.exp(b - zq * se),
      upper95: Math.exp(b + zq * se),
    });
  }
  return out;
}
