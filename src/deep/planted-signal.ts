import { createRng } from '../core/rng.js';
import type { DeepDataset } from './dataset.js';

/** A synthetic dataset with a known imaging signal, plus the truth behind it. */
export interface PlantedSignalDataset {
  readonly data: DeepDataset;
  /** Blob masks, n × size × size (1 = blob). */
  readonly masks: Uint8Array;
  /** True log hazard (β · blob intensity), length n. */
  readonly trueRisk: Float64Array;
}

/** Options of `plantedSignalDataset`. */
export interface PlantedSignalOptions {
  readonly n: number;
  /** Side of the square images in pixels (default 32). */
  readonly size?: number;
  readonly channels?: number;
  readonly seed: number;
  /** Log-hazard per unit of blob intensity (default 2). */
  readonly beta?: number;
  /** Fraction of samples administratively censored early (default ≈ 0.2). */
  readonly censoring?: number;
}

/**
 * Synthetic images for tests and benchmarks: Gaussian noise (sd 0.3) with one bright disc ("tumour",
 * radius 3.5–4.5 px, random position) whose intensity u ~ U(0.5, 2) sets an exponential survival time with
 * hazard exp(β·u) (days scale 365), censored at a uniform time for a fraction of samples. The
 * disc is present in every channel with a per-channel gain, so a network must find it and read its
 * brightness. The masks allow Grad-CAM localisation checks.
 */
export function plantedSignalDataset(o: PlantedSignalOptions): PlantedSignalDataset {
  const size = o.size ?? 32;
  const c = o.channels ?? 3;
  const beta = o.beta ?? 2;
  const cens = o.censoring ?? 0.2;
  const rng = createRng(o.seed);
  const images = new Float32Array(o.n * size * size * c);
  const masks = new Uint8Array(o.n * size * size);
  const time = new Float64Array(o.n);
  const event = new Uint8Array(o.n);
  const trueRisk = new Float64Array(o.n);
  for (let i = 0; i < o.n; i++) {
    const u = 0.5 + 1.5 * rng.uniform();
    const r = 3.5 + rng.uniform();
    const cy = r + 1 + rng.uniform() * (size - 2 * r - 2);
    const cx = r + 1 + rng.uniform() * (size - 2 * r - 2);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = (y - cy) ** 2 + (x - cx) ** 2 <= r * r;
        if (inside) masks[(i * size + y) * size + x] = 1;
        for (let ch = 0; ch < c; ch++) {
          images[((i * size + y) * size + x) * c + ch] = 0.3 * rng.normal() + (inside ? u * (0.8 + 0.2 * ch) : 0);
        }
      }
    }
    trueRisk[i] = beta * u;
    const t = (-Math.log(1 - rng.uniform()) / Math.exp(beta * u - 3)) * 365;
    const censorAt = rng.uniform() < cens ? rng.uniform() * t * 1.5 : Infinity;
    time[i] = Math.max(1, Math.round(Math.min(t, censorAt)));
    event[i] = censorAt < t ? 0 : 1;
  }
  return { data: { n: o.n, height: size, width: size, channels: c, images, os: { time, event } }, masks, trueRisk };
}
