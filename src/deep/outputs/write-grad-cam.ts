import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mask, Volume } from '../../core/volume.js';
import { writeNifti } from '../../io/index.js';
import type { StackPlacement } from '../data/tumour-stack.js';
import { camGridScore } from './cam-grid-score.js';
import type { CamGridScore } from './cam-grid-score.js';
import { camToGrid } from './cam-to-grid.js';
import type { CamOverlayOptions } from './overlay.js';
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
}

/** What was written for a patient and its localisation score. */
export interface GradCamPatientOutput {
  readonly id: string;
  readonly niftiPath: string | null;
  readonly pngPaths: readonly string[];
  /** PNG of the stack's central slice (the one the peak is read on), null when not written (off the grid or PNG off). */
  readonly centrePngPath: string | null;
  readonly score: CamGridScore;
}

/**
 * Map a patient's Grad-CAM back to the CT grid (`camToGrid`), write `<dir>/<id>_gradcam.nii.gz`
 * (float32, same geometry as the CT, so viewers overlay it) and `<dir>/<id>_gradcam_k<k>.png` for each
 * slice of the stack on the grid (`renderCamSlice` with the tumour outline), and score it against the
 * tumour mask (`camGridScore`: mass and peak in the tumour and within `marginMm`).
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
  if (options.png !== false) {
    const [, , sk] = p.placement.box.start;
    for (let s = 0; s < p.placement.box.size[2]; s++) {
      const k = sk + s;
      if (k < 0 || k >= cam.shape[2]) continue;
      const img = renderCamSlice(p.ct, cam, k, { windowHu: options.windowHu, alpha: options.alpha, mask: p.mask, labels });
      const path = join(dir, `${safe}_gradcam_k${k}.png`);
      writeFileSync(path, encodePngRgb(img.width, img.height, img.rgb));
      pngPaths.push(path);
    }
  }
  const centreK = start[2] + ((size[2] - 1) >> 1);
  const centrePngPath = pngPaths.find((q) => q.endsWith(`_gradcam_k${centreK}.png`)) ?? null;
  return { id: p.id, niftiPath, pngPaths, centrePngPath, score };
}
