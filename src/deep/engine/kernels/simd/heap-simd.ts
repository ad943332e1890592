import type { FunctionBody, FunctionDef } from './wasm-assembler.js';
import { assembleModule, V128 } from './wasm-assembler.js';

/**
 * SIMD loops (f32x4) over tfjs-wasm's heap, for the project's wasm kernels. Every argument is an i32:
 * byte addresses in the heap and byte counts. "Rows" are the positions of an NHWC tensor (all axes but
 * the last) and a row is `rowBytes` = 4·C bytes with C a multiple of 4; per-channel operands
 * (mean, scale, …) are C-float vectors. The callers (batch-norm, swish, depthwise kernels) fall back
 * to plain JS loops when C is not a multiple of 4 or the module is unavailable.
 */
export interface HeapSimd {
  /** s1[j] += x[r, j] − shift[j];  s2[j] += (x[r, j] − shift[j])²  over rows r (totalBytes of x). */
  colSums(x: number, totalBytes: number, rowBytes: number, shift: number, s1: number, s2: number): void;
  /** y[r, j] = (x[r, j] − mean[j]) · scale[j] + beta[j]. */
  affine(x: number, y: number, totalBytes: number, rowBytes: number, mean: number, scale: number, beta: number): void;
  /** s1[j] += dy[r, j];  s2[j] += dy[r, j] · (x[r, j] − mean[j]). */
  gradSums(dy: number, x: number, totalBytes: number, rowBytes: number, mean: number, s1: number, s2: number): void;
  /** dx[r, j] = a[j] · dy[r, j] + b[j] · (x[r, j] − mean[j]) + k[j]. */
  gradDx(dy: number, x: number, dx: number, totalBytes: number, rowBytes: number, mean: number, a: number, b: number, k: number): void;
  /** out[i] = dy[i] · (s[i] + x[i] s[i] (1 − s[i])) for i < totalBytes / 4 (a multiple of 4 floats). */
  swishGrad(dy: number, x: number, s: number, out: number, totalBytes: number): void;
  /**
   * acc[j] += Σ_{r < rows} Σ_{o < runBytes, step cBytes} x[xr + o + j] · g[gr + o + j] with xr = x + r·xStride,
   * gr = g + r·gStride (runs of whole positions; j over one position's channels).
   */
  dotAcc(x: number, g: number, rows: number, xStride: number, gStride: number, runBytes: number, cBytes: number, acc: number): void;
}

type Emit = () => void;

/** The slice of the WebAssembly JS API used here (the project's `lib` settings do not declare it). */
interface WasmMemoryLike {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
declare const WebAssembly: {
  Memory: new (d: { initial: number }) => WasmMemoryLike;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/** Loop over every row and every 16-byte channel vector: body(t, j) with t = byte offset in the tensor, j in the row. */
function rowsByVectors(f: FunctionBody, totalBytes: number, rowBytes: number, body: (t: number, j: number) => void): void {
  const o = f.local(0x7f);
  const j = f.local(0x7f);
  const t = f.local(0x7f);
  f.forLoop(o, () => f.i32(0), () => f.get(totalBytes), () => f.get(rowBytes), () => {
    f.forLoop(j, () => f.i32(0), () => f.get(rowBytes), () => f.i32(16), () => {
      f.get(o).get(j).i32Add().set(t);
      body(t, j);
    });
  });
}

/** Push base + offset (two i32 locals) as an address. */
const at = (f: FunctionBody, base: number, off: number): Emit => () => {
  f.get(base).get(off).i32Add();
};
const load = (f: FunctionBody, addr: Emit): void => {
  addr();
  f.v128Load();
};

const defs: FunctionDef[] = [
  {
    name: 'colSums',
    params: 6,
    build: (f) => {
      const [x, total, row, shift, s1, s2] = [0, 1, 2, 3, 4, 5];
      const d = f.local(V128);
      rowsByVectors(f, total, row, (t, j) => {
        load(f, at(f, x, t));
        load(f, at(f, shift, j));
        f.f32x4Sub().set(d);
        at(f, s1, j)();
        load(f, at(f, s1, j));
        f.get(d).f32x4Add().v128Store();
        at(f, s2, j)();
        load(f, at(f, s2, j));
        f.get(d).get(d).f32x4Mul().f32x4Add().v128Store();
      });
    },
  },
  {
    name: 'affine',
    params: 7,
    build: (f) => {
      const [x, y, total, row, mean, scale, beta] = [0, 1, 2, 3, 4, 5, 6];
      rowsByVectors(f, total, row, (t, j) => {
        at(f, y, t)();
        load(f, at(f, x, t));
        load(f, at(f, mean, j));
        f.f32x4Sub();
        load(f, at(f, scale, j));
        f.f32x4Mul();
        load(f, at(f, beta, j));
        f.f32x4Add().v128Store();
      });
    },
  },
  {
    name: 'gradSums',
    params: 7,
    build: (f) => {
      const [dy, x, total, row, mean, s1, s2] = [0, 1, 2, 3, 4, 5, 6];
      const d = f.local(V128);
      rowsByVectors(f, total, row, (t, j) => {
        load(f, at(f, dy, t));
        f.set(d);
        at(f, s1, j)();
        load(f, at(f, s1, j));
        f.get(d).f32x4Add().v128Store();
        at(f, s2, j)();
        load(f, at(f, s2, j));
        f.get(d);
        load(f, at(f, x, t));
        load(f, at(f, mean, j));
        f.f32x4Sub().f32x4Mul().f32x4Add().v128Store();
      });
    },
  },
  {
    name: 'gradDx',
    params: 9,
    build: (f) => {
      const [dy, x, dx, total, row, mean, a, b, k] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
      rowsByVectors(f, total, row, (t, j) => {
        at(f, dx, t)();
        load(f, at(f, a, j));
        load(f, at(f, dy, t));
        f.f32x4Mul();
        load(f, at(f, b, j));
        load(f, at(f, x, t));
        load(f, at(f, mean, j));
        f.f32x4Sub().f32x4Mul().f32x4Add();
        load(f, at(f, k, j));
        f.f32x4Add().v128Store();
      });
    },
  },
  {
    name: 'swishGrad',
    params: 5,
    build: (f) => {
      const [dy, x, s, out, total] = [0, 1, 2, 3, 4];
      const t = f.local(0x7f);
      const sv = f.local(V128);
      const one = f.local(V128);
      f.f32(1).f32x4Splat().set(one);
      f.forLoop(t, () => f.i32(0), () => f.get(total), () => f.i32(16), () => {
        at(f, out, t)();
        load(f, at(f, s, t));
        f.tee(sv);
        load(f, at(f, x, t));
        f.get(sv).f32x4Mul();
        f.get(one).get(sv).f32x4Sub().f32x4Mul();
        f.f32x4Add();
        load(f, at(f, dy, t));
        f.f32x4Mul().v128Store();
      });
    },
  },
  {
    name: 'dotAcc',
    params: 8,
    build: (f) => {
      const [x, g, rows, xStride, gStride, run, cBytes, acc] = [0, 1, 2, 3, 4, 5, 6, 7];
      const r = f.local(0x7f);
      const o = f.local(0x7f);
      const j = f.local(0x7f);
      const t = f.local(0x7f);
      f.forLoop(r, () => f.i32(0), () => f.get(rows), () => f.i32(1), () => {
        f.forLoop(o, () => f.i32(0), () => f.get(run), () => f.get(cBytes), () => {
          f.forLoop(j, () => f.i32(0), () => f.get(cBytes), () => f.i32(16), () => {
            f.get(o).get(j).i32Add().set(t);
            at(f, acc, j)();
            load(f, at(f, acc, j));
            load(f, at(f, x, t));
            load(f, at(f, g, t));
            f.f32x4Mul().f32x4Add().v128Store();
          });
        });
        f.inc(x, () => f.get(xStride));
        f.inc(g, () => f.get(gStride));
      });
    },
  },
];

let bytes: Uint8Array | null = null;
let enabled = true;
let cache: { memory: WasmMemoryLike; simd: HeapSimd | null } | null = null;

/** The assembled module (for tests). */
export function heapSimdModuleBytes(): Uint8Array {
  bytes ??= assembleModule(defs);
  return bytes;
}

/** Turn the SIMD loops off or on (tests and benchmarks of the JS fallbacks). */
export function setHeapSimdEnabled(on: boolean): void {
  enabled = on;
}

/**
 * The SIMD loops bound to a wasm backend's heap, or null where unavailable (no SIMD in the runtime,
 * a shared (threaded) heap, or switched off): callers then use their JS loops.
 */
export function heapSimd(backend: unknown): HeapSimd | null {
  if (!enabled) return null;
  const memory = (backend as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  if (cache !== null && cache.memory === memory) return cache.simd;
  let simd: HeapSimd | null = null;
  if (typeof SharedArrayBuffer === 'undefined' || !(memory.buffer instanceof SharedArrayBuffer)) {
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(heapSimdModuleBytes()), { env: { memory } });
      simd = instance.exports as unknown as HeapSimd;
    } catch {
      simd = null;
    }
  }
  cache = { memory, simd };
  return simd;
}
