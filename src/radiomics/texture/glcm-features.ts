/**
 * GLCM features (IBSI 1 LFYI): definitions and the kernel computing them from one (merged)
 * co-occurrence matrix. p_ij = M_ij / ΣM; p_i. row marginal; p_{i−j,k} diagonal and p_{i+j,k}
 * cross-diagonal probabilities; Ng the number of grey levels of the discretisation.
 */
import type { FeatureDef } from '../feature-def.js';
import type { CountMatrix } from './count-matrix.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, pyradiomicsName: string | undefined, definition: string): FeatureDef =>
  pyradiomicsName === undefined ? { id: `glcm.${id}`, family: 'glcm', ibsiCode, ibsiTag, definition } : { id: `glcm.${id}`, family: 'glcm', ibsiCode, ibsiTag, pyradiomicsName, definition };

/** The 25 IBSI GLCM features, in IBSI order (the kernel writes values in this order). */
export const GLCM_FEATURES: readonly FeatureDef[] = [
  def('joint_max', 'GYBY', 'cm.joint.max', 'MaximumProbability', 'Joint maximum: max p_ij.'),
  def('joint_avg', '60VM', 'cm.joint.avg', 'JointAverage', 'Joint average: Σ i p_ij.'),
  def('joint_var', 'UR99', 'cm.joint.var', 'SumSquares', 'Joint variance: Σ (i − μ)² p_ij, μ the joint average.'),
  def('joint_entr', 'TU9B', 'cm.joint.entr', 'JointEntropy', 'Joint entropy: −Σ p_ij log2 p_ij.'),
  def('diff_avg', 'TF7R', 'cm.diff.avg', 'DifferenceAverage', 'Difference average: Σ_k k p_{i−j,k}.'),
  def('diff_var', 'D3YU', 'cm.diff.var', 'DifferenceVariance', 'Difference variance: Σ_k (k − μ)² p_{i−j,k}, μ the difference average.'),
  def('diff_entr', 'NTRS', 'cm.diff.entr', 'DifferenceEntropy', 'Difference entropy: −Σ_k p_{i−j,k} log2 p_{i−j,k}.'),
  def('sum_avg', 'ZGXS', 'cm.sum.avg', 'SumAverage', 'Sum average: Σ_k k p_{i+j,k}.'),
  def('sum_var', 'OEEB', 'cm.sum.var', undefined, 'Sum variance: Σ_k (k − μ)² p_{i+j,k}, μ the sum average (equals cluster tendency).'),
  def('sum_entr', 'P6QZ', 'cm.sum.entr', 'SumEntropy', 'Sum entropy: −Σ_k p_{i+j,k} log2 p_{i+j,k}.'),
  def('energy', '8ZQL', 'cm.energy', 'JointEnergy', 'Angular second moment (energy): Σ p_ij².'),
  def('contrast', 'ACUI', 'cm.contrast', 'Contrast', 'Contrast: Σ (i − j)² p_ij.'),
  def('dissimilarity', '8S9J', 'cm.dissimilarity', undefined, 'Dissimilarity: Σ |i − j| p_ij (equals difference average).'),
  def('inv_diff', 'IB1Z', 'cm.inv.diff', 'Id', 'Inverse difference: Σ p_ij / (1 + |i − j|).'),
  def('inv_diff_norm', 'NDRX', 'cm.inv.diff.norm', 'Idn', 'Normalised inverse difference: Σ p_ij / (1 + |i − j|/Ng).'),
  def('inv_diff_mom', 'WF0Z', 'cm.inv.diff.mom', 'Idm', 'Inverse difference moment: Σ p_ij / (1 + (i − j)²).'),
  def('inv_diff_mom_norm', '1QCO', 'cm.inv.diff.mom.norm', 'Idmn', 'Normalised inverse difference moment: Σ p_ij / (1 + (i − j)²/Ng²).'),
  def('inv_var', 'E8JP', 'cm.inv.var', 'InverseVariance', 'Inverse variance: Σ_{k≥1} p_{i−j,k} / k².'),
  def('corr', 'NI2N', 'cm.corr', 'Correlation', 'Correlation: (Σ i j p_ij − μ_i.²) / σ_i.² (undefined when σ_i. = 0).'),
  def('auto_corr', 'QWB0', 'cm.auto.corr', 'Autocorrelation', 'Autocorrelation: Σ i j p_ij.'),
  def('clust_tend', 'DG8W', 'cm.clust.tend', 'ClusterTendency', 'Cluster tendency: Σ (i + j − 2μ_i.)² p_ij.'),
  def('clust_shade', '7NFM', 'cm.clust.shade', 'ClusterShade', 'Cluster shade: Σ (i + j − 2μ_i.)³ p_ij.'),
  def('clust_prom', 'AE86', 'cm.clust.prom', 'ClusterProminence', 'Cluster prominence: Σ (i + j − 2μ_i.)⁴ p_ij.'),
  def('info_corr_1', 'R8DG', 'cm.info.corr.1', 'Imc1', 'Information correlation 1: (HXY − HXY1)/HX (undefined when HX = 0).'),
  def('info_corr_2', 'JN9H', 'cm.info.corr.2', 'Imc2', 'Information correlation 2: √(1 − exp(−2 (HXY2 − HXY))).'),
];

/**
 * Compute the 25 GLCM features of a symmetric co-occurrence matrix into `out` (GLCM_FEATURES
 * order; NaN where undefined). Returns false for an empty matrix. Ng = `m.nRows`.
 * @see IBSI 1 manual, section "Grey level co-occurrence based features".
 */
export function glcmFeatures(m: CountMatrix, out: Float64Array): boolean {
  const ng = m.nRows;
  const c = m.counts;
  let total = 0;
  for (let t = 0; t < ng * ng; t++) total += c[t];
  if (total === 0) {
    out.fill(Number.NaN, 0, GLCM_FEATURES.length);
    return false;
  }
  const px = new Float64Array(ng);
  const pDiff = new Float64Array(ng);
  const pSum = new Float64Array(2 * ng + 1);
  let jointMax = 0, jointAvg = 0, entropy = 0, energy = 0, contrast = 0, dissim = 0;
  let invDiff = 0, invDiffNorm = 0, invDiffMom = 0, invDiffMomNorm = 0, autoCorr = 0;
  for (let i = 1; i <= ng; i++) {
    for (let j = 1; j <= ng; j++) {
      const cnt = c[(i - 1) * ng + (j - 1)];
      if (cnt === 0) continue;
      const p = cnt / total;
      const d = Math.abs(i - j);
      if (p > jointMax) jointMax = p;
      jointAvg += i * p;
      entropy -= p * Math.log2(p);
      energy += p * p;
      contrast += d * d * p;
      dissim += d * p;
      invDiff += p / (1 + d);
      invDiffNorm += p / (1 + d / ng);
      invDiffMom += p / (1 + d * d);
      invDiffMomNorm += p / (1 + (d * d) / (ng * ng));
      autoCorr += i * j * p;
      px[i - 1] += p;
      pDiff[d] += p;
      pSum[i + j] += p;
    }
  }
  let jointVar = 0, clustTend = 0, clustShade = 0, clustProm = 0;
  const mu = jointAvg; // = μ_i. = μ_.j for a symmetric matrix
  for (let i = 1; i <= ng; i++) {
    for (let j = 1; j <= ng; j++) {
      const cnt = c[(i - 1) * ng + (j - 1)];
      if (cnt === 0) continue;
      const p = cnt / total;
      jointVar += (i - mu) * (i - mu) * p;
      const s = i + j - 2 * mu;
      const s2 = s * s;
      clustTend += s2 * p;
      clustShade += s2 * s * p;
      clustProm += s2 * s2 * p;
    }
  }
  let diffAvg = 0, diffEntr = 0, invVar = 0;
  for (let k = 0; k < ng; k++) {
    const p = pDiff[k];
    if (p === 0) continue;
    diffAvg += k * p;
    diffEntr -= p * Math.log2(p);
    if (k > 0) invVar += p / (k * k);
  }
  let diffVar = 0;
  for (let k = 0; k < ng; k++) if (pDiff[k] !== 0) diffVar += (k - diffAvg) * (k - diffAvg) * pDiff[k];
  let sumAvg = 0, sumEntr = 0;
  for (let k = 2; k <= 2 * ng; k++) {
    const p = pSum[k];
    if (p === 0) continue;
    sumAvg += k * p;
    sumEntr -= p * Math.log2(p);
  }
  let sumVar = 0;
  for (let k = 2; k <= 2 * ng; k++) if (pSum[k] !== 0) sumVar += (k - sumAvg) * (k - sumAvg) * pSum[k];
  let varX = 0, hx = 0;
  for (let i = 1; i <= ng; i++) {
    const p = px[i - 1];
    if (p === 0) continue;
    varX += (i - mu) * (i - mu) * p;
    hx -= p * Math.log2(p);
  }
  let hxy1 = 0, hxy2 = 0;
  for (let i = 0; i < ng; i++) {
    const pi = px[i];
    if (pi === 0) continue;
    for (let j = 0; j < ng; j++) {
      const pj = px[j];
      if (pj === 0) continue;
      const pp = pi * pj;
      const lg = Math.log2(pp);
      hxy1 -= (c[i * ng + j] / total) * lg;
      hxy2 -= pp * lg;
    }
  }
  const values = [
    jointMax, jointAvg, jointVar, entropy, diffAvg, diffVar, diffEntr, sumAvg, sumVar, sumEntr, energy, contrast, dissim,
    invDiff, invDiffNorm, invDiffMom, invDiffMomNorm, invVar,
    varX > 0 ? (autoCorr - mu * mu) / varX : Number.NaN,
    autoCorr, clustTend, clustShade, clustProm,
    hx > 0 ? (entropy - hxy1) / hx : Number.NaN,
    Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (hxy2 - entropy)))),
  ];
  for (let f = 0; f < values.length; f++) out[f] = values[f];
  return true;
}
