import type { Rng } from '../../core/rng.js';
import type { AnatomyPlan } from './anatomy.js';
import type { ImageConfig, ScannerProfile } from './image-config.js';
import { fillStandardNormal, gaussianBlur3, gaussianKernel, kernelVarianceFactor } from './noise.js';
import type { RasterisedPhantom } from './rasterise.js';
import { TEXTURE_SD_HU, TISSUE_COUNT, tissueHu } from './tissues.js';

/** The three contrast phases rendered, in acquisition order (names as the study pipeline reads them). */
export const PHANTOM_PHASES = ['arterial', 'portal_venous', 'delayed'] as const;
/** One of the rendered phases. */
export type PhantomPhase = (typeof PHANTOM_PHASES)[number];

/** Acquisition delay (s) of a phase for one patient at one centre: nominal + centre shift + patient jitter (≥ 5 s). */
export function phaseDelayS(phase: PhantomPhase, images: ImageConfig, scanner: ScannerProfile, plan: AnatomyPlan): number {
  const d = images.phaseDelaysS;
  const nominal = phase === 'arterial' ? d.arterial : phase === 'portal_venous' ? d.portalVenous : d.delayed;
  return Math.max(5, nominal + scanner.contrastDelayShiftS + images.patientDelaySdS * plan.delayZ);
}

/**
 * Render one phase: tissue curves at the phase's delay (enhancement scaled by the patient's
 * factor) plus anatomical texture, plus white quantum noise, then the Gaussian reconstruction
 * blur (SD √(blur² + voxel²/12) mm per axis: the scanner kernel and the voxel's own averaging),
 * which also gives the noise its spatial correlation; the white noise is scaled so that the noise
 * SD after the blur is the centre's `noiseSd` HU. Then the centre's HU offset, rounding to integer
 * HU and clamping to [−1024, 3071].
 */
export function renderPhase(r: RasterisedPhantom, plan: AnatomyPlan, phase: PhantomPhase, images: ImageConfig, scanner: ScannerProfile, noiseRng: Rng): Int16Array {
  const t = phaseDelayS(phase, images, scanner, plan);
  const enh = Math.max(0.5, 1 + images.patientEnhancementSd * plan.enhancementZ);
  const p = PHANTOM_PHASES.indexOf(phase);
  const lut = new Float32Array(TISSUE_COUNT);
  const tex = new Float32Array(TISSUE_COUNT);
  for (let c = 0; c < TISSUE_COUNT; c++) {
    lut[c] = tissueHu(c, t, enh);
    tex[c] = TEXTURE_SD_HU[c as keyof typeof TEXTURE_SD_HU]?.[p] ?? 0;
  }
  const { shape, spacing } = r.grid;
  const sigma = spacing.map((s) => Math.sqrt(scanner.blurSigmaMm ** 2 + (s * s) / 12) / s) as unknown as [number, number, number];
  const vf = sigma.reduce((a, s, axis) => a * (shape[axis] > 1 ? kernelVarianceFactor(gaussianKernel(s)) : 1), 1);
  const g = scanner.noiseSd / Math.sqrt(vf);
  const n = r.tissue.length;
  const img = new Float32Array(n);
  if (g > 0) fillStandardNormal(noiseRng, img);
  for (let v = 0; v < n; v++) {
    const c = r.tissue[v];
    img[v] = lut[c] + tex[c] * r.texture[v] + g * img[v];
  }
  const blurred = gaussianBlur3(img, shape, sigma);
  const out = new Int16Array(n);
  const off = scanner.huOffset;
  for (let v = 0; v < n; v++) {
    const h = Math.round(blurred[v] + off);
    out[v] = h < -1024 ? -1024 : h > 3071 ? 3071 : h;
  }
  return out;
}
