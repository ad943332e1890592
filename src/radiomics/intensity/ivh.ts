/** Intensity-volume histogram features (IBSI 1 P88C). */
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { FeatureDef } from '../feature-def.js';
import type { IntensityRange } from '../roi/resegment.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, definition: string): FeatureDef => ({ id: `intensity_volume_histogram.${id}`, family: 'intensity_volume_histogram', ibsiCode, ibsiTag, definition });

/** IVH features: ν_i fraction of voxels with discretised intensity ≥ i, γ_i = (i − min G)/(max G − min G). */
export const IVH_FEATURES: readonly FeatureDef[] = [
  def('v10', 'BC2M', 'ivh.V10', 'Volume fraction at 10% intensity: ν at the lowest i with γ_i ≥ 0.10.'),
  def('v90', 'BC2M', 'ivh.V90', 'Volume fraction at 90% intensity: ν at the lowest i with γ_i ≥ 0.90.'),
  def('i10', 'GBPN', 'ivh.I10', 'Intensity at 10% volume: lowest i with ν_i ≤ 0.10.'),
  def('i90', 'GBPN', 'ivh.I90', 'Intensity at 90% volume: lowest i with ν_i ≤ 0.90.'),
  def('v10_minus_v90', 'DDTU', 'ivh.V10minusV90', 'V10 − V90.'),
  def('i10_minus_i90', 'CNV2', 'ivh.I10minusI90', 'I10 − I90.'),
  def('auc', '9CMM', 'ivh.auc', 'Area under the IVH curve ν(γ) by the trapezoidal rule (0 for a single intensity); IBSI gives no reference value.'),
];

/**
 * IVH discretisation (IBSI "Intensity-volume histogram features"):
 * - 'none': calibrated discrete intensities (CT HU) are used as they are, w_d = 1, G = re-segmentation range
 *   (open bounds replaced by the ROI min / max);
 * - 'fixed_bin_size': calibrated continuous intensities: FBS with width w from the lower bound, bins replaced by
 *   their centres, G = [lower + w/2, upper − w/2], w_d = w;
 * - 'fixed_bin_number': arbitrary units: FBN with N_g bins on the ROI range, G = [1, N_g], w_d = 1.
 */
export type IvhDiscretisation = { readonly method: 'none' } | { readonly method: 'fixed_bin_size'; readonly binWidth: number } | { readonly method: 'fixed_bin_number'; readonly nBins: number };

/** IVH values keyed by feature id, with the discretisation used. */
export interface IvhResult {
  readonly values: Readonly<Record<string, number>>;
  readonly diagnostics: { readonly voxels: number; readonly rangeMin: number; readonly rangeMax: number; readonly step: number; readonly points: number };
}

/**
 * IVH features of the intensity-mask values.
 *
 * @param values intensities in the intensity mask
 * @param range the re-segmentation range (null: none)
 * @see IBSI 1 manual, "Intensity-volume histogram features".
 */
export function computeIntensityVolumeHistogram(values: ArrayLike<number>, disc: IvhDiscretisation, range: IntensityRange | null): IvhResult {
  const n = values.length;
  if (n === 0) throw new HccError('E_INPUT', 'IVH: the intensity mask is empty', { issues: [issueError('empty_data', ['mask'], 'no voxel in the intensity mask')] });
  let mn = Infinity, mx = -Infinity;
  for (let k = 0; k < n; k++) {
    if (values[k] < mn) mn = values[k];
    if (values[k] > mx) mx = values[k];
  }
  const d = new Float64Array(n);
  let gMin: number, gMax: number, step: number;
  if (disc.method === 'none') {
    for (let k = 0; k < n; k++) d[k] = values[k];
    gMin = range?.lower ?? mn;
    gMax = range?.upper ?? mx;
    step = 1;
  } else if (disc.method === 'fixed_bin_size') {
    const lo = range?.lower ?? mn;
    const hi = range?.upper ?? mx;
    const w = disc.binWidth;
    for (let k = 0; k < n; k++) d[k] = lo + (Math.floor((values[k] - lo) / w) + 1 - 0.5) * w;
    gMin = lo + 0.5 * w;
    gMax = hi - 0.5 * w;
    step = w;
  } else {
    const ng = disc.nBins;
    const r = mx - mn;
    for (let k = 0; k < n; k++) d[k] = r === 0 ? 1 : Math.min(ng, Math.floor((ng * (values[k] - mn)) / r) + 1);
    gMin = 1;
    gMax = ng;
    step = 1;
  }
  d.sort();
  const points = Math.max(1, Math.round((gMax - gMin) / step) + 1);
  const nu = new Float64Array(points);
  const gamma = new Float64Array(points);
  const intensity = new Float64Array(points);
  let below = 0;
  const eps = 1e-9 * Math.max(1, step);
  for (let p = 0; p < points; p++) {
    const i = gMin + p * step;
    while (below < n && d[below] < i - eps) below++;
    intensity[p] = i;
    nu[p] = 1 - below / n;
    gamma[p] = gMax > gMin ? (i - gMin) / (gMax - gMin) : 0;
  }
  const volumeAt = (x: number) => {
    for (let p = 0; p < points; p++) if (gamma[p] >= x - 1e-12) return nu[p];
    return 0;
  };
  const intensityAt = (x: number) => {
    for (let p = 0; p < points; p++) if (nu[p] <= x + 1e-12) return intensity[p];
    return gMax + step;
  };
  let auc = 0;
  for (let p = 1; p < points; p++) auc += ((gamma[p] - gamma[p - 1]) * (nu[p] + nu[p - 1])) / 2;
  const v10 = volumeAt(0.1), v90 = volumeAt(0.9), i10 = intensityAt(0.1), i90 = intensityAt(0.9);
  return {
    values: {
      'intensity_volume_histogram.v10': v10,
      'intensity_volume_histogram.v90': v90,
      'intensity_volume_histogram.i10': i10,
      'intensity_volume_histogram.i90': i90,
      'intensity_volume_histogram.v10_minus_v90': v10 - v90,
      'intensity_volume_histogram.i10_minus_i90': i10 - i90,
      'intensity_volume_histogram.auc': points > 1 ? auc : 0,
    },
    diagnostics: { voxels: n, rangeMin: gMin, rangeMax: gMax, step, points },
  };
}
