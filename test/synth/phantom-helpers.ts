import type { ImageConfig, ImageConfigInput, PhantomImages, ScannerProfile, ScannerProfileInput, SynthCohort } from '../../src/synth/index.js';
import { imageConfigSchema, phantomRng, renderPhantom, scannerProfileSchema } from '../../src/synth/index.js';
import type { ImagingTraits } from '../../src/synth/index.js';

/** Image configuration with overrides (defaults otherwise). */
export function imageConfig(over: ImageConfigInput = {}): ImageConfig {
  return imageConfigSchema.parse(over);
}

/** A scanner profile with overrides. */
export function scanner(over: ScannerProfileInput = {}): ScannerProfile {
  return scannerProfileSchema.parse(over);
}

/** Noise-free, blur-free scanner (voxel averaging only), C1 geometry. */
export const QUIET = scanner({ noiseSd: 0, blurSigmaMm: 0 });

/** Render patient i of a cohort with a given scanner (and optionally other traits), from its own phantom stream. */
export function render(c: SynthCohort, i: number, sc: ScannerProfile, opts: { images?: ImageConfig; traits?: Partial<ImagingTraits> } = {}): PhantomImages {
  return renderPhantom({ patient: c.patients[i], traits: { ...c.traits[i], ...opts.traits }, followUp: c.followUps[i] }, phantomRng(c.seed, i), opts.images ?? imageConfig(), sc);
}

/** Voxels whose 6 neighbours all satisfy `keep` as well (one-voxel erosion), x-fastest. */
export function eroded(shape: readonly number[], keep: (v: number) => boolean): number[] {
  const [nx, ny, nz] = shape;
  const out: number[] = [];
  for (let k = 1; k < nz - 1; k++) for (let j = 1; j < ny - 1; j++) for (let i = 1; i < nx - 1; i++) {
    const v = i + nx * (j + ny * k);
    if (keep(v) && keep(v - 1) && keep(v + 1) && keep(v - nx) && keep(v + nx) && keep(v - nx * ny) && keep(v + nx * ny)) out.push(v);
  }
  return out;
}

/** Mean of data over voxel indices (NaN when empty). */
export function meanAt(data: ArrayLike<number>, idx: readonly number[]): number {
  let s = 0;
  for (const v of idx) s += data[v];
  return idx.length ? s / idx.length : NaN;
}

/** SD of data over voxel indices. */
export function sdAt(data: ArrayLike<number>, idx: readonly number[]): number {
  const m = meanAt(data, idx);
  let s = 0;
  for (const v of idx) s += (data[v] - m) ** 2;
  return Math.sqrt(s / Math.max(1, idx.length - 1));
}

/** Indices where pred holds. */
export function where(n: number, pred: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let v = 0; v < n; v++) if (pred(v)) out.push(v);
  return out;
}
