/**
 * PyRadiomics GLCM features (24 default) of one normalised co-occurrence matrix. Grey-level
 * coefficients are the level values i = 1..Ng (Ng = highest level in the ROI), eps = 2.2e-16 in
 * every log, and PyRadiomics' conventions for degenerate matrices (Correlation 1 when σx·σy = 0,
 * Imc1 0 when max(HX, HY) = 0, Imc2 0 when HXY2 = HXY, MCC 1 with fewer than two grey levels).
 */
import { PYRADIOMICS_EPS as EPS } from './firstorder.js';
import { symmetricEigenvalues } from './symmetric-eigen.js';

/** The 24 default GLCM feature names. */
export const GLCM_FEATURE_NAMES = [
  'Autocorrelation', 'JointAverage', 'ClusterProminence', 'ClusterShade', 'ClusterTendency', 'Contrast', 'Correlation',
  'DifferenceAverage', 'DifferenceEntropy', 'DifferenceVariance', 'JointEnergy', 'JointEntropy', 'Imc1', 'Imc2', 'Idm',
  'MCC', 'Idmn', 'Id', 'Idn', 'InverseVariance', 'MaximumProbability', 'SumAverage', 'SumEntropy', 'SumSquares',
] as const;

/**
 * Maximal correlation coefficient: √ of the second-largest eigenvalue of
 * Q(i, j) = Σ_k p(i,k) p(j,k) / (p_x(i) p_y(k)). For a symmetric p, Q = (D⁻¹P)², so its eigenvalues
 * are the squares of those of the symmetric D^{-1/2} P D^{-1/2} (levels with p_x = 0 give 0).
 */
function mcc(p: Float64Array, px: Float64Array, ng: number, nPresent: number): number {
  if (nPresent < 2) return 1;
  const idx: number[] = [];
  for (let i = 0; i < ng; i++) if (px[i] > 0) idx.push(i);
  const m = idx.length;
  const a = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) a[r * m + c] = p[idx[r] * ng + idx[c]] / Math.sqrt(px[idx[r]] * px[idx[c]]);
  }
  const ev = symmetricEigenvalues(a, m);
  const sq = new Float64Array(nPresent);
  for (let t = 0; t < m; t++) sq[t] = ev[t] * ev[t];
  sq.sort();
  return Math.sqrt(sq[nPresent - 2]);
}

/**
 * GLCM features of counts `c` (Ng × Ng, symmetric; normalised here). `nPresent` is the number of grey
 * levels present in the ROI (the size of PyRadiomics' matrix after it drops empty levels).
 * Returns null when the matrix holds no pair (PyRadiomics drops such angles).
 * @see PyRadiomics `radiomics.glcm.RadiomicsGLCM`.
 */
export function pyradiomicsGlcmFeatures(c: Float64Array, ng: number, nPresent: number): Record<string, number> | null {
  let total = 0;
  for (let t = 0; t < c.length; t++) total += c[t];
  if (total === 0) return null;
  const p = new Float64Array(ng * ng);
  for (let t = 0; t < p.length; t++) p[t] = c[t] / total;
  const px = new Float64Array(ng), py = new Float64Array(ng);
  const sumP = new Float64Array(2 * ng + 1);
  const diffP = new Float64Array(ng);
  let ux = 0, uy = 0, auto = 0, contrast = 0, energy = 0, hxy = 0, maxP = 0;
  for (let i = 0; i < ng; i++) {
    for (let j = 0; j < ng; j++) {
      const v = p[i * ng + j];
      if (v === 0) continue;
      const li = i + 1, lj = j + 1;
      px[i] += v;
      py[j] += v;
      ux += li * v;
      uy += lj * v;
      auto += li * lj * v;
      contrast += (li - lj) * (li - lj) * v;
      energy += v * v;
      hxy -= v * Math.log2(v + EPS);
      if (v > maxP) maxP = v;
      sumP[li + lj] += v;
      diffP[Math.abs(li - lj)] += v;
    }
  }
  let cp = 0, cs = 0, ct = 0, sx2 = 0, sy2 = 0, corm = 0, hxy1 = 0, hxy2 = 0;
  for (let i = 0; i < ng; i++) {
    const li = i + 1;
    for (let j = 0; j < ng; j++) {
      const v = p[i * ng + j];
      const pp = px[i] * py[j];
      if (pp !== 0) hxy2 -= pp * Math.log2(pp + EPS);
      if (v === 0) continue;
      const lj = j + 1;
      const s = li + lj - ux - uy;
      ct += s * s * v;
      cs += s * s * s * v;
      cp += s * s * s * s * v;
      sx2 += (li - ux) * (li - ux) * v;
      sy2 += (lj - uy) * (lj - uy) * v;
      corm += (li - ux) * (lj - uy) * v;
      hxy1 -= v * Math.log2(pp + EPS);
    }
  }
  let hx = 0, hy = 0;
  for (let i = 0; i < ng; i++) {
    if (px[i] > 0) hx -= px[i] * Math.log2(px[i] + EPS);
    if (py[i] > 0) hy -= py[i] * Math.log2(py[i] + EPS);
  }
  let da = 0, de = 0, idm = 0, idmn = 0, id = 0, idn = 0, iv = 0;
  for (let k = 0; k < ng; k++) {
    const v = diffP[k];
    if (v === 0) continue;
    da += k * v;
    de -= v * Math.log2(v + EPS);
    idm += v / (1 + k * k);
    idmn += v / (1 + (k * k) / (ng * ng));
    id += v / (1 + k);
    idn += v / (1 + k / ng);
    if (k > 0) iv += v / (k * k);
  }
  let dv = 0;
  for (let k = 0; k < ng; k++) if (diffP[k] !== 0) dv += (k - da) * (k - da) * diffP[k];
  let sa = 0, se = 0;
  for (let k = 2; k <= 2 * ng; k++) {
    const v = sumP[k];
    if (v === 0) continue;
    sa += k * v;
    se -= v * Math.log2(v + EPS);
  }
  const sxy = Math.sqrt(sx2) * Math.sqrt(sy2);
  const div = Math.max(hx, hy);
  const imc2Arg = 1 - Math.exp(-2 * (hxy2 - hxy));
  return {
    Autocorrelation: auto,
    JointAverage: ux,
    ClusterProminence: cp,
    ClusterShade: cs,
    ClusterTendency: ct,
    Contrast: contrast,
    Correlation: sxy === 0 ? 1 : corm / sxy,
    DifferenceAverage: da,
    DifferenceEntropy: de,
    DifferenceVariance: dv,
    JointEnergy: energy,
    JointEntropy: hxy,
    Imc1: div === 0 ? hxy - hxy1 : (hxy - hxy1) / div,
    Imc2: hxy2 === hxy ? 0 : imc2Arg < 0 ? Number.NaN : Math.sqrt(imc2Arg),
    Idm: idm,
    MCC: mcc(p, px, ng, nPresent),
    Idmn: idmn,
    Id: id,
    Idn: idn,
    InverseVariance: iv,
    MaximumProbability: maxP,
    SumAverage: sa,
    SumEntropy: se,
    SumSquares: sx2,
  };
}
