import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import type { Volume } from '../../core/volume.js';
import { indexToWorld, makeVolume } from '../../core/volume.js';
import { assembleStudy } from './assemble-study.js';
import { resampleTrilinearOntoGrid } from './resample-onto-grid.js';

/** A volume whose value is a linear function of world position: trilinear interpolation reproduces it exactly. */
function linearField(shape: Vec3, spacing: Vec3, origin: Vec3, direction: Mat3): Volume<Float32Array> {
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  let n = 0;
  for (let k = 0; k < shape[2]; k++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++) {
    const p = indexToWorld({ spacing, origin, direction }, [i, j, k]);
    data[n++] = 2 * p[0] - p[1] + 0.5 * p[2] + 10;
  }
  return makeVolume({ data, shape, spacing, origin, direction });
}
const f = (p: Vec3): number => 2 * p[0] - p[1] + 0.5 * p[2] + 10;
const LPS: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const RAS: Mat3 = [-1, 0, 0, 0, -1, 0, 0, 0, 1];

describe('resampleTrilinearOntoGrid (private study resampler)', () => {
  it('is the identity on the same grid', () => {
    const v = linearField([5, 4, 3], [0.8, 0.9, 2.5], [1, 2, 3], RAS);
    expect(Array.from(resampleTrilinearOntoGrid(v, v, -1024).data)).toEqual(Array.from(v.data));
  });

  it('reproduces a linear field exactly across spacing, origin and orientation changes (oracle: closed form)', () => {
    const src = linearField([20, 18, 12], [1.5, 1.5, 3], [-10, -12, -15], LPS);
    const target = { shape: [10, 9, 6] as Vec3, spacing: [2, 2.2, 4] as Vec3, origin: [8, 10, 10] as Vec3, direction: RAS };
    const out = resampleTrilinearOntoGrid(src, target, -1024);
    let worst = 0;
    let filled = 0;
    let n = 0;
    for (let k = 0; k < 6; k++) for (let j = 0; j < 9; j++) for (let i = 0; i < 10; i++, n++) {
      const p = indexToWorld(target, [i, j, k]);
      const inside = [0, 1, 2].every((a) => {
        const idx = (p[a] - src.origin[a]) / src.spacing[a];
        return idx >= -0.5 && idx <= src.shape[a] - 0.5;
      });
      if (!inside) {
        expect(out.data[n]).toBe(-1024);
        filled++;
      } else if ([0, 1, 2].every((a) => (p[a] - src.origin[a]) / src.spacing[a] >= 0 && (p[a] - src.origin[a]) / src.spacing[a] <= src.shape[a] - 1)) {
        worst = Math.max(worst, Math.abs(out.data[n] - f(p)));
      }
    }
    expect(worst).toBeLessThan(1e-3); // float32 storage of values up to ~100
    expect(filled).toBeGreaterThan(0);
    expect(filled).toBeLessThan(540);
  });
});

describe('assembleStudy (no registration: alignment by geometry only)', () => {
  const pv = linearField([12, 10, 8], [1, 1, 2], [0, 0, 0], LPS);
  const art = linearField([8, 7, 5], [1.6, 1.6, 3.5], [-1, -1, -1], LPS);
  const delayed = linearField([12, 10, 8], [1, 1, 2], [0, 0, 0], LPS);

  it('identifies phases from descriptions and resamples the others onto the portal-venous grid', () => {
    const s = assembleStudy([
      { volume: art, source: 'ct/art', seriesDescription: 'ART 35s' },
      { volume: delayed, source: 'ct/delay', seriesDescription: 'DELAY 3min' },
      { volume: pv, source: 'ct/pv', seriesDescription: 'Venous' },
    ]);
    expect(s.referencePhase).toBe('portal_venous');
    expect(s.phases.map((p) => [p.phase, p.source, p.resampled])).toEqual([
      ['arterial', 'ct/art', true],
      ['portal_venous', 'ct/pv', false],
      ['delayed', 'ct/delay', false],
    ]);
    for (const p of s.phases) expect(p.volume.shape).toEqual([12, 10, 8]);
    expect(s.phases[1].volume).toBe(pv); // not copied when already on the grid
    expect(s.provenance.map((r) => r.stage)).toEqual(['io.study.resample-trilinear']);
    // the arterial voxel at world (5, 4, 6) — inside its field of view — carries the same field value
    const a = s.phases[0].volume.data;
    expect(a[5 + 12 * (4 + 10 * 3)]).toBeCloseTo(f([5, 4, 6]), 3);
    expect(s.warnings).toEqual([]);
  });

  it('falls back to another reference with a warning, or uses the one asked for', () => {
    const s = assembleStudy([{ volume: art, source: 'a', manifestPhase: 'arterial' }, { volume: delayed, source: 'd', manifestPhase: 'delayed' }]);
    expect(s.referencePhase).toBe('arterial');
    expect(s.warnings).toMatchObject([{ code: 'unknown_phase', path: ['referencePhase'] }]);
    expect(assembleStudy([{ volume: art, source: 'a', manifestPhase: 'arterial' }, { volume: pv, source: 'p', manifestPhase: 'pv' }], { referencePhase: 'arterial' }).grid.shape).toEqual([8, 7, 5]);
  });

  it('rejects duplicate phases, unknown manifest phases and a missing reference, naming the sources', () => {
    const err = (fn: () => unknown): HccError => {
      try {
        fn();
      } catch (e) {
        if (e instanceof HccError) return e;
      }
      throw new Error('expected HccError');
    };
    const dup = err(() => assembleStudy([{ volume: pv, source: 'ct/s3', seriesDescription: 'PV' }, { volume: delayed, source: 'ct/s4', seriesDescription: 'portal venous' }]));
    expect(dup.issues).toMatchObject([{ code: 'duplicate_phase', path: ['ct/s4', 'phase'] }]);
    expect(dup.message).toContain('ct/s3');
    expect(err(() => assembleStudy([{ volume: pv, source: 'r1', manifestPhase: 'hbp' }])).issues).toMatchObject([{ code: 'unknown_phase', severity: 'error', path: ['r1', 'phase'] }]);
    expect(err(() => assembleStudy([{ volume: pv, source: 'p', seriesDescription: 'PV' }], { referencePhase: 'arterial' })).issues).toMatchObject([{ code: 'unknown_phase', path: ['referencePhase'] }]);
    const none = err(() => assembleStudy([{ volume: pv, source: 'x', seriesDescription: 'Abdomen' }]));
    expect(none.issues).toMatchObject([{ code: 'unknown_phase', path: ['series'] }]);
  });
});
