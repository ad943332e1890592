import type { Rng } from '../../core/rng.js';

/**
 * Smooth pseudo-random fields for the phantoms. Value noise is defined in world millimetres from a
 * hashed integer lattice, so a patient's anatomy and textures do not depend on the voxel grid
 * (demo and full resolution show the same patient).
 */

function hash3(seed: number, x: number, y: number, z: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ Math.imul(z, 0x1b873593) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2147483648 - 1; // [-1, 1)
}

function fade(t: number): number {
  return t * t * (3 - 2 * t);
}

/**
 * Value noise at (x, y, z) in lattice units: smoothstep-interpolated hashed lattice values in
 * [−1, 1) (SD ≈ 0.35). `seed` selects an independent field.
 */
export function valueNoise3(seed: number, x: number, y: number, z: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y), z0 = Math.floor(z);
  const u = fade(x - x0), v = fade(y - y0), w = fade(z - z0);
  const c000 = hash3(seed, x0, y0, z0), c100 = hash3(seed, x0 + 1, y0, z0);
  const c010 = hash3(seed, x0, y0 + 1, z0), c110 = hash3(seed, x0 + 1, y0 + 1, z0);
  const c001 = hash3(seed, x0, y0, z0 + 1), c101 = hash3(seed, x0 + 1, y0, z0 + 1);
  const c011 = hash3(seed, x0, y0 + 1, z0 + 1), c111 = hash3(seed, x0 + 1, y0 + 1, z0 + 1);
  const a = c000 + u * (c100 - c000), b = c010 + u * (c110 - c010);
  const c = c001 + u * (c101 - c001), d = c011 + u * (c111 - c011);
  const e = a + v * (b - a), f = c + v * (d - c);
  return e + w * (f - e);
}

/** Two-octave value noise of point (mm) with lattice `cellMm`, scaled to SD ≈ 1. */
export function fbm2(seed: number, xMm: number, yMm: number, zMm: number, cellMm: number): number {
  const s = 1 / cellMm;
  return (valueNoise3(seed, xMm * s, yMm * s, zMm * s) + 0.5 * valueNoise3(seed ^ 0x5bd1e995, xMm * s * 2.03, yMm * s * 2.03, zMm * s * 2.03)) * 2.5;
}

/** A 32-bit field seed drawn from a stream. */
export function fieldSeed(rng: Rng): number {
  return Math.floor(rng.uniform() * 4294967296) | 0;
}

/** Normalised discrete Gaussian kernel of SD `sigma` voxels (radius ⌈3σ⌉); [1] when σ ≤ 0.05. */
export function gaussianKernel(sigma: number): Float64Array {
  if (!(sigma > 0.05)) return Float64Array.of(1);
  const r = Math.ceil(3 * sigma);
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

/** Σ w² of a kernel: the variance factor of white noise filtered by it. */
export function kernelVarianceFactor(k: Float64Array): number {
  let s = 0;
  for (const w of k) s += w * w;
  return s;
}

function convolveAxis(src: Float32Array, dst: Float32Array, shape: readonly [number, number, number], axis: 0 | 1 | 2, k: Float64Array): void {
  const [nx, ny, nz] = shape;
  const r = (k.length - 1) >> 1;
  const taps = k.length;
  if (axis === 0) {
    const line = new Float64Array(nx + 2 * r);
    for (let s0 = 0; s0 < src.length; s0 += nx) {
      for (let t = 0; t < nx; t++) line[t + r] = src[s0 + t];
      for (let t = 0; t < r; t++) {
        line[t] = line[r]; // clamp-to-edge
        line[nx + r + t] = line[nx + r - 1];
      }
      for (let t = 0; t < nx; t++) {
        let acc = 0;
        for (let m = 0; m < taps; m++) acc += k[m] * line[t + m];
        dst[s0 + t] = acc;
      }
    }
    return;
  }
  // Axes 1 and 2: accumulate whole rows / planes (contiguous memory) weighted by the taps.
  const n = axis === 1 ? ny : nz;
  const block = axis === 1 ? nx : nx * ny;
  const outer = axis === 1 ? nz : 1;
  const acc = new Float64Array(block);
  for (let o = 0; o < outer; o++) {
    const base = o * nx * ny;
    for (let t = 0; t < n; t++) {
      acc.fill(0);
      for (let m = 0; m < taps; m++) {
        let q = t + m - r;
        q = q < 0 ? 0 : q >= n ? n - 1 : q;
        const w = k[m];
        const from = base + q * block;
        for (let e = 0; e < block; e++) acc[e] += w * src[from + e];
      }
      const to = base + t * block;
      for (let e = 0; e < block; e++) dst[to + e] = acc[e];
    }
  }
}

/**
 * Fill `out` with standard normal variates: Marsaglia's polar method on a local xorshift128
 * generator seeded from `rng` (fast, deterministic for a given stream).
 */
export function fillStandardNormal(rng: Rng, out: Float32Array): void {
  let a = (rng.uniform() * 4294967296) >>> 0 || 1, b = (rng.uniform() * 4294967296) >>> 0, c = (rng.uniform() * 4294967296) >>> 0, d = (rng.uniform() * 4294967296) >>> 0;
  const next = (): number => {
    let t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return d / 2147483648 - 1;
  };
  for (let v = 0; v < out.length; v += 2) {
    let u: number, w: number, s: number;
    do {
      u = next();
      w = next();
      s = u * u + w * w;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    out[v] = u * f;
    if (v + 1 < out.length) out[v + 1] = w * f;
  }
}

/**
 * Separable Gaussian blur of a volume (x-fastest), SD per axis in voxels, clamp-to-edge.
 * Returns a new array (the input is not changed).
 */
export function gaussianBlur3(data: Float32Array, shape: readonly [number, number, number], sigmaVox: readonly [number, number, number]): Float32Array {
  let a = Float32Array.from(data);
  let b = new Float32Array(data.length);
  for (const axis of [0, 1, 2] as const) {
    const k = gaussianKernel(sigmaVox[axis]);
    if (k.length === 1 || shape[axis] === 1) continue;
    convolveAxis(a, b, shape, axis, k);
    [a, b] = [b, a];
  }
  return a;
}
