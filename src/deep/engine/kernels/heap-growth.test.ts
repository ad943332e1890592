// Invariant tier: the project's wasm kernels read and write tensors through typed-array views of the wasm
// heap (and the SIMD module works on the same memory). Growing the heap replaces its ArrayBuffer and
// detaches every earlier view, so a kernel that held a view across an allocation would silently read
// zeros / write nothing. Here the heap is made to grow at each kernel's last allocation (after which no
// view can be stale) and the outputs must be bit-identical to a run without growth.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { initDeepEngine } from '../backend.js';
import { heapSimd, setHeapSimdEnabled } from './simd/heap-simd.js';

interface EmscriptenHeap {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}
interface Allocating {
  makeOutput(...args: unknown[]): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  wasm: EmscriptenHeap & { asm: { memory: unknown } };
}
const wasmBackend = () => tf.backend() as unknown as Allocating;

/** Make the wasm heap grow now: allocate 1 MiB blocks until it does, then free them. */
function growHeap(): void {
  const m = wasmBackend().wasm;
  const before = m.HEAPU8.length;
  const blocks: number[] = [];
  while (m.HEAPU8.length === before) {
    const p = m._malloc(1 << 20);
    if (p === 0) throw new Error('the wasm heap cannot grow');
    blocks.push(p);
  }
  for (const p of blocks) m._free(p);
}

/** Run `f` with the backend's `makeOutput` counted, growing the heap just before call number `growAt` (−1: never). */
function withGrowthAt<T>(growAt: number, f: () => T): { result: T; allocations: number; grewFrom: number; grewTo: number } {
  const be = wasmBackend();
  expect(Object.prototype.hasOwnProperty.call(be, 'makeOutput')).toBe(false);
  const own = be.makeOutput;
  let calls = 0;
  let grewFrom = 0;
  let grewTo = 0;
  be.makeOutput = (...args: unknown[]) => {
    if (calls++ === growAt) {
      grewFrom = be.wasm.HEAPU8.length;
      growHeap();
      grewTo = be.wasm.HEAPU8.length;
    }
    return own.apply(be, args);
  };
  try {
    return { result: f(), allocations: calls, grewFrom, grewTo };
  } finally {
    delete (be as Partial<Allocating>).makeOutput;
  }
}

const rng = createRng(20261202);
const randn = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);

/** Run one kernel on fresh tensors; every output's values. */
function runKernel(name: string, make: () => tf.NamedTensorMap, attrs: object): Float32Array[] {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(name, make(), attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync().slice() as Float32Array);
  });
}

beforeAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});
afterAll(() => {
  setHeapSimdEnabled(true);
});

describe('wasm heap growth during the project kernels', () => {
  it('the harness works: growing the heap detaches an earlier view (what a stale view would read)', () => {
    const t = tf.ones([16]);
    const view = wasmBackend().typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
    expect(view.length).toBe(16);
    growHeap();
    expect(view.length).toBe(0);
    expect(Array.from(t.dataSync())).toEqual(new Array(16).fill(1));
    t.dispose();
  });

  type Case = { name: string; note: string; simd?: boolean; inputs: Record<string, number[] | 'segments'>; attrs: object };
  const x8 = [2, 7, 7, 8];
  const x6 = [2, 7, 7, 6];
  const cases: Case[] = [
    { name: 'HccBatchNormTrain', note: 'C = 8, SIMD', inputs: { x: x8, gamma: [8], beta: [8] }, attrs: { varianceEpsilon: 1e-3 } },
    { name: 'HccBatchNormTrain', note: 'C = 6, JS', inputs: { x: x6, gamma: [6], beta: [6] }, attrs: { varianceEpsilon: 1e-3 } },
    { name: 'HccBatchNormTrainGrad', note: 'C = 8, SIMD', inputs: { dy: x8, x: x8, gamma: [8], mean: [8], variance: [8], dmean: [8], dvariance: [8] }, attrs: { varianceEpsilon: 1 } },
    { name: 'HccSwish', note: 'Sigmoid and Multiply', inputs: { x: x6 }, attrs: {} },
    { name: 'HccSwishGrad', note: 'SIMD and JS tail', inputs: { dy: [3, 5, 7], x: [3, 5, 7] }, attrs: {} },
    { name: 'DepthwiseConv2dNativeBackpropInput', note: 'stride 1: via conv', inputs: { dy: x8, filter: [3, 3, 8, 1] }, attrs: { strides: 1, pad: 'same', dilations: 1, inputShape: x8 } },
    { name: 'DepthwiseConv2dNativeBackpropInput', note: 'stride 2: JS', inputs: { dy: [2, 4, 4, 6], filter: [3, 3, 6, 1] }, attrs: { strides: 2, pad: 'same', dilations: 1, inputShape: x6 } },
    { name: 'DepthwiseConv2dNativeBackpropFilter', note: 'C = 8, SIMD', inputs: { x: x8, dy: x8 }, attrs: { strides: 1, pad: 'same', dilations: 1, filterShape: [3, 3, 8, 1] } },
    { name: 'DepthwiseConv2dNativeBackpropFilter', note: 'C = 6, JS', inputs: { x: x6, dy: x6 }, attrs: { strides: 1, pad: 'same', dilations: 1, filterShape: [3, 3, 6, 1] } },
    { name: 'MaxPoolGrad', note: '2×2 one pass', inputs: { dy: [2, 3, 3, 8], input: x8, output: [2, 3, 3, 8] }, attrs: { filterSize: 2, strides: 2, pad: 'valid' } },
    { name: 'Conv2DBackpropFilter', note: 'stride 1: via conv', inputs: { x: x6, dy: [2, 7, 7, 4] }, attrs: { strides: 1, pad: 'same', filterShape: [3, 3, 6, 4], dataFormat: 'NHWC' } },
    { name: 'Conv2DBackpropFilter', note: 'stride 2: JS', inputs: { x: x6, dy: [2, 4, 4, 4] }, attrs: { strides: 2, pad: 'same', filterShape: [3, 3, 6, 4], dataFormat: 'NHWC' } },
    { name: 'UnsortedSegmentSum', note: 'gather gradient', inputs: { x: [6, 5], segmentIds: 'segments' }, attrs: { numSegments: 4 } },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.note}): outputs bit-identical when the heap grows at its last allocation`, () => {
      const values = Object.fromEntries(
        Object.entries(c.inputs).map(([k, s]) => {
          if (s === 'segments') return [k, { ids: Int32Array.from([0, 3, 3, 1, 5, 0]) }];
          const t = randn(s);
          const v = t.dataSync().slice() as Float32Array;
          t.dispose();
          return [k, { shape: s, v: k === 'variance' ? v.map(Math.abs) : v }];
        }),
      ) as Record<string, { shape: number[]; v: Float32Array } | { ids: Int32Array }>;
      const make = (): tf.NamedTensorMap =>
        Object.fromEntries(Object.entries(values).map(([k, d]) => [k, 'ids' in d ? tf.tensor1d(d.ids, 'int32') : tf.tensor(d.v, d.shape)]));
      const base = withGrowthAt(-1, () => runKernel(c.name, make, c.attrs));
      expect(base.allocations).toBeGreaterThan(0);
      const simdBefore = heapSimd(tf.backend());
      const grown = withGrowthAt(base.allocations - 1, () => runKernel(c.name, make, c.attrs));
      expect(grown.grewTo, 'the heap grew inside the kernel').toBeGreaterThan(grown.grewFrom);
      expect(grown.allocations).toBe(base.allocations);
      // the SIMD module imports the backend's memory object itself, which survives growth
      expect(heapSimd(tf.backend())).toBe(simdBefore);
      expect(grown.result.length).toBe(base.result.length);
      grown.result.forEach((o, i) => {
        expect(o.length).toBe(base.result[i].length);
        expect(o.some((v) => v !== 0), `output ${i} not all zero`).toBe(true);
        expect(Array.from(o), `output ${i}`).toEqual(Array.from(base.result[i]));
      });
    });
  }

  it('a fused training step (batch norm, swish, depthwise, pooling) with the heap growing at every 4th allocation gives the same gradients', () => {
    const shapes = { x: [2, 8, 8, 8], w: [3, 3, 8, 1], g: [8], b: [8] };
    const init = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, randn(s)])) as Record<string, tf.Tensor>;
    const step = () =>
      tf.tidy(() => {
        const f = (x: tf.Tensor, w: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const d = tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
          const bn = tf.engine().runKernel('HccBatchNormTrain', { x: d, gamma: g, beta: b }, { varianceEpsilon: 1e-3 }) as tf.Tensor[];
          const s = tf.engine().runKernel('HccSwish', { x: bn[0] }) as tf.Tensor;
          return tf.sum(tf.mul(tf.maxPool(s as tf.Tensor4D, 2, 2, 'valid'), tf.range(1, 2 * 4 * 4 * 8 + 1).reshape([2, 4, 4, 8])));
        };
        return tf.grads(f)([init.x, init.w, init.g, init.b]).map((t) => Array.from(t.dataSync()));
      });
    const base = step();
    const be = wasmBackend();
    const own = be.makeOutput;
    let calls = 0;
    let growths = 0;
    be.makeOutput = (...args: unknown[]) => {
      if (++calls % 4 === 0 && growths < 5) {
        growHeap();
        growths++;
      }
      return own.apply(be, args);
    };
    let grown: number[][];
    try {
      grown = step();
    } finally {
      delete (be as Partial<Allocating>).makeOutput;
    }
    expect(growths).toBe(5);
    expect(grown).toEqual(base);
    tf.dispose(Object.values(init));
  });
});
