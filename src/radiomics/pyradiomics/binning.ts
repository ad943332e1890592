/**
 * PyRadiomics' intensity binning (`imageoperations.getBinEdges` + `numpy.digitize`): fixed bin width
 * with edges at multiples of the width, or a fixed bin count with `numpy.histogram` edges.
 */
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';

/** Binned ROI: one grey level (1-based) per ROI value, the edges used and the levels present. */
export interface PyRadiomicsBinning {
  /** Grey level of each input value (same order), ≥ 1. */
  readonly levels: Int32Array;
  readonly edges: Float64Array;
  /** Ng as PyRadiomics uses it: the highest grey level present. */
  readonly nGreyLevels: number;
  /** Distinct grey levels present, ascending. */
  readonly grayLevels: Int32Array;
}

/** Python's float modulo: the result has the sign of the divisor. */
function pyMod(x: number, w: number): number {
  let r = x % w;
  if (r !== 0 && r < 0 !== w < 0) r += w;
  return r;
}

/**
 * Bin edges as PyRadiomics 3.1 computes them over the ROI values.
 * - binCount n: `numpy.histogram` edges, linspace(min, max, n + 1) (min ± 0.5 when min = max), last edge + 1.
 * - binWidth w: numpy.arange(min − (min mod w), max + 2w, w); a single edge e becomes [e − 0.5, e + 0.5].
 * @see PyRadiomics `imageoperations.getBinEdges`.
 */
export function pyradiomicsBinEdges(values: ArrayLike<number>, spec: { readonly binWidth: number; readonly binCount: number | null }): Float64Array {
  if (values.length === 0) throw new HccError('E_INPUT', 'binning: no ROI values', { issues: [issueError('empty_data', ['mask'], 'the ROI is empty', { expected: 'at least one voxel' })] });
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (spec.binCount !== null) {
    const n = spec.binCount;
    let lo = min;
    let hi = max;
    if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    const step = (hi - lo) / n;
    const edges = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) edges[i] = i * step + lo;
    edges[n] = hi + 1;
    return edges;
  }
  const w = spec.binWidth;
  const low = min - pyMod(min, w);
  const high = max + 2 * w;
  const len = Math.ceil((high - low) / w);
  if (len <= 1) return Float64Array.from([low - 0.5, low + 0.5]);
  const delta = low + w - low;
  const edges = new Float64Array(len);
  edges[0] = low;
  for (let i = 1; i < len; i++) edges[i] = low + i * delta;
  return edges;
}

/** numpy.digitize(x, edges) for increasing edges: the number of edges ≤ x. */
export function digitize(x: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Discretise ROI values the PyRadiomics way (see {@link pyradiomicsBinEdges}); grey level = digitize(x).
 * @see PyRadiomics `imageoperations.binImage`.
 */
export function pyradiomicsBin(values: ArrayLike<number>, spec: { readonly binWidth: number; readonly binCount: number | null }): PyRadiomicsBinning {
  const edges = pyradiomicsBinEdges(values, spec);
  const levels = new Int32Array(values.length);
  let maxLevel = 0;
  for (let i = 0; i < values.length; i++) {
    const l = digitize(values[i], edges);
    levels[i] = l;
    if (l > maxLevel) maxLevel = l;
  }
  const present = new Uint8Array(maxLevel + 1);
  for (let i = 0; i < levels.length; i++) present[levels[i]] = 1;
  const gl: number[] = [];
  for (let l = 1; l <= maxLevel; l++) if (present[l]) gl.push(l);
  return { levels, edges, nGreyLevels: maxLevel, grayLevels: Int32Array.from(gl) };
}
