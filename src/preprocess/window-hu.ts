import type { Volume } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import { resolveSpec } from './resolve-spec.js';
import type { WindowHuSpec } from './specs.js';
import type { StageOutput } from './stage-output.js';
import { runRecorded } from './stage-output.js';

/**
 * Stage `window-hu`: clip every voxel to [lowerHu, upperHu] (v ↦ min(max(v, lower), upper)).
 * The array type is kept when it can hold the bounds exactly (e.g. Int16 CT with integer bounds),
 * otherwise the result is Float32Array. NaN voxels stay NaN (reported upstream by the readers).
 * @see TorchIO Clamp, MONAI ScaleIntensityRange (without rescaling)
 */
export function windowHu(volume: Volume, spec: Omit<WindowHuSpec, 'kind'>): StageOutput<Volume> {
  const s = resolveSpec('window-hu', spec);
  return runRecorded('window-hu', s, { image: volume }, () => {
    const src = volume.data;
    const isInt = !(src instanceof Float32Array || src instanceof Float64Array);
    const keep = !isInt || (Number.isInteger(s.lowerHu) && Number.isInteger(s.upperHu));
    const out = keep ? new (src.constructor as new (n: number) => typeof src)(src.length) : new Float32Array(src.length);
    const lo = s.lowerHu, hi = s.upperHu;
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
    return { value: makeVolume({ ...volume, data: out }, 'windowed image') };
  });
}
