import type { Vec3 } from '../../core/geometry.js';
import type { AnatomyPlan } from './anatomy.js';
import { liverSdf } from './anatomy.js';
import { fbm2 } from './noise.js';
import type { BoxMm } from './shapes.js';
import { ellipsoidBox, ellipsoidSdf, tubeBox, tubeSdf, unionBox } from './shapes.js';
import { TEXTURE_SD_HU, TISSUE } from './tissues.js';
import { inNecrosis, inPeritumoralPatch, sampleTumour, tumourBox, tumourTexture } from './tumour.js';

/** A voxel grid with identity direction (i → patient left, j → posterior, k → superior), centred on 0. */
export interface PhantomGrid {
  readonly shape: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
}

/** Mask label values (the NIfTI mask, DICOM-SEG segments and RTSTRUCT ROIs use the same numbering). */
export const MASK_LABELS: Readonly<Record<number, string>> = { 1: 'liver', 2: 'tumour', 3: 'thrombus' };

/** The painted phantom: tissue class, mask label and texture value per voxel (x-fastest). */
export interface RasterisedPhantom {
  readonly grid: PhantomGrid;
  readonly tissue: Uint8Array;
  readonly mask: Uint8Array;
  /** Anatomical texture (≈ unit SD; multiplied per tissue and phase by TEXTURE_SD_HU). */
  readonly texture: Float32Array;
}

/** The grid covering a field of view (mm) at a pixel spacing and slice spacing (mm). */
export function phantomGrid(fieldOfViewMm: readonly [number, number, number], pixelMm: number, sliceMm: number): PhantomGrid {
  const spacing: Vec3 = [pixelMm, pixelMm, sliceMm];
  const shape = fieldOfViewMm.map((f, a) => Math.max(1, Math.round(f / spacing[a]))) as unknown as Vec3;
  const origin = shape.map((n, a) => (-(n - 1) / 2) * spacing[a]) as unknown as Vec3;
  return { shape, spacing, origin };
}

const WALL = new Set<number>([TISSUE.air, TISSUE.subcutaneousFat, TISSUE.muscle, TISSUE.corticalBone, TISSUE.marrow, TISSUE.csf]);
const TUMOUR_BLOCKED = new Set<number>([...WALL, TISSUE.aorta, TISSUE.ivc, TISSUE.kidney]);

/**
 * Paint a patient's anatomy on a grid by evaluating the shapes at voxel centres, in painter's
 * order: body (fat, muscle wall), spine and paraspinal muscles, stomach, spleen, liver (and
 * perihepatic ascites), kidneys, hepatic and portal veins, IVC, aorta, tumours (necrotic core,
 * capsule, peritumoral enhancement in the liver), tumour thrombus. Mask: 1 liver (parenchyma,
 * intrahepatic vessels, peritumoral liver), 2 tumour, 3 thrombus.
 */
export function rasterisePhantom(plan: AnatomyPlan, grid: PhantomGrid): RasterisedPhantom {
  const [nx, ny, nz] = grid.shape;
  const n = nx * ny * nz;
  const xs = Float64Array.from({ length: nx }, (_, i) => grid.origin[0] + i * grid.spacing[0]);
  const ys = Float64Array.from({ length: ny }, (_, j) => grid.origin[1] + j * grid.spacing[1]);
  const zs = Float64Array.from({ length: nz }, (_, k) => grid.origin[2] + k * grid.spacing[2]);
  const tissue = new Uint8Array(n);
  const mask = new Uint8Array(n);
  const inLiver = new Uint8Array(n);
  const texture = new Float32Array(n);
  const depth = new Float32Array(n);
  const b = plan.body;
  const wall = b.fatMm + b.muscleMm;

  const forBox = (box: BoxMm, f: (v: number, x: number, y: number, z: number) => void): void => {
    const lo = (m: number, a: 0 | 1 | 2) => Math.max(0, Math.ceil((m - grid.origin[a]) / grid.spacing[a]));
    const hi = (m: number, a: 0 | 1 | 2) => Math.min(grid.shape[a] - 1, Math.floor((m - grid.origin[a]) / grid.spacing[a]));
    const i0 = lo(box[0], 0), i1 = hi(box[1], 0), j0 = lo(box[2], 1), j1 = hi(box[3], 1), k0 = lo(box[4], 2), k1 = hi(box[5], 2);
    for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) {
      const row = nx * (j + ny * k);
      for (let i = i0; i <= i1; i++) f(row + i, xs[i], ys[j], zs[k]);
    }
  };
  const whole: BoxMm = [-Infinity, Infinity, -Infinity, Infinity, -Infinity, Infinity];
  const cavity = (v: number) => depth[v] > wall;

  // Body, fat, muscle wall, spine, paraspinal muscles.
  const vb = plan.vertebralBody;
  forBox(whole, (v, x, y, z) => {
    const ry = y - b.cy;
    const e = Math.sqrt((x / b.a) ** 2 + (ry / b.b) ** 2);
    if (e >= 1) return;
    const r = Math.sqrt(x * x + ry * ry);
    const d = e > 1e-9 ? r * (1 / e - 1) : Math.min(b.a, b.b);
    depth[v] = d;
    let t: number = d < b.fatMm ? TISSUE.subcutaneousFat : d < wall ? TISSUE.muscle : TISSUE.visceralFat;
    const rv = Math.hypot(x - vb.cx, y - vb.cy);
    const disc = ((z % 32) + 32) % 32 < 6;
    if (rv < vb.r) t = rv > vb.r - 2.5 ? TISSUE.corticalBone : disc ? TISSUE.muscle : TISSUE.marrow;
    else {
      const rc = Math.hypot(x - vb.cx, y - (vb.cy + vb.r + 9));
      if (rc < 8) t = TISSUE.csf;
      else if (rc < 12.5 || ((x - vb.cx) / 5) ** 2 + ((y - (vb.cy + vb.r + 30)) / 12) ** 2 < 1) t = TISSUE.corticalBone;
      else if (t !== TISSUE.subcutaneousFat && (((Math.abs(x) - 36) / 24) ** 2 + ((y - (vb.cy + vb.r + 22)) / 19) ** 2 < 1)) t = TISSUE.muscle;
    }
    tissue[v] = t;
  });

  // Stomach (wall, fluid, gas anteriorly) and spleen.
  const st = plan.stomach;
  forBox(ellipsoidBox(st), (v, x, y, z) => {
    if (!cavity(v) || tissue[v] !== TISSUE.visceralFat) return;
    const d = ellipsoidSdf(st, x, y, z);
    if (d >= 0) return;
    tissue[v] = d > -4 ? TISSUE.stomachWall : y < st.c[1] - 0.45 * st.r[1] ? TISSUE.gas : TISSUE.stomachContent;
  });
  forBox(ellipsoidBox(plan.spleen), (v, x, y, z) => {
    if (cavity(v) && tissue[v] !== TISSUE.corticalBone && ellipsoidSdf(plan.spleen, x, y, z) < 0) tissue[v] = TISSUE.spleen;
  });

  // Liver and perihepatic ascites.
  const asc = plan.ascitesMm;
  forBox(unionBox(plan.liverLobes.map((l) => ellipsoidBox(l, 12 + asc))), (v, x, y, z) => {
    if (!cavity(v) || WALL.has(tissue[v])) return;
    const d = liverSdf(plan, x, y, z);
    if (d < 0 && depth[v] > wall + 2) {
      tissue[v] = TISSUE.liver;
      inLiver[v] = 1;
    } else if (asc > 0 && d < asc && tissue[v] === TISSUE.visceralFat) tissue[v] = TISSUE.ascites;
  });
  for (const kd of plan.kidneys) {
    forBox(ellipsoidBox(kd), (v, x, y, z) => {
      if (cavity(v) && !WALL.has(tissue[v]) && ellipsoidSdf(kd, x, y, z) < 0) {
        tissue[v] = TISSUE.kidney;
        inLiver[v] = 0;
      }
    });
  }

  // Vessels: hepatic veins and portal branches (intrahepatic parts keep the liver flag), IVC, aorta.
  for (const hv of plan.hepaticVeins) forBox(tubeBox(hv), (v, x, y, z) => {
    if (inLiver[v] && tubeSdf(hv, x, y, z) < 0) tissue[v] = TISSUE.hepaticVein;
  });
  plan.portal.forEach((pv, idx) => forBox(tubeBox(pv), (v, x, y, z) => {
    if (!cavity(v) || WALL.has(tissue[v]) || tubeSdf(pv, x, y, z) >= 0) return;
    if (idx >= 3 && !inLiver[v]) return; // branches 3.. run inside the liver only
    tissue[v] = TISSUE.portalVein;
  }));
  for (const [tube, code] of [[plan.ivc, TISSUE.ivc], [plan.aorta, TISSUE.aorta]] as const) forBox(tubeBox(tube), (v, x, y, z) => {
    if (cavity(v) && !WALL.has(tissue[v]) && tubeSdf(tube, x, y, z) < 0) {
      tissue[v] = code;
      inLiver[v] = 0;
    }
  });
  for (let v = 0; v < n; v++) if (inLiver[v]) mask[v] = 1;

  // Tumours.
  for (const t of plan.tumours) {
    const viable = t.hypovascular ? TISSUE.hypovascularTumour : TISSUE.tumour;
    forBox(tumourBox(t), (v, x, y, z) => {
      if (!cavity(v) || TUMOUR_BLOCKED.has(tissue[v])) return;
      const s = sampleTumour(t, x, y, z);
      if (s.rho < 1) {
        let code: number = viable;
        if (t.capsuleMm > 0 && s.boundaryMm < t.capsuleMm && (t.fuzz === 0 || inPeritumoralPatch(t, x, y, z))) code = TISSUE.capsule;
        else if (inNecrosis(t, s.rho, x, y, z)) code = TISSUE.necrosis;
        tissue[v] = code;
        mask[v] = 2;
        texture[v] = code === viable ? tumourTexture(t, x, y, z) : 0;
      } else if (t.peritumoralMm > 0 && tissue[v] === TISSUE.liver && s.boundaryMm < t.peritumoralMm && inPeritumoralPatch(t, x, y, z)) {
        tissue[v] = TISSUE.peritumoral;
      }
    });
  }

  // Tumour thrombus: expands the portal vein segment it fills.
  for (const seg of plan.thrombus) {
    const pv = plan.portal[seg.tube];
    forBox(tubeBox(pv, 2), (v, x, y, z) => {
      if (!cavity(v) || WALL.has(tissue[v]) || tissue[v] === TISSUE.aorta || tissue[v] === TISSUE.ivc) return;
      if (tubeSdf(pv, x, y, z, seg.t0, seg.t1, 1.15) < 0) {
        tissue[v] = TISSUE.tumourThrombus;
        mask[v] = 3;
      }
    });
  }

  // Anatomical textures: nodular cirrhotic parenchyma, organ textures.
  const lt = plan.liverTextureScale;
  const norm = 1 / Math.tanh(1.6);
  forBox(whole, (v, x, y, z) => {
    const t = tissue[v];
    if (t === TISSUE.liver || t === TISSUE.peritumoral) texture[v] = lt * norm * Math.tanh(1.6 * fbm2(plan.seeds.liverTexture, x, y, z, 6));
    else if (t !== TISSUE.tumour && t !== TISSUE.hypovascularTumour && TEXTURE_SD_HU[t as keyof typeof TEXTURE_SD_HU]) texture[v] = fbm2(plan.seeds.organTexture, x, y, z, 10);
  });
  return { grid, tissue, mask, texture };
}
