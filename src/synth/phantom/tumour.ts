import type { Mat3, Vec3 } from '../../core/geometry.js';
import type { Rng } from '../../core/rng.js';
import type { ImagingTraits } from '../imaging-traits.js';
import { NECROSIS_LOGIT } from '../imaging-traits.js';
import { fbm2, fieldSeed, valueNoise3 } from './noise.js';
import type { BoxMm } from './shapes.js';

/** One rendered tumour: geometry and the appearance its patient's traits give it. */
export interface TumourPlan {
  readonly centre: Vec3;
  /** Semi-axes (mm) before the margin perturbation; the largest is half the diameter. */
  readonly radii: Vec3;
  /** Rows are the tumour's local axes in world coordinates. */
  readonly rotation: Mat3;
  /** Intended largest diameter (mm). */
  readonly diameterMm: number;
  /** No arterial hyperenhancement: rendered with the hypovascular curve. */
  readonly hypovascular: boolean;
  /** Relative amplitude and angular frequency of the radial margin noise. */
  readonly marginAmplitude: number;
  readonly marginFrequency: number;
  /** Amplitude of the fine 3-D boundary noise (ill-defined, infiltrative margin); 0 when smooth. */
  readonly fuzz: number;
  /** Necrotic volume fraction and the matching normalised core radius (cube root). */
  readonly necrosisFraction: number;
  readonly necrosisRadius: number;
  /** Capsule thickness (mm), 0 without capsule. */
  readonly capsuleMm: number;
  /** Width (mm) of the peritumoral arterial hyperenhancement, 0 without it. */
  readonly peritumoralMm: number;
  /** Multiplier of the tumour texture SD (heterogeneity trait). */
  readonly textureScale: number;
  readonly seed: number;
}

/** Where a point lies relative to a tumour. */
export interface TumourSample {
  /** Normalised radius: < 1 inside the tumour. */
  readonly rho: number;
  /** Distance (mm) to the tumour boundary along the ray from the centre (≥ 0). */
  readonly boundaryMm: number;
}

function randomRotation(rng: Rng): Mat3 {
  // Uniform random unit quaternion (Shoemake).
  const u1 = rng.uniform(), u2 = rng.uniform(), u3 = rng.uniform();
  const a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
  const w = a * Math.sin(2 * Math.PI * u2), x = a * Math.cos(2 * Math.PI * u2), y = b * Math.sin(2 * Math.PI * u3), z = b * Math.cos(2 * Math.PI * u3);
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

/**
 * Necrotic fraction of a tumour of diameter `dMm` for a patient whose index tumour (diameter
 * `indexMm`) has fraction `indexFraction`: the logit moves with log size as in the trait model
 * (NECROSIS_LOGIT.perCmLog per log-diameter), so smaller satellites are less necrotic.
 */
export function satelliteNecrosis(indexFraction: number, indexMm: number, dMm: number): number {
  const f = Math.min(Math.max(indexFraction, 1e-4), 0.9);
  const logit = Math.log(f / (1 - f)) + NECROSIS_LOGIT.perCmLog * Math.log(dMm / indexMm);
  return Math.min(0.9, 1 / (1 + Math.exp(-logit)));
}

/**
 * Plan one tumour of diameter `diameterMm` at `centre` with the patient's traits: hypovascular
 * when APHE is absent; infiltrative margins get a large, high-frequency radial perturbation plus
 * fine boundary noise (ill-defined edge); capsule 2.5 mm when present (fragmentary if infiltrative,
 * via the same boundary noise); peritumoral hyperenhancement 4–8 mm wide when present; necrotic
 * core of the given volume fraction; texture SD × exp(0.4 · heterogeneity).
 */
export function planTumour(rng: Rng, centre: Vec3, diameterMm: number, traits: ImagingTraits, necrosisFraction: number): TumourPlan {
  const infiltrative = traits.infiltrativeMargin;
  const marginAmplitude = infiltrative ? 0.2 + 0.1 * rng.uniform() : 0.04 + 0.05 * rng.uniform();
  const marginFrequency = infiltrative ? 2.5 + rng.uniform() : 1.2 + 0.6 * rng.uniform();
  const shapeRatios: Vec3 = [1, 0.78 + 0.22 * rng.uniform(), 0.72 + 0.28 * rng.uniform()];
  const rotation = randomRotation(rng);
  const peritumoralWidth = 4 + 4 * rng.uniform(); // drawn for every tumour, so traits never shift the stream
  const seed = fieldSeed(rng);
  // Scale the semi-axes so that the largest extent (max over directions of R(u) + R(−u)) is the
  // diameter; the fine boundary noise of infiltrative margins reaches about 1.5 × fuzz further.
  const fuzz = infiltrative ? 0.12 : 0;
  const extent = largestExtent(shapeRatios, marginAmplitude, marginFrequency, seed) * (1 + 1.5 * fuzz);
  const s = diameterMm / extent;
  const radii: Vec3 = [shapeRatios[0] * s, shapeRatios[1] * s, shapeRatios[2] * s];
  return {
    centre,
    radii,
    rotation,
    diameterMm,
    hypovascular: traits.apheAbsent,
    marginAmplitude,
    marginFrequency,
    fuzz,
    necrosisFraction,
    necrosisRadius: Math.cbrt(necrosisFraction),
    capsuleMm: traits.capsule ? 2.5 : 0,
    peritumoralMm: traits.rimEnhancement ? peritumoralWidth : 0,
    textureScale: Math.exp(0.4 * traits.heterogeneity),
    seed,
  };
}

function marginAt(seed: number, amplitude: number, frequency: number, u0: number, u1: number, u2: number): number {
  return Math.max(0.3, 1 + amplitude * 2.5 * valueNoise3(seed, u0 * frequency + 11.3, u1 * frequency + 5.7, u2 * frequency + 3.1));
}

/** Largest extent R(u) + R(−u) over 600 Fibonacci-sphere directions, R(u) = margin(u) / |u / radii|. */
function largestExtent(radii: Vec3, amplitude: number, frequency: number, seed: number): number {
  const n = 600;
  let best = 0;
  const R = (u0: number, u1: number, u2: number) => marginAt(seed, amplitude, frequency, u0, u1, u2) / Math.sqrt((u0 / radii[0]) ** 2 + (u1 / radii[1]) ** 2 + (u2 / radii[2]) ** 2);
  for (let k = 0; k < n; k++) {
    const z = 1 - (2 * k + 1) / n;
    const r = Math.sqrt(1 - z * z);
    const phi = k * 2.399963229728653;
    const u0 = r * Math.cos(phi), u1 = r * Math.sin(phi);
    best = Math.max(best, R(u0, u1, z) + R(-u0, -u1, -z));
  }
  return best;
}

/** Box (mm) that holds the tumour and its peritumoral shell. */
export function tumourBox(t: TumourPlan): BoxMm {
  const r = t.diameterMm * (t.fuzz > 0 ? 0.75 : 0.55) + t.peritumoralMm + 4;
  return [t.centre[0] - r, t.centre[0] + r, t.centre[1] - r, t.centre[1] + r, t.centre[2] - r, t.centre[2] + r];
}

/** Normalised radius and boundary distance of point (x, y, z) mm. */
export function sampleTumour(t: TumourPlan, x: number, y: number, z: number): TumourSample {
  const dx = x - t.centre[0], dy = y - t.centre[1], dz = z - t.centre[2];
  const m = t.rotation;
  const q0 = m[0] * dx + m[1] * dy + m[2] * dz, q1 = m[3] * dx + m[4] * dy + m[5] * dz, q2 = m[6] * dx + m[7] * dy + m[8] * dz;
  const len = Math.sqrt(q0 * q0 + q1 * q1 + q2 * q2);
  if (len < 1e-9) return { rho: 0, boundaryMm: t.radii[2] };
  const e = Math.sqrt((q0 / t.radii[0]) ** 2 + (q1 / t.radii[1]) ** 2 + (q2 / t.radii[2]) ** 2);
  let rho = e / marginAt(t.seed, t.marginAmplitude, t.marginFrequency, q0 / len, q1 / len, q2 / len);
  if (t.fuzz > 0) rho += t.fuzz * fbm2(t.seed ^ 0x2f6b, x, y, z, 6);
  const boundaryMm = rho > 0 ? len * Math.abs(1 / rho - 1) : t.radii[2];
  return { rho, boundaryMm };
}

/** Inside the necrotic core (irregular boundary) at normalised radius `rho`. */
export function inNecrosis(t: TumourPlan, rho: number, x: number, y: number, z: number): boolean {
  if (t.necrosisRadius <= 0.02) return false;
  return rho < t.necrosisRadius * (1 + 0.18 * fbm2(t.seed ^ 0x51ed, x, y, z, 9));
}

/** Peritumoral enhancement covers about 60 % of the margin, in patches. */
export function inPeritumoralPatch(t: TumourPlan, x: number, y: number, z: number): boolean {
  return fbm2(t.seed ^ 0x7a3d, x, y, z, 18) > -0.25;
}

/** Tumour texture value (SD ≈ textureScale): mosaic of 7 mm patches. */
export function tumourTexture(t: TumourPlan, x: number, y: number, z: number): number {
  return t.textureScale * fbm2(t.seed ^ 0x1ce4, x, y, z, 7);
}
