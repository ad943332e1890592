import { gammaQuantileLog, logGammaTail, logNormalTail, normalQuantileLog } from './log-scale-distributions.js';

/**
 * Map a count x from NB(μ_in, φ) to the same quantile of NB(μ_out, φ): the average of the
 * normal-approximation and gamma-approximation quantile maps (edgeR's `q2qnbinom`).
 * With r = 1 + φμ and v = μr: the tail beyond x (upper when x >= μ_in, else lower) is taken under
 * N(μ_in, v_in) and Gamma(shape μ_in/r_in, scale r_in) and mapped back through N(μ_out, v_out) and
 * Gamma(μ_out/r_out, r_out); means below 1e-14 are shifted by 0.25. Works on log tails, so
 * far-out counts keep full precision.
 *
 * @see edgeR `q2qnbinom`; Robinson & Smyth (2008) Biostatistics 9:321 (pseudo-counts).
 */
export function q2qNbinom(x: number, inputMean: number, outputMean: number, dispersion: number): number {
  let mi = inputMean;
  let mo = outputMean;
  if (mi < 1e-14 || mo < 1e-14) {
    mi += 0.25;
    mo += 0.25;
  }
  const ri = 1 + dispersion * mi;
  const vi = mi * ri;
  const ro = 1 + dispersion * mo;
  const vo = mo * ro;
  const lower = !(x >= mi);
  const p1 = logNormalTail((x - mi) / Math.sqrt(vi), lower);
  const p2 = logGammaTail(x / ri, mi / ri, lower);
  const q1 = mo + Math.sqrt(vo) * normalQuantileLog(p1, lower);
  const q2 = ro * gammaQuantileLog(p2, mo / ro, lower);
  return (q1 + q2) / 2;
}
