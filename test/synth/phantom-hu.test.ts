import { describe, expect, it } from 'vitest';
import { PHANTOM_PHASES, TISSUE, tissueHu } from '../../src/synth/index.js';
import { cohort } from './helpers.js';
import { eroded, meanAt, QUIET, render, scanner, where } from './phantom-helpers.js';

// cohort-priors.md §4.2 (late arterial, portal venous, delayed).
const PRIORS = {
  liver: [75, 110, 95],
  tumour: [115, 95, 75],
  hypovascularTumour: [60, 80, 70],
  necrosis: [28, 30, 30],
  capsule: [70, 105, 110],
  tumourThrombus: [100, 90, 80],
  portalVein: [120, 170, 120],
  aorta: [280, 160, 110],
  spleen: [120, 120, 100],
  visceralFat: [-94, -92, -93],
} as const;

describe('tissue curves reproduce the priors at the nominal delays', () => {
  it('35 / 70 / 180 s give the §4.2 table values exactly (enhancement scale 1)', () => {
    for (const [name, want] of Object.entries(PRIORS)) {
      const code = TISSUE[name as keyof typeof TISSUE];
      [35, 70, 180].forEach((t, p) => expect(tissueHu(code, t), `${name} at ${t}s`).toBeCloseTo(want[p], 9));
    }
  });
  it('the enhancement scale multiplies only the enhancement above the unenhanced value', () => {
    expect(tissueHu(TISSUE.liver, 70, 1.2)).toBeCloseTo(55 + 1.2 * 55, 9);
    expect(tissueHu(TISSUE.necrosis, 70, 1.2)).toBe(30);
    expect(tissueHu(TISSUE.liver, 0)).toBe(55);
    expect(tissueHu(TISSUE.liver, 1000)).toBe(88);
  });
});

describe('rendered phantoms: HU per tissue and phase (default C1 scanner, 8 patients)', () => {
  const c = cohort(8, 7);
  const sc = scanner();
  const imgs = c.patients.map((_, i) => render(c, i, sc));
  const pooled = (name: keyof typeof PRIORS, p: number): { mean: number; n: number } => {
    let s = 0, n = 0;
    for (const im of imgs) {
      const code = TISSUE[name];
      const idx = eroded(im.grid.shape, (v) => im.tissue[v] === code);
      const d = im.phases[PHANTOM_PHASES[p]].data;
      for (const v of idx) s += d[v];
      n += idx.length;
    }
    return { mean: s / n, n };
  };

  it('interior means lie within tolerance of the §4.2 values', () => {
    const tol: Record<string, number> = { liver: 12, tumour: 15, necrosis: 10, visceralFat: 8, aorta: 35, spleen: 20 };
    for (const [name, t] of Object.entries(tol)) {
      for (let p = 0; p < 3; p++) {
        const { mean, n } = pooled(name as keyof typeof PRIORS, p);
        expect(n, `${name} voxels`).toBeGreaterThan(20);
        expect(Math.abs(mean - PRIORS[name as keyof typeof PRIORS][p]), `${name} ${PHANTOM_PHASES[p]} mean ${mean.toFixed(1)}`).toBeLessThan(t);
      }
    }
  });

  it('LI-RADS pattern per hypervascular patient: APHE (tumour > liver, arterial) and washout (tumour < liver, delayed)', () => {
    let checked = 0;
    imgs.forEach((im, i) => {
      if (c.traits[i].apheAbsent) return;
      const tum = eroded(im.grid.shape, (v) => im.tissue[v] === TISSUE.tumour);
      const liv = eroded(im.grid.shape, (v) => im.tissue[v] === TISSUE.liver);
      if (tum.length < 5) return;
      checked++;
      expect(meanAt(im.phases.arterial.data, tum), `${im.patientId} APHE`).toBeGreaterThan(meanAt(im.phases.arterial.data, liv) + 15);
      expect(meanAt(im.phases.delayed.data, tum), `${im.patientId} washout`).toBeLessThan(meanAt(im.phases.delayed.data, liv) - 5);
      expect(meanAt(im.phases.portal_venous.data, liv)).toBeGreaterThan(meanAt(im.phases.arterial.data, liv) + 20);
    });
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});

describe('masks align with the intensities', () => {
  const c = cohort(6, 11);
  const imgs = c.patients.map((_, i) => render(c, i, QUIET));

  it('labels 1/2/3 are present where expected and the liver mask holds liver-like PV HU', () => {
    imgs.forEach((im, i) => {
      const m = im.mask.data;
      const liver = where(m.length, (v) => m[v] === 1);
      const tumour = where(m.length, (v) => m[v] === 2);
      expect(im.mask.labels).toEqual({ 1: 'liver', 2: 'tumour', 3: 'thrombus' });
      expect(liver.length).toBeGreaterThan(5000);
      expect(tumour.length).toBeGreaterThan(0);
      expect(m.includes(3), `${im.patientId} thrombus iff Vp > 0`).toBe(c.patients[i].vp > 0);
      const pv = meanAt(im.phases.portal_venous.data, liver);
      expect(pv).toBeGreaterThan(95);
      expect(pv).toBeLessThan(135);
      // Every tumour-labelled voxel is tumour tissue (viable, hypovascular, necrosis or capsule).
      const tumourCodes = new Set<number>([TISSUE.tumour, TISSUE.hypovascularTumour, TISSUE.necrosis, TISSUE.capsule]);
      expect(tumour.every((v) => tumourCodes.has(im.tissue[v]))).toBe(true);
    });
  });

  it('shifting the mask by one or two voxels lowers its agreement with liver-range HU (alignment at shift 0)', () => {
    for (const im of imgs) {
      const [nx] = im.grid.shape;
      const m = im.mask.data;
      const d = im.phases.portal_venous.data;
      const score = (s: number) => {
        let hit = 0, n = 0;
        for (let v = 0; v < m.length; v++) {
          if (m[v] !== 1) continue;
          const i = v % nx;
          if (i + s < 0 || i + s >= nx) continue;
          n++;
          if (d[v + s] > 80 && d[v + s] < 150) hit++;
        }
        return hit / n;
      };
      const s0 = score(0);
      for (const s of [-2, -1, 1, 2]) expect(score(s), `${im.patientId} shift ${s}`).toBeLessThan(s0);
    }
  });

  it('the index tumour extent (largest Feret diameter of its label-2 voxels) matches the clinical largest diameter', () => {
    const ratios: number[] = [];
    imgs.forEach((im, i) => {
      const t = im.plan.tumours[0];
      expect(t.diameterMm).toBeCloseTo(c.patients[i].largestDiameterCm * 10, 9);
      if (t.diameterMm < 25) return; // a few voxels at demo resolution
      const [nx, ny] = im.grid.shape;
      const sp = im.grid.spacing;
      const pts: number[][] = [];
      for (let v = 0; v < im.mask.data.length; v++) {
        if (im.mask.data[v] !== 2) continue;
        const m = im.mask.data;
        if (m[v - 1] === 2 && m[v + 1] === 2 && m[v - nx] === 2 && m[v + nx] === 2 && m[v - nx * ny] === 2 && m[v + nx * ny] === 2) continue; // surface voxels suffice
        const p = [im.grid.origin[0] + (v % nx) * sp[0], im.grid.origin[1] + (Math.floor(v / nx) % ny) * sp[1], im.grid.origin[2] + Math.floor(v / (nx * ny)) * sp[2]];
        // Voxels of this tumour only (satellites lie outside its own box).
        if (im.plan.tumours.slice(1).some((s) => Math.hypot(p[0] - s.centre[0], p[1] - s.centre[1], p[2] - s.centre[2]) < s.diameterMm / 2 + 3)) continue;
        if (Math.hypot(p[0] - t.centre[0], p[1] - t.centre[1], p[2] - t.centre[2]) < t.diameterMm) pts.push(p);
      }
      let feret = 0;
      for (let a = 0; a < pts.length; a++) for (let b = a + 1; b < pts.length; b++) feret = Math.max(feret, Math.hypot(pts[a][0] - pts[b][0], pts[a][1] - pts[b][1], pts[a][2] - pts[b][2]));
      ratios.push(feret / t.diameterMm);
      // Voxel sampling adds up to about one slice; infiltrative (fuzzy) margins scatter more.
      const slack = (c.traits[i].infiltrativeMargin ? 0.15 : 0.08) + im.grid.spacing[2] / t.diameterMm;
      expect(Math.abs(feret / t.diameterMm - 1), `${im.patientId} Feret ${feret.toFixed(1)} vs ${t.diameterMm} mm`).toBeLessThan(slack);
    });
    expect(ratios.length).toBeGreaterThanOrEqual(2);
  });
});
