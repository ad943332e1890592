import * as tf from '@tensorflow/tfjs';
import { HccError } from '../core/errors.js';
import type { DeepDataset } from './dataset.js';
import { gatherImages } from './dataset.js';
import type { Network } from './model/network.js';

/** Grad-CAM maps on the input grid, one per sample. */
export interface GradCamResult {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  /** n × height × width, each map scaled to [0, 1] by its maximum (all zeros when nothing is positive). */
  readonly maps: Float32Array;
  /** Flat index (row·width + column) of each map's peak. */
  readonly peaks: Int32Array;
  /**
   * Members with one activation map per stack slice (M3T's slice tokens): n × slices × height × width,
   * each sample's maps scaled to [0, 1] by their common maximum, so each slice's map can go back on its
   * own CT slice (`camToGrid`). null for members whose map covers the whole stack (`maps` is then all).
   */
  readonly sliceMaps: Float32Array | null;
  /** Maps per sample in `sliceMaps` (1 when it is null). */
  readonly slices: number;
}

/**
 * Sample e's Grad-CAM as `camToGrid` takes it: its per-slice maps (slices × height × width) when the
 * member has them, else its single map (height × width).
 */
export function camOfSample(cam: GradCamResult, e: number): Float32Array {
  const hw = cam.height * cam.width;
  return cam.sliceMaps ? cam.sliceMaps.subarray(e * cam.slices * hw, (e + 1) * cam.slices * hw) : cam.maps.subarray(e * hw, (e + 1) * hw);
}

/** Options of `gradCam`. */
export interface GradCamOptions {
  /** Which risk head the map explains (default 'os'). */
  readonly target?: 'os' | 'pfs';
  readonly batchSize?: number;
}

/**
 * Grad-CAM (Selvaraju et al. 2017) of a member's risk head w.r.t. its last convolutional activations A
 * (the trunk output), by `tf.grad` at inference:
 *   α_c = mean_{i,j} ∂risk/∂A_{ijc},   L = ReLU(Σ_c α_c A_c),
 * bilinearly upsampled (half-pixel centres) to the input grid. For the M3T member (one activation map
 * per slice) `maps` holds the slice maps' average and `sliceMaps` the slice maps themselves. Samples are independent (running batch-norm statistics), so
 * the gradient of the batch sum gives every sample's own gradient.
 * @see MONAI `GradCAM` (used by the paper for all three networks).
 */
export function gradCam(net: Network, data: Pick<DeepDataset, 'n' | 'height' | 'width' | 'channels' | 'images'>, options: GradCamOptions = {}): GradCamResult {
  const target = options.target ?? 'os';
  if (target === 'pfs' && !net.spec.pfsHead) throw new HccError('E_OPTION', 'gradCam: the network has no PFS head');
  const bs = options.batchSize ?? 16;
  const { n, height: H, width: W } = data;
  const maps = new Float32Array(n * H * W);
  const peaks = new Int32Array(n);
  let sliceMaps: Float32Array | null = null;
  let slices = 1;
  const mode = { training: false, convImpl: 'native' as const };
  // The head is differentiated: its depthwise convolutions must use the differentiable shifted-slice
  // form (wasm has no depthwise backprop kernels); values are the same up to float rounding.
  const headMode = { training: false, convImpl: 'im2col' as const };
  const hw = H * W;
  for (let start = 0; start < n; start += bs) {
    const rows = Array.from({ length: Math.min(bs, n - start) }, (_, k) => start + k);
    const b = rows.length;
    let per = 1;
    // One read-back per block: every map the trunk gives (b, or b · slices for M3T), upsampled.
    const up = tf.tidy(() => {
      const x = tf.tensor4d(gatherImages(data as DeepDataset, rows), [b, H, W, data.channels]);
      const a = net.trunk(x, mode);
      const g = tf.grad((act: tf.Tensor) => {
        const out = net.head(act as tf.Tensor4D, headMode, x);
        return tf.sum((target === 'os' ? out.os : out.pfs) as tf.Tensor1D);
      })(a);
      const alpha = tf.mean(g, [1, 2], true);
      const cam = tf.relu(tf.sum(tf.mul(a, alpha), 3, true)) as tf.Tensor4D;
      per = a.shape[0] / b;
      return tf.image.resizeBilinear(cam, [H, W], false, true).dataSync().slice() as Float32Array;
    });
    if (per !== 1 && !sliceMaps) {
      slices = per;
      sliceMaps = new Float32Array(n * per * hw);
    }
    for (let k = 0; k < b; k++) {
      let m = up.subarray(k * per * hw, (k + 1) * per * hw);
      if (sliceMaps) {
        scaleByMax(m, sliceMaps.subarray((start + k) * per * hw, (start + k + 1) * per * hw));
        const avg = new Float32Array(hw); // the slice maps' average
        for (let s = 0; s < per; s++) for (let i = 0; i < hw; i++) avg[i] += m[s * hw + i];
        for (let i = 0; i < hw; i++) avg[i] /= per;
        m = avg;
      }
      peaks[start + k] = scaleByMax(m, maps.subarray((start + k) * hw, (start + k + 1) * hw));
    }
  }
  return { n, height: H, width: W, maps, peaks, sliceMaps, slices };
}

/** dst = src / max(src) (left zero when nothing is positive); returns the index of the first maximum. */
function scaleByMax(src: Float32Array, dst: Float32Array): number {
  let max = 0;
  let arg = 0;
  for (let i = 0; i < src.length; i++) if (src[i] > max) { max = src[i]; arg = i; }
  if (max > 0) for (let i = 0; i < src.length; i++) dst[i] = src[i] / max;
  return arg;
}

/** How much of a map falls inside a mask. */
export interface CamMaskScore {
  /** Σ map inside (dilated) mask / Σ map, in [0, 1]; 0 for an empty map. */
  readonly massInside: number;
  /** Whether the map's peak lies inside the (dilated) mask. */
  readonly peakInside: boolean;
  /** Voxels in the dilated mask. */
  readonly maskVoxels: number;
}

/**
 * Score one Grad-CAM map (height × width) against a tumour mask on the same grid (non-zero = inside),
 * optionally dilated by `marginPx` pixels (Euclidean disc; e.g. 5 mm / pixel spacing).
 */
export function camMaskScore(map: Float32Array, mask: Uint8Array, height: number, width: number, marginPx = 0): CamMaskScore {
  if (map.length !== height * width || mask.length !== height * width) throw new HccError('E_INPUT', `camMaskScore: map (${map.length}) and mask (${mask.length}) must both be ${height}×${width}`);
  let inside = mask;
  if (marginPx > 0) {
    inside = new Uint8Array(mask.length);
    const r = Math.ceil(marginPx);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!mask[y * width + x]) continue;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && yy < height && xx >= 0 && xx < width && dx * dx + dy * dy <= marginPx * marginPx) inside[yy * width + xx] = 1;
          }
        }
      }
    }
  }
  let total = 0;
  let within = 0;
  let max = -Infinity;
  let arg = 0;
  let maskVoxels = 0;
  for (let i = 0; i < map.length; i++) {
    total += map[i];
    if (inside[i]) {
      within += map[i];
      maskVoxels++;
    }
    if (map[i] > max) { max = map[i]; arg = i; }
  }
  return { massInside: total > 0 ? within / total : 0, peakInside: total > 0 && inside[arg] === 1, maskVoxels };
}
