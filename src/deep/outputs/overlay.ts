import { HccError } from '../../core/errors.js';
import type { Mask, Volume } from '../../core/volume.js';
import { gridDifference } from '../../core/volume.js';

/** Options of `renderCamSlice`. */
export interface CamOverlayOptions {
  /** CT display window [low, high] HU (default [−160, 240], abdominal soft tissue). */
  readonly windowHu?: readonly [number, number];
  /** Opacity of the heat colour at map value 1 (default 0.6); opacity scales with the map value. */
  readonly alpha?: number;
  /** Draw the outline of these labels of `mask` in green. */
  readonly mask?: Mask;
  readonly labels?: readonly number[];
}

/** An 8-bit RGB image, row-major, top row first. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

/** 'jet'-style colour of t ∈ [0, 1] (blue → cyan → yellow → red), each channel in [0, 1]. */
export function heatColour(t: number): [number, number, number] {
  const c = (x: number) => Math.min(1, Math.max(0, x));
  return [c(1.5 - Math.abs(4 * t - 3)), c(1.5 - Math.abs(4 * t - 2)), c(1.5 - Math.abs(4 * t - 1))];
}

/**
 * Render axial slice k of a CT volume (grey, windowed) with a Grad-CAM volume on the same grid as a
 * heat overlay: pixel = (1 − αm)·grey + αm·heat(m), m = cam / max(cam over the whole volume). Image
 * column = index i, row = index j (for LPS-ordered data: radiological view, patient left on the
 * right, anterior up). Optional green outline of the tumour labels (4-neighbour boundary).
 */
export function renderCamSlice(ct: Volume, cam: Volume, k: number, options: CamOverlayOptions = {}): RgbImage {
  const diff = gridDifference(ct, cam);
  if (diff) throw new HccError('E_INPUT', `renderCamSlice: CT and Grad-CAM grids differ (${diff})`);
  if (options.mask) {
    const d2 = gridDifference(ct, options.mask);
    if (d2) throw new HccError('E_INPUT', `renderCamSlice: CT and mask grids differ (${d2})`);
  }
  const [nx, ny, nz] = ct.shape;
  if (!(Number.isInteger(k) && k >= 0 && k < nz)) throw new HccError('E_OPTION', `renderCamSlice: slice ${k} is outside 0…${nz - 1}`);
  const [lo, hi] = options.windowHu ?? [-160, 240];
  const alpha = options.alpha ?? 0.6;
  let max = 0;
  for (const v of cam.data) if (v > max) max = v;
  const want = new Uint8Array(256);
  for (const l of options.labels ?? [2]) want[l] = 1;
  const m = options.mask?.data;
  const inside = (i: number, j: number) => i >= 0 && i < nx && j >= 0 && j < ny && m !== undefined && want[m[i + nx * (j + ny * k)]] === 1;
  const rgb = new Uint8Array(nx * ny * 3);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const idx = i + nx * (j + ny * k);
      const g = Math.min(1, Math.max(0, (ct.data[idx] - lo) / (hi - lo)));
      const t = max > 0 ? Math.max(0, cam.data[idx] / max) : 0;
      const [hr, hg, hb] = heatColour(t);
      const a = alpha * t;
      let px = [(1 - a) * g + a * hr, (1 - a) * g + a * hg, (1 - a) * g + a * hb];
      if (m && inside(i, j) && !(inside(i - 1, j) && inside(i + 1, j) && inside(i, j - 1) && inside(i, j + 1))) px = [0, 1, 0];
      const o = (j * nx + i) * 3;
      rgb[o] = Math.round(px[0] * 255);
      rgb[o + 1] = Math.round(px[1] * 255);
      rgb[o + 2] = Math.round(px[2] * 255);
    }
  }
  return { width: nx, height: ny, rgb };
}
