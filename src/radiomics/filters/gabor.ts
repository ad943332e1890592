import { fft2d, nextPowerOfTwo, planFft } from './fft.js';
import type { PaddingMode } from './padding.js';
import { paddedIndex } from './padding.js';
import type { FilterImage, ResponseMap } from './response-map.js';
import { assertFilterImage, badFilterOption, toResponseMap } from './response-map.js';

/** Image planes Gabor filtering runs in: axial (i–j) only, or the mean over axial, i–k and j–k. */
export type GaborPlanes = 'axial' | 'orthogonal';

/** Options of {@link gaborFilter}. Lengths in mm, angles in radians. */
export interface GaborFilterOptions {
  /** Gaussian envelope scale σ (mm) along the wave direction. */
  readonly sigmaMm: number;
  /** Wavelength λ (mm) of the complex sinusoid. */
  readonly lambdaMm: number;
  /** Spatial aspect ratio γ: the envelope's scale across the wave is σ/γ. */
  readonly gamma: number;
  /** Orientation θ of the wave, from axis u toward axis v of each plane. */
  readonly thetaRad: number;
  /** Average the modulus over θ = 0, Δθ, 2Δθ, … < 2π (`thetaStepRad` = Δθ) instead of using `thetaRad`. */
  readonly rotationInvariant: boolean;
  readonly thetaStepRad?: number;
  readonly planes: GaborPlanes;
  readonly padding: PaddingMode;
  /** Kernel half-width in units of max(σ, σ/γ) (default 4). */
  readonly truncation?: number;
}

/** Plane (u, v) axis pairs; w (the third axis) indexes the slices. */
const PLANES: Readonly<Record<'axial' | 'coronal' | 'sagittal', readonly [number, number, number]>> = {
  axial: [0, 1, 2],
  coronal: [0, 2, 1],
  sagittal: [1, 2, 0],
};

function gaborOrientations(o: GaborFilterOptions): number[] {
  if (!o.rotationInvariant) return [o.thetaRad];
  const step = o.thetaStepRad;
  if (step === undefined || !(step > 0) || step > 2 * Math.PI) badFilterOption('thetaStepRad', 'rotation-invariant Gabor needs an angular step in (0, 2π]', 'e.g. π/4', step);
  const out: number[] = [];
  for (let k = 0; k * step < 2 * Math.PI - 1e-9; k++) out.push(k * step);
  return out;
}

/** Mean |I ∗ h_θ| over `thetas`, slice by slice in plane (u, v), accumulated into `acc` with `weight`. */
function filterPlane(image: FilterImage, plane: readonly [number, number, number], thetas: readonly number[], o: GaborFilterOptions, acc: Float64Array, weight: number): void {
  const { shape, spacing, data } = image;
  const [u, v, w] = plane;
  const nu = shape[u];
  const nv = shape[v];
  const nw = shape[w];
  const reach = (o.truncation ?? 4) * Math.max(o.sigmaMm, o.sigmaMm / o.gamma);
  const ru = Math.floor(reach / spacing[u] + 0.5);
  const rv = Math.floor(reach / spacing[v] + 0.5);
  // Explicit padding of r voxels per side, except for zero padding where a circular convolution of
  // length ≥ n + r already reads zeros outside the image.
  const zero = o.padding === 'zero';
  const lu = zero ? 0 : ru;
  const lv = zero ? 0 : rv;
  const pu = nextPowerOfTwo(nu + ru + lu);
  const pv = nextPowerOfTwo(nv + rv + lv);
  const rowPlan = planFft(pv);
  const colPlan = planFft(pu);
  const size = pu * pv;
  const strides = [1, shape[0], shape[0] * shape[1]];
  // Orientations θ and θ + π give the same modulus for a real image: filter each class once.
  const classes = new Map<string, { theta: number; count: number }>();
  for (const t of thetas) {
    const key = (((t % Math.PI) + Math.PI) % Math.PI).toFixed(9);
    const c = classes.get(key);
    if (c) c.count++;
    else classes.set(key, { theta: t, count: 1 });
  }
  const kernels = [...classes.values()].map(({ theta, count }) => {
    const kr = new Float64Array(size);
    const ki = new Float64Array(size);
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    for (let a = -ru; a <= ru; a++) {
      for (let b = -rv; b <= rv; b++) {
        const x = a * spacing[u];
        const y = b * spacing[v];
        const xt = x * c + y * s;
        const yt = -x * s + y * c;
        const env = Math.exp(-(xt * xt + o.gamma * o.gamma * yt * yt) / (2 * o.sigmaMm * o.sigmaMm));
        const ph = (2 * Math.PI * xt) / o.lambdaMm;
        const idx = (((a % pu) + pu) % pu) * pv + (((b % pv) + pv) % pv);
        kr[idx] = env * Math.cos(ph);
        ki[idx] = env * Math.sin(ph);
      }
    }
    fft2d(rowPlan, colPlan, kr, ki, false);
    return { kr, ki, weight: (count / thetas.length) * weight };
  });
  const fr = new Float64Array(size);
  const fi = new Float64Array(size);
  const gr = new Float64Array(size);
  const gi = new Float64Array(size);
  const iu = new Int32Array(nu + 2 * lu);
  const iv = new Int32Array(nv + 2 * lv);
  for (let a = 0; a < iu.length; a++) iu[a] = paddedIndex(a - lu, nu, o.padding);
  for (let b = 0; b < iv.length; b++) iv[b] = paddedIndex(b - lv, nv, o.padding);
  for (let sw = 0; sw < nw; sw++) {
    fr.fill(0);
    fi.fill(0);
    const base = sw * strides[w];
    for (let a = 0; a < iu.length; a++) {
      if (iu[a] < 0) continue;
      for (let b = 0; b < iv.length; b++) {
        if (iv[b] < 0) continue;
        fr[a * pv + b] = data[base + iu[a] * strides[u] + iv[b] * strides[v]];
      }
    }
    fft2d(rowPlan, colPlan, fr, fi, false);
    for (const k of kernels) {
      for (let i = 0; i < size; i++) {
        gr[i] = fr[i] * k.kr[i] - fi[i] * k.ki[i];
        gi[i] = fr[i] * k.ki[i] + fi[i] * k.kr[i];
      }
      fft2d(rowPlan, colPlan, gr, gi, true, { from: lv, to: lv + nv });
      const scale = k.weight / size;
      for (let a = 0; a < nu; a++) {
        for (let b = 0; b < nv; b++) {
          const i = (a + lu) * pv + (b + lv);
          acc[base + a * strides[u] + b * strides[v]] += scale * Math.sqrt(gr[i] * gr[i] + gi[i] * gi[i]);
        }
      }
    }
  }
}

/**
 * IBSI 2 Gabor filter (IBSI code Q88H), 2-D in-plane: `h(x, y) = exp(−(x̃² + γ²ỹ²)/(2σ²)) · exp(i2πx̃/λ)`
 * with `x̃ = x cosθ + y sinθ`, `ỹ = −x sinθ + y cosθ` (x, y in mm along the plane's first and second
 * index axes); the response is the modulus |I ∗ h|, computed by FFT on each padded slice. The
 * envelope is not normalised (a unit impulse gives a peak response of 1), as in the IBSI reference
 * maps. `orthogonal` averages the axial (i–j), i–k and j–k responses; rotation invariance averages
 * the modulus over θ.
 * @see IBSI 2 reference manual §"Gabor kernels"
 */
export function gaborFilter(image: FilterImage, options: GaborFilterOptions): ResponseMap {
  assertFilterImage(image);
  for (const [k, v] of [['sigmaMm', options.sigmaMm], ['lambdaMm', options.lambdaMm], ['gamma', options.gamma]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) badFilterOption(k, `${k} must be positive and finite`, '> 0', v);
  }
  const thetas = gaborOrientations(options);
  const acc = new Float64Array(image.data.length);
  const planes = options.planes === 'axial' ? [PLANES.axial] : [PLANES.axial, PLANES.coronal, PLANES.sagittal];
  for (const p of planes) filterPlane(image, p, thetas, options, acc, 1 / planes.length);
  return toResponseMap(image, acc);
}
