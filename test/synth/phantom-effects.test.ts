import { describe, expect, it } from 'vitest';
import { TISSUE } from '../../src/synth/index.js';
import { cohort } from './helpers.js';
import { eroded, meanAt, QUIET, render, scanner, sdAt, where } from './phantom-helpers.js';

/** Mean absolute difference between x-neighbours (edge sharpness). */
function meanAbsGradient(d: Int16Array, nx: number): number {
  let s = 0, n = 0;
  for (let v = 0; v + 1 < d.length; v++) {
    if ((v + 1) % nx === 0) continue;
    s += Math.abs(d[v + 1] - d[v]);
    n++;
  }
  return s / n;
}

// Patient 0 of seed 7 has a 7.8 cm tumour (checked below), enough voxels for trait contrasts.
const c = cohort(8, 7);
const big = c.patients.findIndex((p) => p.largestDiameterCm >= 6);

describe('centre (scanner) effects', () => {
  it('noise SD of the rendered image equals the configured noiseSd, and differs between centres', () => {
    for (const noiseSd of [8, 25]) {
      const noisy = render(c, 0, scanner({ noiseSd, blurSigmaMm: 1 }));
      const clean = render(c, 0, scanner({ noiseSd: 0, blurSigmaMm: 1 }));
      const body = where(clean.tissue.length, (v) => clean.tissue[v] !== TISSUE.air);
      const diff = new Float64Array(body.length);
      body.forEach((v, q) => (diff[q] = noisy.phases.portal_venous.data[v] - clean.phases.portal_venous.data[v]));
      const sd = Math.sqrt(diff.reduce((a, x) => a + x * x, 0) / diff.length);
      expect(Math.abs(sd - noiseSd) / noiseSd, `measured ${sd.toFixed(2)}`).toBeLessThan(0.05);
    }
  });

  it('a bigger reconstruction blur gives measurably softer edges', () => {
    const sharp = render(c, 0, scanner({ noiseSd: 0, blurSigmaMm: 0.5 }));
    const smooth = render(c, 0, scanner({ noiseSd: 0, blurSigmaMm: 3 }));
    const nx = sharp.grid.shape[0];
    const gs = meanAbsGradient(sharp.phases.arterial.data, nx);
    const gb = meanAbsGradient(smooth.phases.arterial.data, nx);
    expect(gb).toBeLessThan(0.85 * gs);
    // Same anatomy and mask: only the image changes.
    expect(Buffer.from(smooth.mask.data).equals(Buffer.from(sharp.mask.data))).toBe(true);
  });

  it('HU offset shifts every voxel; a later arterial scan lowers aortic and raises liver enhancement', () => {
    const base = render(c, 0, QUIET);
    const off = render(c, 0, scanner({ noiseSd: 0, blurSigmaMm: 0, huOffset: 20 }));
    const fat = eroded(base.grid.shape, (v) => base.tissue[v] === TISSUE.visceralFat);
    expect(meanAt(off.phases.delayed.data, fat) - meanAt(base.phases.delayed.data, fat)).toBeCloseTo(20, 0);
    const late = render(c, 0, scanner({ noiseSd: 0, blurSigmaMm: 0, contrastDelayShiftS: 15 }));
    expect(late.delaysS.arterial - base.delaysS.arterial).toBeCloseTo(15, 9);
    const aorta = eroded(base.grid.shape, (v) => base.tissue[v] === TISSUE.aorta);
    const liver = eroded(base.grid.shape, (v) => base.tissue[v] === TISSUE.liver);
    expect(meanAt(late.phases.arterial.data, aorta)).toBeLessThan(meanAt(base.phases.arterial.data, aorta) - 20);
    expect(meanAt(late.phases.arterial.data, liver)).toBeGreaterThan(meanAt(base.phases.arterial.data, liver) + 5);
  });

  it('pixel spacing and slice thickness set the grid over the same field of view', () => {
    const a = render(c, 0, scanner({ pixelSpacingMm: 3.5, sliceThicknessMm: 5 }));
    const b = render(c, 0, scanner({ pixelSpacingMm: 4.2, sliceThicknessMm: 6 }));
    expect(a.grid.shape).toEqual([96, 96, 48]);
    expect(b.grid.shape).toEqual([80, 80, 40]);
    expect(b.grid.spacing).toEqual([4.2, 4.2, 6]);
  });
});

describe('latent imaging traits visibly change the images (same patient, same streams)', () => {
  it('the test patient has a large tumour', () => {
    expect(big).toBeGreaterThanOrEqual(0);
  });
  const tumourVoxels = (im: ReturnType<typeof render>) => where(im.mask.data.length, (v) => im.mask.data[v] === 2);

  it('necrosis fraction up → mean tumour HU in portal venous phase down', () => {
    const lo = render(c, big, QUIET, { traits: { necrosisFraction: 0.05, capsule: false } });
    const hi = render(c, big, QUIET, { traits: { necrosisFraction: 0.6, capsule: false } });
    const mLo = meanAt(lo.phases.portal_venous.data, tumourVoxels(lo));
    const mHi = meanAt(hi.phases.portal_venous.data, tumourVoxels(hi));
    expect(mLo - mHi).toBeGreaterThan(20);
    // The mask itself (tumour extent) does not change with necrosis.
    expect(Buffer.from(lo.mask.data).equals(Buffer.from(hi.mask.data))).toBe(true);
  });

  it('absent APHE → tumour no brighter than liver in the arterial phase', () => {
    const hyper = render(c, big, QUIET, { traits: { apheAbsent: false, necrosisFraction: 0.05 } });
    const hypo = render(c, big, QUIET, { traits: { apheAbsent: true, necrosisFraction: 0.05 } });
    const liver = eroded(hyper.grid.shape, (v) => hyper.tissue[v] === TISSUE.liver);
    const tHyper = meanAt(hyper.phases.arterial.data, tumourVoxels(hyper));
    const tHypo = meanAt(hypo.phases.arterial.data, tumourVoxels(hypo));
    expect(tHyper - tHypo).toBeGreaterThan(35);
    expect(tHypo).toBeLessThan(meanAt(hypo.phases.arterial.data, liver));
  });

  it('peritumoral enhancement → brighter arterial liver rim around the tumour, same in the delayed phase', () => {
    const without = render(c, big, QUIET, { traits: { rimEnhancement: false } });
    const withRim = render(c, big, QUIET, { traits: { rimEnhancement: true } });
    const [nx, ny] = without.grid.shape;
    const m = without.mask.data;
    const rim = where(m.length, (v) => m[v] === 1 && [1, -1, nx, -nx, nx * ny, -nx * ny].some((o) => m[v + o] === 2));
    expect(rim.length).toBeGreaterThan(50);
    expect(meanAt(withRim.phases.arterial.data, rim) - meanAt(without.phases.arterial.data, rim)).toBeGreaterThan(8);
    expect(Math.abs(meanAt(withRim.phases.delayed.data, rim) - meanAt(without.phases.delayed.data, rim))).toBeLessThan(3);
  });

  it('heterogeneity up → larger HU spread inside the viable tumour', () => {
    const smooth = render(c, big, QUIET, { traits: { heterogeneity: -1.5 } });
    const rough = render(c, big, QUIET, { traits: { heterogeneity: 1.5 } });
    const viable = eroded(smooth.grid.shape, (v) => smooth.tissue[v] === TISSUE.tumour || smooth.tissue[v] === TISSUE.hypovascularTumour);
    expect(sdAt(rough.phases.arterial.data, viable)).toBeGreaterThan(1.5 * sdAt(smooth.phases.arterial.data, viable));
  });

  it('infiltrative margin → more irregular tumour surface (surface voxels per volume^(2/3))', () => {
    const compactness = (im: ReturnType<typeof render>) => {
      const [nx, ny] = im.grid.shape;
      const m = im.mask.data;
      const vol = tumourVoxels(im);
      const surf = vol.filter((v) => [1, -1, nx, -nx, nx * ny, -nx * ny].some((o) => m[v + o] !== 2)).length;
      return surf / vol.length ** (2 / 3);
    };
    const smooth = render(c, big, QUIET, { traits: { infiltrativeMargin: false } });
    const rough = render(c, big, QUIET, { traits: { infiltrativeMargin: true } });
    expect(compactness(rough)).toBeGreaterThan(1.15 * compactness(smooth));
  });
});
