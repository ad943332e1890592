import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';
import type { Mask, Volume } from '../core/volume.js';
import { assertSameGrid, makeVolume } from '../core/volume.js';
import { resolveSpec } from './resolve-spec.js';
import type { NormaliseSpec } from './specs.js';
import type { StageOutput } from './stage-output.js';
import { runRecorded } from './stage-output.js';

/** Statistics used by a normalisation (recorded so it can be inverted or replayed). */
export interface NormaliseStats {
  readonly voxels: number;
  readonly mean: number;
  /** Population standard deviation (ddof 0). */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

/** The normalised image and the statistics it used. */
export interface NormaliseResult {
  readonly volume: Volume<Float32Array>;
  readonly stats: NormaliseStats;
}

/**
 * Stage `normalise`. `z-score`: v ↦ (v − mean) / sd with mean and population sd over the voxels whose
 * mask label is in `maskLabels` (all voxels when no labels are given); `min-max`: v ↦ lo + (hi − lo)·
 * (v − min)/(max − min) over the same voxels. Every voxel is transformed; output Float32Array.
 * Throws `E_INPUT` (`empty_mask`) when no voxel is selected and (`constant_covariate`) when the
 * selected intensities are constant (division by zero).
 * @see MONAI NormalizeIntensity (nonzero/mask), TorchIO ZNormalization(masking_method)
 */
export function normaliseIntensity(volume: Volume, spec: Omit<NormaliseSpec, 'kind' | 'range'> & Partial<NormaliseSpec>, mask?: Mask): StageOutput<NormaliseResult> {
  const s = resolveSpec('normalise', spec);
  const inputs: Record<string, Volume> = mask ? { image: volume, mask } : { image: volume };
  return runRecorded('normalise', s, inputs, () => {
    if (s.maskLabels && !mask) throw new HccError('E_OPTION', 'normalise: maskLabels given but no mask', { issues: [issueError('bad_option', ['maskLabels'], 'maskLabels needs a mask')] });
    if (mask) assertSameGrid(volume, mask);
    const sel = s.maskLabels && mask ? new Set(s.maskLabels) : null;
    const d = volume.data;
    let n = 0, sum = 0, min = Infinity, max = -Infinity;
    for (let i = 0; i < d.length; i++) {
      if (sel && !sel.has(mask!.data[i])) continue;
      const v = d[i];
      n++; sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (n === 0) throw new HccError('E_INPUT', `normalise: no voxel has mask label(s) ${s.maskLabels?.join(', ')}`, { issues: [issueError('empty_mask', ['maskLabels'], 'the mask selects no voxels', { expected: 'at least one voxel', received: '0 voxels' })] });
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < d.length; i++) {
      if (sel && !sel.has(mask!.data[i])) continue;
      ss += (d[i] - mean) ** 2;
    }
    const sd = Math.sqrt(ss / n);
    const scale = s.method === 'z-score' ? sd : max - min;
    if (!(scale > 0)) throw new HccError('E_INPUT', `normalise: selected intensities are constant (${mean})`, { issues: [issueError('constant_covariate', ['image'], `the ${n} selected voxels all equal ${mean}; ${s.method} would divide by zero`)] });
    const out = new Float32Array(d.length);
    if (s.method === 'z-score') for (let i = 0; i < d.length; i++) out[i] = (d[i] - mean) / sd;
    else {
      const [lo, hi] = s.range;
      const f = (hi - lo) / (max - min);
      for (let i = 0; i < d.length; i++) out[i] = lo + (d[i] - min) * f;
    }
    return { value: { volume: makeVolume({ ...volume, data: out }, 'normalised image'), stats: { voxels: n, mean, sd, min, max } } };
  });
}
