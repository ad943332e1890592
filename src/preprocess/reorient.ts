import type { Mat3, Vec3 } from '../core/geometry.js';
import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';
import type { Volume, VoxelArray } from '../core/volume.js';
import { indexToWorld, makeVolume } from '../core/volume.js';
import { resolveSpec } from './resolve-spec.js';
import type { StageOutput } from './stage-output.js';
import { runRecorded } from './stage-output.js';

/** Output axis t reads source axis `axes[t]`, reversed when `flips[t]`. */
export interface AxisPermutation {
  readonly axes: Vec3;
  readonly flips: readonly [boolean, boolean, boolean];
}

/**
 * Re-index voxels without interpolation: output axis t runs along source axis `axes[t]` (backwards
 * when flipped). With `keepWorld` (default) the geometry follows (direction columns permuted and
 * negated, origin moved to the new first voxel), so every voxel keeps its world position; without it
 * only shape and spacing follow and origin/direction are kept (index-space augmentation, TorchIO style).
 */
export function permuteAxes<T extends VoxelArray>(v: Volume<T>, p: AxisPermutation, keepWorld = true): Volume<T> {
  const [nx, ny] = v.shape;
  const stride = [1, nx, nx * ny];
  const shape = p.axes.map((a) => v.shape[a]) as unknown as Vec3;
  const step = p.axes.map((a, t) => (p.flips[t] ? -stride[a] : stride[a]));
  let base = 0;
  p.axes.forEach((a, t) => { if (p.flips[t]) base += (v.shape[a] - 1) * stride[a]; });
  const out = new (v.data.constructor as new (n: number) => T)(shape[0] * shape[1] * shape[2]);
  const src = v.data;
  let o = 0;
  for (let k = 0; k < shape[2]; k++) {
    for (let j = 0; j < shape[1]; j++) {
      let s = base + k * step[2] + j * step[1];
      for (let i = 0; i < shape[0]; i++, o++, s += step[0]) out[o] = src[s];
    }
  }
  const spacing = p.axes.map((a) => v.spacing[a]) as unknown as Vec3;
  if (!keepWorld) return makeVolume({ data: out, shape, spacing, origin: v.origin, direction: v.direction }, 'permuted volume');
  const dir = new Array<number>(9);
  p.axes.forEach((a, t) => { for (let r = 0; r < 3; r++) dir[r * 3 + t] = (p.flips[t] ? -1 : 1) * v.direction[r * 3 + a] + 0; });
  const srcFirst = [0, 0, 0];
  p.axes.forEach((a, t) => { if (p.flips[t]) srcFirst[a] = v.shape[a] - 1; });
  return makeVolume({ data: out, shape, spacing, origin: indexToWorld(v, srcFirst as unknown as Vec3), direction: dir as unknown as Mat3 }, 'reoriented volume');
}

const WORLD: Record<string, [number, number]> = { L: [0, 1], R: [0, -1], P: [1, 1], A: [1, -1], S: [2, 1], I: [2, -1] };

/** The permutation that brings `direction` to orientation `code` (each index axis assigned to its closest world axis). */
export function orientationPermutation(direction: Mat3, code: string): AxisPermutation {
  const srcWorld: number[] = [], srcSign: number[] = [];
  for (let c = 0; c < 3; c++) {
    let best = 0;
    for (let r = 1; r < 3; r++) if (Math.abs(direction[r * 3 + c]) > Math.abs(direction[best * 3 + c])) best = r;
    srcWorld.push(best);
    srcSign.push(direction[best * 3 + c] >= 0 ? 1 : -1);
  }
  if (new Set(srcWorld).size !== 3) {
    throw new HccError('E_INPUT', `reorient: index axes of direction [${direction.map((x) => x.toFixed(3)).join(', ')}] do not map to distinct world axes (oblique near 45°); resample instead`, { issues: [issueError('bad_option', ['direction'], 'ambiguous axis assignment')] });
  }
  const axes: number[] = [], flips: boolean[] = [];
  for (const letter of code) {
    const [w, sign] = WORLD[letter];
    const a = srcWorld.indexOf(w);
    axes.push(a);
    flips.push(srcSign[a] !== sign);
  }
  return { axes: axes as unknown as Vec3, flips: flips as unknown as [boolean, boolean, boolean] };
}

/**
 * Stage `reorient`: permute and flip index axes so that the volume's orientation code
 * (core `orientationCode`, ITK convention: letters name where each axis points) becomes `orientation`.
 * Exact (no interpolation); world positions of voxels are unchanged. Works for masks too.
 * @see ITK OrientImageFilter, nibabel as_closest_canonical (RAS), TorchIO ToCanonical
 */
export function reorient<T extends VoxelArray>(v: Volume<T>, spec: { orientation?: string } = {}): StageOutput<Volume<T>> {
  const s = resolveSpec('reorient', spec);
  return runRecorded('reorient', s, { image: v }, () => {
    const p = orientationPermutation(v.direction, s.orientation);
    const out = permuteAxes(v, p);
    const labels = (v as { labels?: unknown }).labels;
    return { value: (labels !== undefined ? { ...out, labels } : out) as Volume<T> };
  });
}
