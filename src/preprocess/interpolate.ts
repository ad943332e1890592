import type { Vec3 } from '../core/geometry.js';

/** Interpolation kernels: nearest neighbour, linear, cubic B-spline (on prefiltered coefficients). */
export type KernelKind = 'nearest' | 'linear' | 'cubic';

/** Samples on a grid, x-fastest, read at continuous indices. `pad` is added to every coordinate. */
export interface SampleSource {
  readonly data: ArrayLike<number>;
  readonly shape: Vec3;
  readonly pad: number;
}

/** Float output arrays. */
export type FloatArray = Float32Array | Float64Array;

/** Output arrays the kernels write; integer arrays get rounded (half up) and clamped values. */
export type KernelOutput = FloatArray | Int16Array | Uint8Array | Int32Array | Uint16Array;

const INT_RANGE: Record<string, [number, number]> = {
  Int16Array: [-32768, 32767], Uint8Array: [0, 255], Int32Array: [-2147483648, 2147483647], Uint16Array: [0, 65535],
};

/** [lo, hi] when `out` is an integer array (values are rounded and clamped), else null. */
function integerRange(out: KernelOutput): [number, number] | null {
  return INT_RANGE[out.constructor.name] ?? null;
}

const TAPS: Record<KernelKind, number> = { nearest: 1, linear: 2, cubic: 4 };

/**
 * Indices and weights of one axis position. Out-of-grid handling matches scipy.ndimage mode
 * 'nearest': linear and nearest clamp the coordinate to [0, n − 1]; cubic clamps tap indices.
 */
function axisTaps(kind: KernelKind, coord: number, n: number, idx: Int32Array, w: Float64Array, at: number): void {
  if (kind === 'nearest') {
    idx[at] = Math.min(n - 1, Math.max(0, Math.round(coord)));
    w[at] = 1;
  } else if (kind === 'linear') {
    const c = coord < 0 ? 0 : coord > n - 1 ? n - 1 : coord;
    let i0 = Math.floor(c);
    if (i0 >= n - 1) i0 = Math.max(0, n - 2);
    const t = c - i0;
    idx[at] = i0;
    idx[at + 1] = Math.min(n - 1, i0 + 1);
    w[at] = 1 - t;
    w[at + 1] = t;
  } else {
    const i = Math.floor(coord);
    const t = coord - i;
    const u = 1 - t;
    w[at] = (u * u * u) / 6;
    w[at + 1] = (4 - 6 * t * t + 3 * t * t * t) / 6;
    w[at + 2] = (1 + 3 * t + 3 * t * t - 3 * t * t * t) / 6;
    w[at + 3] = (t * t * t) / 6;
    for (let q = 0; q < 4; q++) idx[at + q] = Math.min(n - 1, Math.max(0, i - 1 + q));
  }
}

/** Per-axis tap tables for an axis-aligned map c = scale·o + shift. */
function axisTable(kind: KernelKind, nOut: number, scale: number, shift: number, nIn: number): { idx: Int32Array; w: Float64Array } {
  const k = TAPS[kind];
  const idx = new Int32Array(nOut * k);
  const w = new Float64Array(nOut * k);
  for (let o = 0; o < nOut; o++) axisTaps(kind, scale * o + shift, nIn, idx, w, o * k);
  return { idx, w };
}

/**
 * Fill `out` (shape `outShape`, x-fastest) with `src` sampled at input indices c = M·o + b (M row-major).
 * When M is diagonal (axis-aligned resampling, the usual case) the kernel is separable and runs from
 * precomputed per-axis index/weight tables; otherwise taps are computed per voxel.
 */
export function sampleGrid(src: SampleSource, map: { m: readonly number[]; b: readonly number[] }, outShape: Vec3, kind: KernelKind, out: KernelOutput): void {
  const { m, b } = map;
  const range = integerRange(out);
  const round = range !== null;
  const lo = range ? range[0] : 0, hi = range ? range[1] : 0;
  const diagonal = Math.abs(m[1]) + Math.abs(m[2]) + Math.abs(m[3]) + Math.abs(m[5]) + Math.abs(m[6]) + Math.abs(m[7]) < 1e-12;
  const [nx, ny, nz] = src.shape;
  const p = src.pad;
  if (diagonal) {
    const tx = axisTable(kind, outShape[0], m[0], b[0] + p, nx);
    const ty = axisTable(kind, outShape[1], m[4], b[1] + p, ny);
    const tz = axisTable(kind, outShape[2], m[8], b[2] + p, nz);
    if (kind === 'linear') linearSeparable(src.data, nx, ny, tx, ty, tz, outShape, out, round);
    else genericSeparable(src.data, nx, ny, TAPS[kind], tx, ty, tz, outShape, out, round, lo, hi);
    return;
  }
  const k = TAPS[kind];
  const ix = new Int32Array(k), iy = new Int32Array(k), iz = new Int32Array(k);
  const wx = new Float64Array(k), wy = new Float64Array(k), wz = new Float64Array(k);
  const data = src.data;
  let o = 0;
  for (let kk = 0; kk < outShape[2]; kk++) {
    for (let j = 0; j < outShape[1]; j++) {
      for (let i = 0; i < outShape[0]; i++, o++) {
        axisTaps(kind, m[0] * i + m[1] * j + m[2] * kk + b[0] + p, nx, ix, wx, 0);
        axisTaps(kind, m[3] * i + m[4] * j + m[5] * kk + b[1] + p, ny, iy, wy, 0);
        axisTaps(kind, m[6] * i + m[7] * j + m[8] * kk + b[2] + p, nz, iz, wz, 0);
        let s = 0;
        for (let c = 0; c < k; c++) {
          const zb = iz[c] * ny;
          for (let bb = 0; bb < k; bb++) {
            const row = (zb + iy[bb]) * nx;
            const wzy = wz[c] * wy[bb];
            for (let a = 0; a < k; a++) s += wzy * wx[a] * data[row + ix[a]];
          }
        }
        if (round) { s = Math.round(s); s = s < lo ? lo : s > hi ? hi : s; }
        out[o] = s;
      }
    }
  }
}

type Table = { idx: Int32Array; w: Float64Array };

/** Trilinear interpolation from separable tables: 8 reads per output voxel, no temporary volume. */
function linearSeparable(data: ArrayLike<number>, nx: number, ny: number, tx: Table, ty: Table, tz: Table, outShape: Vec3, out: KernelOutput, round: boolean): void {
  const [ox, oy, oz] = outShape;
  const xi = tx.idx, xw = tx.w;
  let o = 0;
  for (let k = 0; k < oz; k++) {
    const z0 = tz.idx[2 * k] * ny, z1 = tz.idx[2 * k + 1] * ny;
    const wz0 = tz.w[2 * k], wz1 = tz.w[2 * k + 1];
    for (let j = 0; j < oy; j++) {
      const y0 = ty.idx[2 * j], y1 = ty.idx[2 * j + 1];
      const wy0 = ty.w[2 * j], wy1 = ty.w[2 * j + 1];
      const r00 = (z0 + y0) * nx, r01 = (z0 + y1) * nx, r10 = (z1 + y0) * nx, r11 = (z1 + y1) * nx;
      const w00 = wz0 * wy0, w01 = wz0 * wy1, w10 = wz1 * wy0, w11 = wz1 * wy1;
      for (let i = 0; i < ox; i++, o++) {
        const x0 = xi[2 * i], x1 = xi[2 * i + 1];
        const a = xw[2 * i], bw = xw[2 * i + 1];
        let v =
          w00 * (a * data[r00 + x0] + bw * data[r00 + x1]) +
          w01 * (a * data[r01 + x0] + bw * data[r01 + x1]) +
          w10 * (a * data[r10 + x0] + bw * data[r10 + x1]) +
          w11 * (a * data[r11 + x0] + bw * data[r11 + x1]);
        // Linear weights are convex, so v stays inside the input's range: no clamp needed. Adding ±0.5
        // before the integer store (which truncates) rounds half away from zero, like scipy.
        out[o] = round ? v + (v >= 0 ? 0.5 : -0.5) : v;
      }
    }
  }
}

function genericSeparable(data: ArrayLike<number>, nx: number, ny: number, k: number, tx: Table, ty: Table, tz: Table, outShape: Vec3, out: KernelOutput, round: boolean, lo: number, hi: number): void {
  const [ox, oy, oz] = outShape;
  let o = 0;
  for (let kk = 0; kk < oz; kk++) {
    for (let j = 0; j < oy; j++) {
      for (let i = 0; i < ox; i++, o++) {
        let s = 0;
        for (let c = 0; c < k; c++) {
          const zb = tz.idx[kk * k + c] * ny;
          const wzc = tz.w[kk * k + c];
          for (let bb = 0; bb < k; bb++) {
            const row = (zb + ty.idx[j * k + bb]) * nx;
            const wzy = wzc * ty.w[j * k + bb];
            for (let a = 0; a < k; a++) s += wzy * tx.w[i * k + a] * data[row + tx.idx[i * k + a]];
          }
        }
        if (round) { s = Math.round(s); s = s < lo ? lo : s > hi ? hi : s; }
        out[o] = s;
      }
    }
  }
}

/**
 * Label-preserving mask sampling. `nearest`: the label of the nearest voxel. `partial-volume`: each
 * label's indicator is interpolated linearly and the voxel takes the label with the largest fraction
 * if that fraction ≥ `threshold` (IBSI: threshold 0.5), else background 0.
 */
export function sampleMaskGrid(src: { data: Uint8Array; shape: Vec3 }, map: { m: readonly number[]; b: readonly number[] }, outShape: Vec3, method: 'nearest' | 'partial-volume', threshold: number, out: Uint8Array): void {
  const { m, b } = map;
  const [nx, ny, nz] = src.shape;
  const kind: KernelKind = method === 'nearest' ? 'nearest' : 'linear';
  const k = TAPS[kind];
  const ix = new Int32Array(k), iy = new Int32Array(k), iz = new Int32Array(k);
  const wx = new Float64Array(k), wy = new Float64Array(k), wz = new Float64Array(k);
  const frac = new Float64Array(256);
  const seen = new Uint8Array(8);
  const marked = new Uint8Array(256);
  const data = src.data;
  let o = 0;
  for (let kk = 0; kk < outShape[2]; kk++) {
    for (let j = 0; j < outShape[1]; j++) {
      for (let i = 0; i < outShape[0]; i++, o++) {
        axisTaps(kind, m[0] * i + m[1] * j + m[2] * kk + b[0], nx, ix, wx, 0);
        axisTaps(kind, m[3] * i + m[4] * j + m[5] * kk + b[1], ny, iy, wy, 0);
        axisTaps(kind, m[6] * i + m[7] * j + m[8] * kk + b[2], nz, iz, wz, 0);
        if (k === 1) {
          out[o] = data[ix[0] + nx * (iy[0] + ny * iz[0])];
          continue;
        }
        let nSeen = 0;
        for (let c = 0; c < 2; c++) {
          for (let bb = 0; bb < 2; bb++) {
            for (let a = 0; a < 2; a++) {
              const label = data[ix[a] + nx * (iy[bb] + ny * iz[c])];
              if (label === 0) continue;
              if (marked[label] === 0) { marked[label] = 1; seen[nSeen++] = label; }
              frac[label] += wz[c] * wy[bb] * wx[a];
            }
          }
        }
        let best = 0, bestFrac = -1;
        for (let q = 0; q < nSeen; q++) {
          const l = seen[q];
          if (frac[l] > bestFrac || (frac[l] === bestFrac && l > best)) { best = l; bestFrac = frac[l]; }
          frac[l] = 0;
          marked[l] = 0;
        }
        out[o] = bestFrac >= threshold - 1e-12 ? best : 0;
      }
    }
  }
}
