import type { Vec3 } from '../../core/geometry.js';
import type { Rng } from '../../core/rng.js';
import type { SynthPatient } from '../clinical.js';
import type { FollowUpRecord } from '../followup.js';
import type { ImagingTraits } from '../imaging-traits.js';
import { fbm2, fieldSeed } from './noise.js';
import type { Ellipsoid, Tube } from './shapes.js';
import { ellipsoidSdf, smoothMin } from './shapes.js';
import type { TumourPlan } from './tumour.js';
import { planTumour, satelliteNecrosis } from './tumour.js';

/**
 * The anatomy of one patient's phantom in world millimetres (LPS: +x patient left, +y posterior,
 * +z superior; the field of view is centred on 0). Independent of the voxel grid, so the same
 * patient renders at demo or full resolution.
 */
export interface AnatomyPlan {
  /** Body outline: ellipse semi-axes (x, y), centre y, subcutaneous fat and muscle-wall thickness. */
  readonly body: { readonly a: number; readonly b: number; readonly cy: number; readonly fatMm: number; readonly muscleMm: number };
  readonly liverLobes: readonly Ellipsoid[];
  /** Amplitude (mm) of the nodular liver surface. */
  readonly liverSurfaceMm: number;
  /** Amplitude of the nodular parenchymal texture (relative, cirrhosis severity). */
  readonly liverTextureScale: number;
  readonly spleen: Ellipsoid;
  readonly kidneys: readonly Ellipsoid[];
  readonly stomach: Ellipsoid;
  readonly vertebralBody: { readonly cx: number; readonly cy: number; readonly r: number };
  readonly aorta: Tube;
  readonly ivc: Tube;
  /** Portal system: 0 SMV, 1 splenic vein, 2 main portal vein, 3 right PV, 4 right anterior, 5 right posterior, 6 left PV, 7 left distal. */
  readonly portal: readonly Tube[];
  readonly hepaticVeins: readonly Tube[];
  readonly tumours: readonly TumourPlan[];
  /** Portal-vein segments filled by tumour thrombus (tube index, axis parameter range). */
  readonly thrombus: readonly { readonly tube: number; readonly t0: number; readonly t1: number }[];
  /** Width (mm) of the perihepatic ascites rim (0: none). */
  readonly ascitesMm: number;
  /** Standard-normal draws of the patient's contrast timing jitter and relative enhancement (cardiac output), scaled by the configuration. */
  readonly delayZ: number;
  readonly enhancementZ: number;
  readonly seeds: { readonly liverSurface: number; readonly liverTexture: number; readonly organTexture: number };
}

/** Signed distance (mm) to the liver envelope (negative inside): smooth union of lobes + nodular surface. */
export function liverSdf(plan: AnatomyPlan, x: number, y: number, z: number): number {
  const [right, left, caudate] = plan.liverLobes;
  let d = smoothMin(ellipsoidSdf(right, x, y, z), ellipsoidSdf(left, x, y, z), 25);
  d = smoothMin(d, ellipsoidSdf(caudate, x, y, z), 10);
  if (d > 12 || d < -12) return d; // far from the surface: the bounded surface noise cannot change the sign
  return d + plan.liverSurfaceMm * fbm2(plan.seeds.liverSurface, x, y, z, 16);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

const scaleEllipsoid = (c: Vec3, r: Vec3, s: number): Ellipsoid => ({ c, r: [r[0] * s, r[1] * s, r[2] * s] });

interface InputRow {
  readonly patient: SynthPatient;
  readonly traits: ImagingTraits;
  readonly followUp: FollowUpRecord | undefined;
}

function tumourDiameters(rng: Rng, row: InputRow): number[] {
  const p = row.patient;
  const d1 = p.largestDiameterCm * 10;
  const n = Math.min(p.tumourCount, 10);
  const out = [d1];
  if (n >= 2) {
    const f = row.followUp;
    // The second target lesion of the follow-up table, when it was measured, keeps its size.
    const d2 = f && f.targetCount === 2 ? f.baselineWholeSumMm - d1 : d1 * (0.3 + 0.5 * rng.uniform());
    out.push(Math.max(8, Math.min(d1, d2)));
  }
  while (out.length < n) out.push(Math.max(8, d1 * (0.12 + 0.3 * rng.uniform())));
  return out;
}

function randomInBall(rng: Rng): Vec3 {
  for (;;) {
    const v: Vec3 = [2 * rng.uniform() - 1, 2 * rng.uniform() - 1, 2 * rng.uniform() - 1];
    if (v[0] * v[0] + v[1] * v[1] + v[2] * v[2] <= 1) return v;
  }
}

/**
 * Draw a patient's anatomy from the phantom stream `rng`, driven by the clinical row (tumour
 * number and largest diameter, Vp grade → portal-vein thrombus extent, ascites grade, liver
 * dysfunction → liver atrophy, surface nodularity, texture and spleen size) and the latent imaging
 * traits (enhancement, margins, necrosis, capsule, peritumoral enhancement, heterogeneity).
 */
export function planAnatomy(rng: Rng, row: InputRow): AnatomyPlan {
  const p = row.patient;
  const habitus = clamp(rng.normal(), -2, 2);
  const body = { a: clamp(150 + 8 * habitus, 132, 162), b: clamp(108 + 7 * habitus, 92, 122), cy: 5, fatMm: clamp(16 + 6 * habitus, 6, 30), muscleMm: 9 + 2 * rng.uniform() };
  const liverLatent = p.latent.liver;
  const severity = clamp(0.6 + 0.3 * liverLatent + 0.15 * rng.normal(), 0.2, 1.5);
  const liverScale = clamp(1 - 0.05 * liverLatent + 0.05 * rng.normal(), 0.82, 1.1);
  const caudateScale = 1 + 0.15 * severity;
  const liverLobes: Ellipsoid[] = [
    scaleEllipsoid([-58, 10, 12], [66, 70, 78], liverScale),
    scaleEllipsoid([16, -30, 38], [56, 30, 38], liverScale),
    scaleEllipsoid([-14, 24, 30], [20, 18, 30], liverScale * caudateScale),
  ];
  const spleenScale = clamp(1 + 0.12 * Math.max(0, liverLatent + 0.5) + 0.08 * rng.normal(), 0.85, 1.5);
  const spleen = scaleEllipsoid([88, 50, 30], [32, 26, 50], spleenScale);
  const kidneys = [
    { c: [-68, 62, -88] as Vec3, r: [27, 24, 50] as Vec3 },
    { c: [72, 62, -72] as Vec3, r: [27, 24, 50] as Vec3 },
  ];
  const stomach = { c: [58, -28, 42] as Vec3, r: [42, 34, 44] as Vec3 };
  const vertebralBody = { cx: 0, cy: 58, r: 19 };
  const aorta: Tube = { a: [14, 28, -130], b: [12, 26, 130], ra: 11, rb: 12 };
  const ivc: Tube = { a: [-26, 30, -130], b: [-26, 22, 100], ra: 10, rb: 11 };
  const hilum: Vec3 = [-30 * liverScale, 4, 8];
  const confluence: Vec3 = [-4, 14, -42];
  const rightSplit: Vec3 = [-68 * liverScale, 10, 14];
  const leftSplit: Vec3 = [4, -22, 26];
  const portal: Tube[] = [
    { a: [-6, 8, -130], b: confluence, ra: 6, rb: 6.5 },
    { a: confluence, b: [70, 42, 6], ra: 5.5, rb: 4.5 },
    { a: confluence, b: hilum, ra: 7, rb: 6.5 },
    { a: hilum, b: rightSplit, ra: 6, rb: 5 },
    { a: rightSplit, b: [-96 * liverScale, -36, 8], ra: 4, rb: 2.5 },
    { a: rightSplit, b: [-104 * liverScale, 44, -4], ra: 4, rb: 2.5 },
    { a: hilum, b: leftSplit, ra: 5, rb: 4.5 },
    { a: leftSplit, b: [42, -44, 36], ra: 3.5, rb: 2.5 },
  ];
  const hvRoot: Vec3 = [-26, 20, 82];
  const hepaticVeins: Tube[] = [
    { a: hvRoot, b: [-112 * liverScale, 18, 28], ra: 5, rb: 2.5 },
    { a: hvRoot, b: [-58 * liverScale, -46, 24], ra: 4.5, rb: 2.5 },
    { a: hvRoot, b: [22, -36, 52], ra: 4, rb: 2.5 },
  ];
  const seeds = { liverSurface: fieldSeed(rng), liverTexture: fieldSeed(rng), organTexture: fieldSeed(rng) };
  const partial: AnatomyPlan = {
    body, liverLobes, liverSurfaceMm: 1 + 2.5 * severity, liverTextureScale: 0.7 + 0.5 * severity, spleen, kidneys, stomach, vertebralBody, aorta, ivc, portal, hepaticVeins,
    tumours: [], thrombus: [], ascitesMm: p.ascites === 'none' ? 0 : p.ascites === 'mild' ? 6 + 4 * rng.uniform() : 15 + 10 * rng.uniform(),
    delayZ: 0, enhancementZ: 0, seeds,
  };

  // Tumours: the index tumour in the right lobe (75 %, always when > 6 cm), satellites in the liver.
  const tr = rng.fork('tumours');
  const diameters = tumourDiameters(tr, row);
  const d1 = diameters[0];
  const inRight = d1 > 60 || tr.uniform() < 0.75;
  const lobe = liverLobes[inRight ? 0 : 1];
  const room = Math.max(0, 1 - d1 / 2 / Math.min(...lobe.r)) * 0.6;
  const off = randomInBall(tr);
  const c1: Vec3 = [lobe.c[0] + off[0] * room * lobe.r[0], lobe.c[1] + off[1] * room * lobe.r[1], lobe.c[2] + off[2] * room * lobe.r[2]];
  const tumours: TumourPlan[] = [planTumour(tr.fork(0), c1, d1, row.traits, row.traits.necrosisFraction)];
  for (let k = 1; k < diameters.length; k++) {
    const dk = diameters[k];
    const near = tr.uniform() < 0.5;
    for (let attempt = 0; attempt < 60; attempt++) {
      const u = randomInBall(tr);
      const c: Vec3 = near
        ? [c1[0] + u[0] * (d1 / 2 + 35), c1[1] + u[1] * (d1 / 2 + 35), c1[2] + u[2] * (d1 / 2 + 35)]
        : [-40 + u[0] * 90, -5 + u[1] * 75, 20 + u[2] * 80];
      if (liverSdf(partial, c[0], c[1], c[2]) > -0.6 * (dk / 2)) continue;
      if (tumours.some((t) => Math.hypot(t.centre[0] - c[0], t.centre[1] - c[1], t.centre[2] - c[2]) < t.diameterMm / 2 + dk / 2 + 4)) continue;
      tumours.push(planTumour(tr.fork(k), c, dk, row.traits, satelliteNecrosis(row.traits.necrosisFraction, d1, dk)));
      break;
    }
  }

  // Tumour thrombus in the portal vein by Vp grade (Vp4 main trunk, Vp3 first-order, Vp1–2 second-order branch).
  const firstOrder = inRight ? 3 : 6;
  const secondOrder = inRight ? (c1[1] < 8 ? 4 : 5) : 7;
  const thrombus = p.vp === 4 ? [{ tube: 2, t0: 0.25, t1: 1 }, { tube: firstOrder, t0: 0, t1: 1 }]
    : p.vp === 3 ? [{ tube: firstOrder, t0: 0.05, t1: 1 }]
      : p.vp === 2 ? [{ tube: secondOrder, t0: 0, t1: 1 }]
        : p.vp === 1 ? [{ tube: secondOrder, t0: 0.5, t1: 1 }] : [];
  return { ...partial, tumours, thrombus, delayZ: rng.normal(), enhancementZ: rng.normal() };
}
