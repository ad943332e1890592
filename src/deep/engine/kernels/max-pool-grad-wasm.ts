import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../../core/errors.js';
import type { WasmBackendLike } from './wasm-heap.js';

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/**
 * 2×2 windows at stride 2 without padding (disjoint windows): each window's four inputs get the output
 * gradient at the first maximum (row-major, strict `>` as below) and 0 elsewhere, written in one pass.
 */
function pool2x2Grad(xv: Float32Array, gv: Float32Array, o: Float32Array, n: number, h: number, w: number, c: number, oh: number, ow: number): void {
  const rowStride = w * c;
  for (let b = 0; b < n; b++) {
    for (let yo = 0; yo < oh; yo++) {
      for (let xo = 0; xo < ow; xo++) {
        const q00 = ((b * h + 2 * yo) * w + 2 * xo) * c;
        const q01 = q00 + c;
        const q10 = q00 + rowStride;
        const q11 = q10 + c;
        const g0 = ((b * oh + yo) * ow + xo) * c;
        for (let k = 0; k < c; k++) {
          const v00 = xv[q00 + k];
          const v01 = xv[q01 + k];
          const v10 = xv[q10 + k];
          const v11 = xv[q11 + k];
          let best = v00;
          let arg = 0;
          if (v01 > best) {
            best = v01;
            arg = 1;
          }
          if (v10 > best) {
            best = v10;
            arg = 2;
          }
          if (v11 > best) arg = 3;
          const g = gv[g0 + k];
          o[q00 + k] = arg === 0 ? g : 0;
          o[q01 + k] = arg === 1 ? g : 0;
          o[q10 + k] = arg === 2 ? g : 0;
          o[q11 + k] = arg === 3 ? g : 0;
        }
      }
    }
  }
}

type PoolPad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/**
 * `MaxPoolGrad` (2-D, NHWC) for the wasm backend, replacing tfjs-wasm 4.22.0's own: that kernel drops
 * the gradient of some pooling windows (e.g. the last window of a 1×4×4×1 input with 2×2 pooling; a
 * handful of the 590k positions of a 16×48×48×16 batch), found by comparing with the cpu backend
 * (`kernels.test.ts`). Here each output gradient goes to the first maximum of its window (row-major,
 * the cpu backend's choice), in plain JS on views of the wasm heap. The window geometry (padding
 * 'valid', 'same', a number or explicit [[0, 0], [top, bottom], [left, right], [0, 0]]) comes from
 * tfjs's own `computePool2DInfo`, as on every backend; dy must have the pooled shape it gives
 * (`E_OPTION` otherwise).
 * @see tfjs-core `maxPoolGrad` (the reference op on the cpu backend).
 */
export function maxPoolGradWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as tf.TensorInfo;
    const x = inputs.input as tf.TensorInfo;
    const a = attrs as unknown as { filterSize: number | [number, number]; strides: number | [number, number]; pad: PoolPad; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new HccError('E_OPTION', 'MaxPoolGrad (wasm shim): float32 tensors only');
    if (x.shape.length !== 4 || dy.shape.length !== 4) throw new HccError('E_OPTION', 'MaxPoolGrad (wasm shim): rank-4 (NHWC) input and gradient expected');
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], pair(a.filterSize), pair(a.strides), 1, a.pad, a.dimRoundingMode);
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
    const [n, h, w, c] = x.shape;
    const [, oh, ow] = dy.shape;
    if (dy.shape[0] !== n || dy.shape[3] !== c || oh !== info.outHeight || ow !== info.outWidth) {
      throw new HccError('E_OPTION', `MaxPoolGrad (wasm shim): dy ${JSON.stringify(dy.shape)} does not match the pooled shape ${JSON.stringify(info.outShape)} of x ${JSON.stringify(x.shape)}`);
    }
    const padTop = info.padInfo.top;
    const padLeft = info.padInfo.left;
    const be = backend as unknown as WasmBackendLike;
    // Allocate first: growing the heap would detach earlier views.
    const out = be.makeOutput([n, h, w, c], 'float32');
    const o = be.typedArrayFromHeap(out) as Float32Array;
    const xv = be.typedArrayFromHeap(x) as Float32Array;
    const gv = be.typedArrayFromHeap(dy) as Float32Array;
    if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && padTop === 0 && padLeft === 0 && 2 * oh <= h && 2 * ow <= w) {
      if (2 * oh !== h || 2 * ow !== w) o.fill(0);
      pool2x2Grad(xv, gv, o, n, h, w, c, oh, ow);
      return out;
    }
    o.fill(0);
    for (let b = 0; b < n; b++) {
      for (let yo = 0; yo < oh; yo++) {
        for (let xo = 0; xo < ow; xo++) {
          for (let ch = 0; ch < c; ch++) {
            let best = -Infinity;
            let arg = -1;
            for (let fy = 0; fy < fh; fy++) {
              const yi = yo * sh - padTop + fy;
              if (yi < 0 || yi >= h) continue;
              for (let fx = 0; fx < fw; fx++) {
                const xi = xo * sw - padLeft + fx;
                if (xi < 0 || xi >= w) continue;
                const q = ((b * h + yi) * w + xi) * c + ch;
                if (xv[q] > best || arg < 0) {
                  best = xv[q];
                  arg = q;
                }
              }
            }
            if (arg >= 0) o[arg] += gv[((b * oh + yo) * ow + xo) * c + ch];
          }
        }
      }
    }
    return out;
  };
  return { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc };
}
