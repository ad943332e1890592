import type { Vec3 } from '../core/geometry.js';
import type { Rng } from '../core/rng.js';
import type { Mask, Volume } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import { sampleGrid, sampleMaskGrid } from './interpolate.js';
import { permuteAxes } from './reorient.js';
import { resolveSpec } from './resolve-spec.js';
import type { AugmentSpec } from './specs.js';
import type { StageOutput } from './stage-output.js';
import { runRecorded } from './stage-output.js';

/** Sampled augmentation parameters: everything `applyAugment` needs to replay a draw. */
export interface AugmentParams {
  readonly flips: readonly [boolean, boolean, boolean];
  readonly rotate90: { readonly plane: 'xy' | 'xz' | 'yz'; readonly quarterTurns: 0 | 1 | 2 | 3 };
  /** v ↦ mean + factor·(v − mean), or null for no contrast change. */
  readonly contrastFactor: number | null;
  /** > 1 magnifies about the grid centre, or null for no zoom. */
  readonly zoomFactor: number | null;
}

/**
 * Draw augmentation parameters. The stream layout is fixed (3 flip draws, 2 rotation draws, 2
 * contrast draws, 2 zoom draws, whatever the probabilities), so a seed gives the same parameters for
 * every spec that differs only in probabilities or ranges. A fresh `rng.fork(label)` per sample keeps
 * samples independent of their order.
 * @see TorchIO RandomTransform.get_params / apply_transform
 */
export function sampleAugmentParams(specInput: Omit<AugmentSpec, 'kind' | 'flipProbability'> & Partial<AugmentSpec>, rng: Rng): AugmentParams {
  const spec = resolveSpec('augment', specInput);
  const flips = spec.flipProbability.map((p) => rng.uniform() < p) as unknown as [boolean, boolean, boolean];
  const uRot = rng.uniform();
  const turns = (1 + rng.int(3)) as 1 | 2 | 3;
  const uC = rng.uniform(), vC = rng.uniform();
  const uZ = rng.uniform(), vZ = rng.uniform();
  const pick = (o: { probability: number; factorRange: [number, number] } | undefined, u: number, v: number) =>
    o && u < o.probability ? o.factorRange[0] + (o.factorRange[1] - o.factorRange[0]) * v : null;
  return {
    flips,
    rotate90: { plane: spec.rotate90?.plane ?? 'xy', quarterTurns: spec.rotate90 && uRot < spec.rotate90.probability ? turns : 0 },
    contrastFactor: pick(spec.contrast, uC, vC),
    zoomFactor: pick(spec.zoom, uZ, vZ),
  };
}

const PLANES = { xy: [0, 1], xz: [0, 2], yz: [1, 2] } as const;

/**
 * Apply sampled parameters: flips, then quarter turns, then zoom, then contrast (images only). The
 * transforms act in index space and keep the grid's origin and direction (TorchIO convention; shape and
 * spacing follow a rotation), so apply the same parameters to an image and its mask. Images become
 * Float32Array when zoomed or contrast-changed (linear interpolation); masks stay label maps
 * (nearest neighbour).
 */
export function applyAugment<V extends Volume>(volume: V, params: AugmentParams, kind: 'image' | 'mask' = 'image'): V {
  let v: Volume = volume;
  if (params.flips.some(Boolean)) v = permuteAxes(v, { axes: [0, 1, 2], flips: params.flips }, false);
  const [a, b] = PLANES[params.rotate90.plane];
  for (let t = 0; t < params.rotate90.quarterTurns; t++) {
    const axes = [0, 1, 2];
    axes[a] = b; axes[b] = a;
    const flips = [false, false, false];
    flips[a] = true;
    v = permuteAxes(v, { axes: axes as unknown as Vec3, flips: flips as unknown as [boolean, boolean, boolean] }, false);
  }
  if (params.zoomFactor !== null && params.zoomFactor !== 1) {
    const f = params.zoomFactor;
    const c = v.shape.map((n) => (n - 1) / 2);
    const map = { m: [1 / f, 0, 0, 0, 1 / f, 0, 0, 0, 1 / f], b: c.map((x) => x * (1 - 1 / f)) };
    if (kind === 'mask') {
      const out = new Uint8Array(v.data.length);
      sampleMaskGrid(v as Mask, map, v.shape, 'nearest', 0.5, out);
      v = makeVolume({ ...v, data: out });
    } else {
      const out = new Float32Array(v.data.length);
      sampleGrid({ data: v.data, shape: v.shape, pad: 0 }, map, v.shape, 'linear', out);
      v = makeVolume({ ...v, data: out });
    }
  }
  if (kind === 'image' && params.contrastFactor !== null) {
    const d = v.data;
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum += d[i];
    const mean = sum / d.length;
    const out = new Float32Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = mean + params.contrastFactor * (d[i] - mean);
    v = makeVolume({ ...v, data: out });
  }
  const labels = (volume as { labels?: unknown }).labels;
  return (labels !== undefined ? { ...v, labels } : v) as V;
}

/** Augmented image (and mask) with the parameters drawn. */
export interface AugmentResult {
  readonly image: Volume;
  readonly mask?: Mask;
  readonly params: AugmentParams;
}

/**
 * Stage `augment`: draw parameters from `rng`, apply them to the image (and mask), and record the
 * spec together with the drawn parameters (`record.options.params`) so `applyAugment` can replay it.
 */
export function augment(image: Volume, specInput: Omit<AugmentSpec, 'kind' | 'flipProbability'> & Partial<AugmentSpec>, rng: Rng, mask?: Mask): StageOutput<AugmentResult> {
  const spec = resolveSpec('augment', specInput);
  const params = sampleAugmentParams(spec, rng);
  const inputs: Record<string, Volume> = mask ? { image, mask } : { image };
  return runRecorded('augment', { spec, params, seed: rng.seed }, inputs, () => ({
    value: mask ? { image: applyAugment(image, params), mask: applyAugment(mask, params, 'mask'), params } : { image: applyAugment(image, params), params },
  }));
}
