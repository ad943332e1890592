// fit 'tumour': the stack is the tumour's bounding box + fitMarginMm (square in mm) resampled to `size`,
// and Grad-CAM maps go back through the same box. Checked on a phantom with a known box tumour.
import { describe, expect, it } from 'vitest';
import type { Mask, Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import { camToGrid } from '../outputs/cam-to-grid.js';
import { resizeBilinear, tumourStack } from './tumour-stack.js';

// 60 × 60 × 9 grid at 2 × 2 × 5 mm; tumour (label 2): |i−30| ≤ 4, |j−28| ≤ 2, |k−4| ≤ 1 → 9 × 5 voxels = 18 × 10 mm in-plane.
const N = 60;
const idx = (i: number, j: number, k: number) => i + N * (j + N * k);
function phantom(): { img: Volume; mask: Mask } {
  const data = new Int16Array(N * N * 9).fill(40);
  const m = new Uint8Array(data.length);
  for (let k = 0; k < 9; k++) for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) {
    if (Math.abs(i - 30) <= 4 && Math.abs(j - 28) <= 2 && Math.abs(k - 4) <= 1) { m[idx(i, j, k)] = 2; data[idx(i, j, k)] = 140; }
    else m[idx(i, j, k)] = 1;
  }
  const geo = { shape: [N, N, 9] as [number, number, number], spacing: [2, 2, 5] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
  return { img: makeVolume({ ...geo, data }), mask: { ...makeVolume({ ...geo, data: m }), labels: { 1: 'liver', 2: 'tumour' } } };
}

describe('resizeBilinear', () => {
  it('is the identity at the same size and keeps constants and linear ramps (pixel centres aligned)', () => {
    const src = Float32Array.from({ length: 5 * 4 * 2 }, (_, q) => Math.sin(q));
    expect(Array.from(resizeBilinear(src, 5, 4, 2, 5, 4))).toEqual(Array.from(src));
    const c = resizeBilinear(new Float32Array(12).fill(0.3), 3, 4, 1, 7, 9);
    for (const v of c) expect(v).toBeCloseTo(0.3, 6);
    // ramp v = x over 4 columns resized to 8: output x' maps to (x' + 0.5)/2 − 0.5, clamped to [0, 3]
    const ramp = Float32Array.from({ length: 4 }, (_, x) => x);
    const up = resizeBilinear(ramp, 1, 4, 1, 1, 8);
    const want = Array.from({ length: 8 }, (_, x) => Math.min(3, Math.max(0, (x + 0.5) / 2 - 0.5)));
    up.forEach((v, x) => expect(v).toBeCloseTo(want[x], 6));
  });
});

describe("tumourStack fit 'tumour'", () => {
  const { img, mask } = phantom();
  const spec = { phases: ['a'], size: [24, 24] as [number, number], slices: 3, fit: 'tumour' as const, fitMarginMm: 4, maskChannel: true };
  const st = tumourStack({ a: img }, mask, spec);

  it('cuts the square box of the tumour + margin at native spacing and resamples it to the stack size', () => {
    // widest side 18 mm + 2·4 mm = 26 mm → 13 voxels of 2 mm on both axes, centred on the tumour box
    expect(st.placement.box.size).toEqual([13, 13, 3]);
    expect(st.placement.labelBox).toEqual({ start: [26, 26, 3], size: [9, 5, 3] });
    expect([st.height, st.width, st.channels]).toEqual([24, 24, 6]);
    // the tumour covers 9 × 5 of 13 × 13 box voxels: the same share of the resampled stack (±1 pixel row/column)
    const share = st.centreMask.reduce((a, b) => a + b, 0) / (24 * 24);
    expect(share).toBeGreaterThan((9 * 5) / 169 - 0.06);
    expect(share).toBeLessThan((9 * 5) / 169 + 0.06);
    // centre pixel is tumour (140 HU → (140 + 100)/340), a corner is liver (40 HU)
    expect(st.data[(12 * 24 + 12) * 6 + 2]).toBeCloseTo(240 / 340, 5);
    expect(st.data[0 * 6 + 2]).toBeCloseTo(140 / 340, 5);
    expect(st.data[(12 * 24 + 12) * 6 + 3]).toBeCloseTo(1, 6); // mask channel of slice 1
  });

  it('native fit is unchanged: the box is the stack size', () => {
    const nat = tumourStack({ a: img }, mask, { ...spec, fit: 'native' });
    expect(nat.placement.box.size).toEqual([24, 24, 3]);
  });

  it('camToGrid resizes a stack-sized map back onto the box: a map on the stack tumour lands on the CT tumour', () => {
    const map = Float32Array.from(st.centreMask, (v) => v);
    const cam = camToGrid(map, 24, 24, st.placement, { slices: 'centre' });
    let inT = 0, total = 0;
    for (let q = 0; q < cam.data.length; q++) {
      if (cam.data[q] <= 0.5) continue;
      total++;
      if (mask.data[q] === 2) inT++;
    }
    expect(total).toBeGreaterThan(30);
    expect(inT / total).toBeGreaterThan(0.9);
    // only the box's central slice (k = 4) is written
    for (let q = 0; q < cam.data.length; q++) if (cam.data[q] !== 0) expect(Math.floor(q / (N * N))).toBe(4);
  });
});
