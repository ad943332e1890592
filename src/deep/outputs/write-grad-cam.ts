import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mask, Volume } from '../../core/volume.js';
import { writeNifti } from '../../io/index.js';
import type { StackPlacement } from '../data/tumour-stack.js';
import { camGridScore } from './cam-grid-score.js';
import type { CamGridScore } from './cam-grid-score.js';
import { camToGrid } from './cam-to-grid.js';
import type { CamOverlayOptions, RgbImage } from './overlay.js';
import { renderCamSlice } from './overlay.js';
import { encodePngRgb } from './png.js';

/** One patient's Grad-CAM inputs: the stack-grid map, where the stack came from, and the CT to draw on. */
export interface GradCamPatient {
  readonly id: string;
  /** Map on the stack grid (height × width), or one per stack slice (slices × height × width): `camOfSample(gradCam(...), e)`. */
  readonly map: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly placement: StackPlacement;
  /** CT volume for the PNG background (e.g. the portal-venous phase) on the placement's grid. */
  readonly ct: Volume;
  readonly mask: Mask;
}

/** Options of `writeGradCamOutputs`. */
export interface WriteGradCamOptions extends Pick<CamOverlayOptions, 'windowHu' | 'alpha'> {
  /** Tumour labels of the mask (default [2]). */
  readonly labels?: readonly number[];
  /** Margin of the 'inside' score in mm (default 5). */
  readonly marginMm?: number;
  /** Write the NIfTI overlay (default true) and PNG slices (default true: every slice of the stack). */
  readonly nifti?: boolean;
  readonly png?: boolean;
  /**
   * Enlarge each PNG to at least this many pixels on its long side (default: none, one pixel per
   * voxel): see {@link enlargeSlice}. For people looking at the maps (`mmf predict`); the study keeps
   * one pixel per voxel.
   */
  readonly pngMinSizePx?: number;
}

/** What was written for a patient and its localisation score. */
export interface GradCamPatientOutput {
  readonly id: string;
  readonly niftiPath: string | null;
  readonly pngPaths: readonly string[];
  /** PNG of the stack's central slice (the one the peak is read on), null when not written (off the grid or PNG off). */
  readonly centrePngPath: string | null;
  /** Pixels per voxel along the finer in-plane axis of the PNGs (1 without `pngMinSizePx`). */
  readonly pngScale: number;
  readonly score: CamGridScore;
}

/**
 * Enlarge an axial slice image (column = i, row = j) by nearest neighbour, so each voxel stays a
 * sharp block and no map value is smoothed: the finer in-plane axis gets `scale` pixels per voxel,
 * scale = max(1, ceil(minSizePx / L)), L the long side in voxels of the finer spacing
 * (L = max(nx·sx, ny·sy) / min(sx, sy)), and the other axis as many as keep the voxels' aspect
 * ratio (width = round(nx·sx/m·scale), height = round(ny·sy/m·scale), m = min(sx, sy)). Source
 * pixel of output column X: floor((X + 0.5)·nx / width), likewise for rows.
 * @param spacingMm in-plane voxel spacing [sx, sy] (mm).
 */
export function enlargeSlice(img: RgbImage, spacingMm: readonly [number, number], minSizePx: number): { image: RgbImage; scale: number } {
  const { width: nx, height: ny } = img;
  const m = Math.min(spacingMm[0], spacingMm[1]);
  const fx = spacingMm[0] / m;
  const fy = spacingMm[1] / m;
  const scale = Math.max(1, Math.ceil(minSizePx / Math.max(nx * fx, ny * fy)));
  const width = Math.max(nx, Math.round(nx * fx * scale));
  const height = Math.max(ny, Math.round(ny * fy * scale));
  if (width === nx && height === ny) return { image: img, scale };
  const rgb = new Uint8Array(width * height * 3);
  const srcX = Int32Array.from({ length: width }, (_, x) => Math.min(nx - 1, Math.floor(((x + 0.5) * nx) / width)));
  for (let y = 0; y < height; y++) {
    const j = Math.min(ny - 1, Math.floor(((y + 0.5) * ny) / height));
    for (let x = 0; x < width; x++) {
      const s = (j * nx + srcX[x]) * 3;
      const o = (y * width + x) * 3;
      rgb[o] = img.rgb[s];
      rgb[o + 1] = img.rgb[s + 1];
      rgb[o + 2] = img.rgb[s + 2];
    }
  }
  return { image: { width, height, rgb }, scale };
}

/**
 * Map a patient's Grad-CAM back to the CT grid (`camToGrid`), write `<dir>/<id>_gradcam.nii.gz`
 * (float32, same geometry as the CT, so viewers overlay it) and `<dir>/<id>_gradcam_k<k>.png` for each
 * slice of the stack on the grid (`renderCamSlice` with the tumour outline; enlarged by
 * {@link enlargeSlice} with `pngMinSizePx`), and score it against the tumour mask (`camGridScore`:
 * mass and peak in the tumour and within `marginMm`).
 */
export function writeGradCamOutputs(dir: string, p: GradCamPatient, options: WriteGradCamOptions = {}): GradCamPatientOutput {
  mkdirSync(dir, { recursive: true });
  const labels = options.labels ?? [2];
  const cam = camToGrid(p.map, p.height, p.width, p.placement);
  const { start, size } = p.placement.box;
  const score = camGridScore(cam, p.mask, labels, options.marginMm ?? 5, start[2] + ((size[2] - 1) >> 1));
  const safe = p.id.replace(/[^A-Za-z0-9._-]/g, '_');
  let niftiPath: string | null = null;
  if (options.nifti !== false) {
    niftiPath = join(dir, `${safe}_gradcam.nii.gz`);
    writeNifti(niftiPath, cam, { description: `mmf-hcc Grad-CAM ${p.id}` });
  }
  const pngPaths: string[] = [];
  let pngScale = 1;
  if (options.png !== false) {
    const [, , sk] = p.placement.box.start;
    for (let s = 0; s < p.placement.box.size[2]; s++) {
      const k = sk + s;
      if (k < 0 || k >= cam.shape[2]) continue;
      let img = renderCamSlice(p.ct, cam, k, { windowHu: options.windowHu, alpha: options.alpha, mask: p.mask, labels });
      if (options.pngMinSizePx !== undefined) ({ image: img, scale: pngScale } = enlargeSlice(img, [p.ct.spacing[0], p.ct.spacing[1]], options.pngMinSizePx));
      const path = join(dir, `${safe}_gradcam_k${k}.png`);
      writeFileSync(path, encodePngRgb(img.width, img.height, img.rgb));
      pngPaths.push(path);
    }
  }
  const centreK = start[2] + ((size[2] - 1) >> 1);
  const centrePngPath = pngPaths.find((q) => q.endsWith(`_gradcam_k${centreK}.png`)) ?? null;
  return { id: p.id, niftiPath, pngPaths, centrePngPath, pngScale, score };
}
