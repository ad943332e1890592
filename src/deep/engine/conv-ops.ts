import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../core/errors.js';

/**
 * How a convolution is computed. 'native': tfjs `conv2d` / `depthwiseConv2d` kernels. 'im2col': k×k
 * shifted `slice`s concatenated along channels and one `matMul` (autodiff gives the backward pass
 * through matMul). Both give the same values. Plain tfjs-wasm can train only 'im2col' (it lacks the
 * convolution backprop kernels); with the project's kernels 'native' trains on wasm and is faster.
 */
export type ConvImpl = 'native' | 'im2col';

/** 'same' padding amounts for a kernel of size k at stride 1: [before, after]. */
function samePad(k: number): [number, number] {
  const total = k - 1;
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

function checkRank4(x: tf.Tensor, name: string): void {
  if (x.rank !== 4) throw new HccError('E_OPTION', `${name} must be rank 4, got shape ${JSON.stringify(x.shape)}`);
}

/**
 * 2-D convolution at stride 1, NHWC input x [B, H, W, Ci], filter w [kh, kw, Ci, Co]:
 *   y[b, i, j, o] = Σ_{a, c, ci} x_pad[b, i + a, j + c, ci] · w[a, c, ci, o]
 * with 'same' (zero) or 'valid' padding.
 * @see tfjs `tf.conv2d` (reference for the im2col path).
 */
export function conv2dStride1(x: tf.Tensor4D, w: tf.Tensor4D, pad: 'same' | 'valid', impl: ConvImpl): tf.Tensor4D {
  checkRank4(x, 'conv2d input');
  checkRank4(w, 'conv2d filter');
  const [kh, kw, ci, co] = w.shape;
  if (x.shape[3] !== ci) throw new HccError('E_OPTION', `conv2d: input has ${x.shape[3]} channels, filter expects ${ci}`);
  if (kh === 1 && kw === 1) return pointwiseConv(x, w);
  if (impl === 'native') return tf.conv2d(x, w, 1, pad);
  return tf.tidy(() => {
    const [b, h, wd] = x.shape;
    const xp = pad === 'same' ? tf.pad(x, [[0, 0], samePad(kh), samePad(kw), [0, 0]]) : x;
    const ho = pad === 'same' ? h : h - kh + 1;
    const wo = pad === 'same' ? wd : wd - kw + 1;
    const cols: tf.Tensor4D[] = [];
    for (let a = 0; a < kh; a++) for (let c = 0; c < kw; c++) cols.push(tf.slice(xp, [0, a, c, 0], [b, ho, wo, ci]));
    const patches = tf.reshape(tf.concat(cols, 3), [b * ho * wo, kh * kw * ci]) as tf.Tensor2D;
    const y = tf.matMul(patches, tf.reshape(w, [kh * kw * ci, co]) as tf.Tensor2D);
    return tf.reshape(y, [b, ho, wo, co]) as tf.Tensor4D;
  });
}

/** 1×1 convolution as one matMul: y[b, i, j, o] = Σ_ci x[b, i, j, ci] · w[0, 0, ci, o]. */
export function pointwiseConv(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, wd, ci] = x.shape;
    const co = w.shape[3];
    const y = tf.matMul(tf.reshape(x, [b * h * wd, ci]) as tf.Tensor2D, tf.reshape(w, [ci, co]) as tf.Tensor2D);
    return tf.reshape(y, [b, h, wd, co]) as tf.Tensor4D;
  });
}

/**
 * Depthwise 2-D convolution at stride 1, 'same' padding, x [B, H, W, C], w [kh, kw, C]:
 *   y[b, i, j, c] = Σ_{a, d} x_pad[b, i + a, j + d, c] · w[a, d, c]
 * 'im2col' computes it as a sum of k² shifted slices times per-channel weights (differentiable on
 * every backend; plain tfjs-wasm lacks the native depthwise backprop kernels, which the project's
 * kernels add).
 * @see tfjs `tf.depthwiseConv2d` (reference, channel multiplier 1).
 */
export function depthwiseConvSame(x: tf.Tensor4D, w: tf.Tensor3D, impl: ConvImpl): tf.Tensor4D {
  checkRank4(x, 'depthwise input');
  const [kh, kw, c] = w.shape;
  if (x.shape[3] !== c) throw new HccError('E_OPTION', `depthwise conv: input has ${x.shape[3]} channels, filter expects ${c}`);
  if (impl === 'native') return tf.depthwiseConv2d(x, tf.reshape(w, [kh, kw, c, 1]) as tf.Tensor4D, 1, 'same');
  return tf.tidy(() => {
    const [b, h, wd] = x.shape;
    const xp = tf.pad(x, [[0, 0], samePad(kh), samePad(kw), [0, 0]]);
    let acc: tf.Tensor4D | null = null;
    for (let a = 0; a < kh; a++) {
      for (let d = 0; d < kw; d++) {
        const term = tf.mul(tf.slice(xp, [0, a, d, 0], [b, h, wd, c]), tf.reshape(tf.slice(w, [a, d, 0], [1, 1, c]), [c])) as tf.Tensor4D;
        acc = acc === null ? term : (tf.add(acc, term) as tf.Tensor4D);
      }
    }
    return acc as tf.Tensor4D;
  });
}
