import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import type { Mask, Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import { buildDeepDataset, buildDeepDatasetLazy } from './build-dataset.js';
import { tumourStack, viewShifts } from './tumour-stack.js';

// 40 × 30 × 12 grid; tumour (label 2) = voxels with |i−25| ≤ 3, |j−6| ≤ 2, |k−6| ≤ 1 (a box near the
// j = 0 edge so the 16-pixel crop runs off the grid); liver (label 1) elsewhere in 5 ≤ i < 35.
const shape = [40, 30, 12] as const;
const idx = (i: number, j: number, k: number) => i + 40 * (j + 30 * k);
function phantom(hu: { tumour: number; liver: number }, shift = 0): { img: Volume; mask: Mask } {
  const data = new Int16Array(40 * 30 * 12).fill(-1000);
  const m = new Uint8Array(data.length);
  for (let k = 0; k < 12; k++) for (let j = 0; j < 30; j++) for (let i = 0; i < 40; i++) {
    const tum = Math.abs(i - 25 - shift) <= 3 && Math.abs(j - 6) <= 2 && Math.abs(k - 6) <= 1;
    if (tum) { m[idx(i, j, k)] = 2; data[idx(i, j, k)] = hu.tumour + k; }
    else if (i >= 5 && i < 35) { m[idx(i, j, k)] = 1; data[idx(i, j, k)] = hu.liver; }
  }
  const geo = { shape: [...shape] as [number, number, number], spacing: [0.8, 0.8, 2.5] as [number, number, number], origin: [10, -20, 5] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
  return { img: makeVolume({ ...geo, data }), mask: { ...makeVolume({ ...geo, data: m }), labels: { 1: 'liver', 2: 'tumour' } } };
}

const art = phantom({ tumour: 140, liver: 60 });
const por = phantom({ tumour: 100, liver: 90 });
const spec = { phases: ['arterial', 'portal'], size: [16, 16] as [number, number], slices: 3, windowHu: [-100, 240] as [number, number] };

describe('tumourStack: tumour-centred 2.5-D stacks from phases + mask', () => {
  const st = tumourStack({ arterial: art.img, portal: por.img }, art.mask, spec);

  it('places a 16 × 16 × 3 box centred on the tumour bounding box and records it', () => {
    // bbox i 22..28 (7), j 4..8 (5), k 5..7 (3): start = lo + floor((extent − size)/2)
    expect(st.placement.labelBox).toEqual({ start: [22, 4, 5], size: [7, 5, 3] });
    expect(st.placement.box).toEqual({ start: [22 + Math.floor((7 - 16) / 2), 4 + Math.floor((5 - 16) / 2), 5], size: [16, 16, 3] });
    expect(st.placement.grid.spacing).toEqual([0.8, 0.8, 2.5]);
    expect([st.height, st.width, st.channels]).toEqual([16, 16, 6]);
  });

  it('windows and scales every voxel; channel = slice·phases + phase; off-grid voxels are air (0)', () => {
    const [si, sj, sk] = st.placement.box.start;
    const at = (y: number, x: number, c: number) => st.data[(y * 16 + x) * 6 + c];
    // tumour centre voxel (25, 6, k) → x = 25 − si, y = 6 − sj; HU tumour + k
    for (let s = 0; s < 3; s++) {
      expect(at(6 - sj, 25 - si, s * 2)).toBeCloseTo((140 + sk + s + 100) / 340, 6);
      expect(at(6 - sj, 25 - si, s * 2 + 1)).toBeCloseTo((100 + sk + s + 100) / 340, 6);
    }
    expect(at(6 - sj, 18 - si, 0)).toBeCloseTo(160 / 340, 6); // liver 60 HU at i = 18 (x = 1)
    expect(sj).toBeLessThan(0);
    expect(at(0, 5, 0)).toBe(0); // j = sj < 0: outside the grid → −1000 → clipped to −100 → 0
    let min = Infinity, max = -Infinity;
    for (const v of st.data) { min = Math.min(min, v); max = Math.max(max, v); }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
  });

  it('returns the central-slice tumour mask on the stack grid', () => {
    expect(st.centreMask.reduce((a, b) => a + b, 0)).toBe(7 * 5);
    const [si, sj] = st.placement.box.start;
    expect(st.centreMask[(6 - sj) * 16 + (25 - si)]).toBe(1);
    expect(st.centreMask[(6 - sj) * 16 + (21 - si)]).toBe(0);
  });

  it('warns when the tumour does not fit and errors on a missing phase or empty label', () => {
    const small = tumourStack({ arterial: art.img }, art.mask, { ...spec, phases: ['arterial'], size: [8, 8] as [number, number] });
    expect(small.warnings.map((w) => w.code)).toEqual([]); // 7 × 5 fits in 8 × 8
    // one slice of a 3-slice tumour is what a 2.5-D stack means to take: no warning
    const thin = tumourStack({ arterial: art.img }, art.mask, { ...spec, phases: ['arterial'], slices: 1 });
    expect(thin.warnings).toEqual([]);
    // (a tumour wider than the in-plane box: see the multifocal tests below)
    try {
      tumourStack({ arterial: art.img }, art.mask, spec);
      throw new Error('no throw');
    } catch (e) {
      expect((e as HccError).code).toBe('E_INPUT');
      expect((e as HccError).issues[0]).toMatchObject({ code: 'unknown_phase', path: ['phases', 'portal'] });
    }
    expect(() => tumourStack({ arterial: art.img }, art.mask, { ...spec, phases: ['arterial'], labels: [7] })).toThrow(/no voxel labelled 7/);
  });
});

describe('buildDeepDataset', () => {
  it('stacks patients in order with outcomes, PFS only when all have it, aux −1 when missing', () => {
    const moved = phantom({ tumour: 200, liver: 60 }, 5);
    const seen: number[] = [];
    const built = buildDeepDataset([
      { id: 'p1', phases: { arterial: art.img, portal: por.img }, mask: art.mask, os: { time: 300, event: 1 }, aux: { bclc: 2 } },
      { id: 'p2', phases: { arterial: moved.img, portal: moved.img }, mask: moved.mask, os: { time: 500, event: 0 }, pfs: { time: 100, event: 1 } },
    ], spec, (d) => seen.push(d));
    const d = built.dataset;
    expect(seen).toEqual([1, 2]);
    expect([d.n, d.height, d.width, d.channels]).toEqual([2, 16, 16, 6]);
    expect(Array.from(d.os.time)).toEqual([300, 500]);
    expect(Array.from(d.os.event)).toEqual([1, 0]);
    expect(d.pfs).toBeUndefined();
    expect(Array.from(d.aux!.bclc)).toEqual([1 * 2, -1]);
    expect(d.ids).toEqual(['p1', 'p2']);
    expect(built.placements[1].box.start[0]).toBe(built.placements[0].box.start[0] + 5);
    // the stack follows the tumour: both centre pixels hold tumour
    const per = 16 * 16 * 6;
    const c0 = built.placements[0].box.start;
    expect(d.images[per + ((6 - c0[1]) * 16 + (25 - c0[0])) * 6]).toBeCloseTo((200 + 5 + 100) / 340, 6);
  });

  it('prefixes issues with the patient id', () => {
    try {
      buildDeepDataset([{ id: 'bad', phases: { arterial: art.img }, mask: art.mask }], spec);
      throw new Error('no throw');
    } catch (e) {
      expect((e as HccError).issues[0].path).toEqual(['bad', 'phases', 'portal']);
    }
  });
});

describe('tumourStack: mask channel and tumour context', () => {
  const withMask = tumourStack({ arterial: art.img, portal: por.img }, art.mask, { ...spec, maskChannel: true });
  const plain = tumourStack({ arterial: art.img, portal: por.img }, art.mask, spec);
  const [si, sj, sk] = withMask.placement.box.start;
  const P1 = 3; // 2 phases + mask

  it('appends the tumour mask after the phases of every slice (channel = slice·(phases+1) + p)', () => {
    expect(withMask.channels).toBe(9);
    for (let s = 0; s < 3; s++) {
      for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) {
        const i = x + si, j = y + sj, k = s + sk;
        const inside = Math.abs(i - 25) <= 3 && Math.abs(j - 6) <= 2 && Math.abs(k - 6) <= 1;
        expect(withMask.data[(y * 16 + x) * 9 + s * P1 + 2]).toBe(inside ? 1 : 0);
        // the phases are unchanged by the extra channel
        expect(withMask.data[(y * 16 + x) * 9 + s * P1]).toBe(plain.data[(y * 16 + x) * 6 + s * 2]);
      }
    }
  });

  it('blanks voxels farther than contextMm from the tumour (spacing-aware), keeps the rest', () => {
    const ctx = tumourStack({ arterial: art.img, portal: por.img }, art.mask, { ...spec, contextMm: 2 });
    // in-plane spacing 0.8 mm: 2 mm reaches 2 voxels (1.6 mm) in i and j, not 3 (2.4 mm); slice spacing 2.5 mm: no extra slice
    for (let s = 0; s < 3; s++) for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) {
      const i = x + si, j = y + sj, k = s + sk;
      const di = Math.max(0, Math.abs(i - 25) - 3), dj = Math.max(0, Math.abs(j - 6) - 2), dk = Math.max(0, Math.abs(k - 6) - 1);
      const kept = (di * 0.8) ** 2 + (dj * 0.8) ** 2 + (dk * 2.5) ** 2 <= 4 + 1e-9;
      const q = (y * 16 + x) * 6 + s * 2;
      expect(ctx.data[q]).toBe(kept ? plain.data[q] : 0);
    }
  });
});

describe('buildDeepDataset with skipFailures', () => {
  it('leaves out a patient that cannot be cut, names it, and keeps the others in order', () => {
    const built = buildDeepDatasetLazy(3, (i) => {
      if (i === 1) return { id: 'nomask', phases: { arterial: art.img, portal: por.img }, mask: { ...art.mask, data: new Uint8Array(art.mask.data.length) }, os: { time: 10, event: 1 } };
      if (i === 2) throw new HccError('E_IO', 'cannot read p3.nii.gz');
      return { id: 'p1', phases: { arterial: art.img, portal: por.img }, mask: art.mask, os: { time: 300, event: 1 } };
    }, spec, { hasPfs: false, skipFailures: true, idOf: (i) => `id${i}` });
    expect(built.dataset.n).toBe(1);
    expect(built.dataset.ids).toEqual(['p1']);
    expect(built.sourceIndex).toEqual([0]);
    expect(built.dataset.images.length).toBe(16 * 16 * 6);
    expect(built.skipped.map((s) => [s.index, s.id, s.issues[0].path[0]])).toEqual([[1, 'nomask', 'nomask'], [2, 'id2', 'id2']]);
    expect(() => buildDeepDatasetLazy(1, () => { throw new HccError('E_IO', 'x'); }, spec, { hasPfs: false })).toThrow(/patient #0: x/);
  });
});

describe('tumourStack reference (per-phase normalisation to the liver)', () => {
  // textured liver (label 1): HU 60 + a ±8 HU pattern; tumour (label 2) 140 + k
  function textured(a: number, b: number): { img: Volume; mask: Mask } {
    const base = phantom({ tumour: 140, liver: 60 });
    const data = Float32Array.from(base.img.data, (v, q) => {
      const i = q % 40, j = Math.floor(q / 40) % 30, k = Math.floor(q / 1200);
      const x = base.mask.data[q] === 1 ? v + (((i * 7 + j * 3 + k) % 5) - 2) * 4 : v;
      return v === -1000 ? -1000 : a + b * x;
    });
    return { img: makeVolume({ ...base.img, data }), mask: base.mask };
  }
  const ref = { ...spec, phases: ['arterial'], reference: { labels: [1] } };

  it('is invariant to a scanner HU offset and gain; the liver lands at mean 100 HU after normalisation', () => {
    const a = tumourStack({ arterial: textured(0, 1).img }, textured(0, 1).mask, ref);
    const b = tumourStack({ arterial: textured(25, 1.5).img }, textured(25, 1.5).mask, ref);
    for (let q = 0; q < a.data.length; q++) expect(b.data[q]).toBeCloseTo(a.data[q], 5);
    // without the reference the two differ
    const c = tumourStack({ arterial: textured(0, 1).img }, textured(0, 1).mask, { ...spec, phases: ['arterial'] });
    const d = tumourStack({ arterial: textured(25, 1.5).img }, textured(25, 1.5).mask, { ...spec, phases: ['arterial'] });
    expect(c.data.some((v, q) => Math.abs(v - d.data[q]) > 0.05)).toBe(true);
    // tumour voxels: (140 + k − μ)·20/σ + 100, windowed to [−100, 240] → [0, 1]; μ, σ from the liver alone
    const t = textured(0, 1);
    let n = 0, mu = 0, m2 = 0;
    for (let q = 0; q < t.mask.data.length; q++) if (t.mask.data[q] === 1) { n++; const dlt = t.img.data[q] - mu; mu += dlt / n; m2 += dlt * (t.img.data[q] - mu); }
    const sd = Math.sqrt(m2 / (n - 1));
    const [si, sj, sk] = a.placement.box.start;
    const y = 6 - sj, x = 25 - si, s = 6 - sk; // a tumour voxel (k = 6) on the stack
    const want = (Math.min(240, Math.max(-100, 100 + (20 * (146 - mu)) / sd)) + 100) / 340;
    expect(a.data[(y * 16 + x) * 3 + s]).toBeCloseTo(want, 5);
  });

  it('a phase without reference voxels is a coded E_INPUT error', () => {
    const t = textured(0, 1);
    try {
      tumourStack({ arterial: t.img }, t.mask, { ...ref, reference: { labels: [7] } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).code).toBe('E_INPUT');
      expect((e as HccError).message).toMatch(/0 reference voxel/);
    }
    // the tumour label is never a reference
    expect(() => tumourStack({ arterial: t.img }, t.mask, { ...ref, reference: { labels: [2] } })).toThrow(/0 reference voxel/);
  });
});

describe('tumourStack spreadSlices (slices spread over the whole tumour)', () => {
  // the phantom's tumour spans k = 5..7; HU = tumour + k, so a slice's value names the slice it came from
  const inTumour = (st: ReturnType<typeof tumourStack>, s: number, p: number, cp: number, channels: number) => {
    const [si, sj] = st.placement.box.start;
    return st.data[((6 - sj) * 16 + (25 - si)) * channels + s * cp + p];
  };

  it('appends slices from the tumour\'s first to its last slice after the adjacent ones, each with its mask', () => {
    const st = tumourStack({ arterial: art.img, portal: por.img }, art.mask, { ...spec, maskChannel: true, spreadSlices: 3 });
    const CP = 3;
    expect(st.channels).toBe((3 + 3) * CP);
    // adjacent slices unchanged (k = 5, 6, 7), then spread picks 0, 1, 2 of the tumour's 3 slices
    const slices = Array.from({ length: 6 }, (_, s) => Math.round(inTumour(st, s, 0, CP, st.channels) * 340 - 100 - 140));
    expect(slices).toEqual([5, 6, 7, 5, 6, 7]);
    for (let s = 0; s < 6; s++) expect(inTumour(st, s, 2, CP, st.channels)).toBe(1);
    // the placement (Grad-CAM) still describes the adjacent slices
    expect(st.placement.box.size).toEqual([16, 16, 3]);
    const plain = tumourStack({ arterial: art.img, portal: por.img }, art.mask, { ...spec, maskChannel: true });
    for (let q = 0; q < 16 * 16; q++) for (let c = 0; c < 3 * CP; c++) expect(st.data[q * st.channels + c]).toBe(plain.data[q * plain.channels + c]);
  });

  it('repeats slices when the tumour has fewer than asked for; context and reference apply to them too', () => {
    const st = tumourStack({ arterial: art.img, portal: por.img }, art.mask, { ...spec, slices: 1, spreadSlices: 5, contextMm: 1 });
    expect(st.channels).toBe(6 * 2);
    const slices = Array.from({ length: 6 }, (_, s) => Math.round(inTumour(st, s, 0, 2, st.channels) * 340 - 100 - 140));
    expect(slices).toEqual([6, 5, 6, 6, 7, 7]); // picks round(k · 2 / 4): 0, 1, 1, 2, 2
    // liver 4 voxels (3.2 mm) from the tumour (i = 18 against its edge at 22) is blanked in every slice
    const [si, sj] = st.placement.box.start;
    for (let s = 0; s < 6; s++) expect(st.data[((6 - sj) * 16 + (18 - si)) * st.channels + s * 2]).toBe(0);
  });
});

describe('tumourStack on a multifocal tumour', () => {
  // index lesion: |i−25| ≤ 3, |j−6| ≤ 2, k 7..9 (105 voxels); satellite: i 10..11, j 20..21, k 1 (4 voxels)
  function multifocal(): { img: Volume; mask: Mask } {
    const data = new Int16Array(40 * 30 * 12).fill(50);
    const m = new Uint8Array(data.length).fill(1);
    for (let k = 0; k < 12; k++) for (let j = 0; j < 30; j++) for (let i = 0; i < 40; i++) {
      const index = Math.abs(i - 25) <= 3 && Math.abs(j - 6) <= 2 && k >= 7 && k <= 9;
      const satellite = i >= 10 && i <= 11 && j >= 20 && j <= 21 && k === 1;
      if (index || satellite) { m[idx(i, j, k)] = 2; data[idx(i, j, k)] = 150; }
    }
    const geo = { shape: [...shape] as [number, number, number], spacing: [0.8, 0.8, 2.5] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
    return { img: makeVolume({ ...geo, data }), mask: { ...makeVolume({ ...geo, data: m }), labels: { 1: 'liver', 2: 'tumour' } } };
  }
  const { img, mask } = multifocal();
  const one = { phases: ['arterial'], size: [16, 16] as [number, number], slices: 3, maskChannel: true };

  it("is centred on the index lesion by default, so its slices show the tumour", () => {
    const st = tumourStack({ arterial: img }, mask, one);
    expect(st.placement.labelBox).toEqual({ start: [22, 4, 7], size: [7, 5, 3] });
    expect(st.warnings).toEqual([]);
    expect(st.placement.box.start[2]).toBe(7);
    // the mask channel (channel 1 of each slice) has tumour on all three slices; the satellite is not in it
    for (let s = 0; s < 3; s++) {
      let n = 0;
      for (let q = 0; q < 16 * 16; q++) n += st.data[q * 6 + s * 2 + 1];
      expect(n).toBe(35);
    }
    expect(st.centreMask.reduce((a, b) => a + b, 0)).toBe(35);
  });

  it("lesion 'all' keeps the earlier box over every lesion: centred between them, on slices without tumour", () => {
    const st = tumourStack({ arterial: img }, mask, { ...one, lesion: 'all' });
    expect(st.placement.labelBox).toEqual({ start: [10, 4, 1], size: [19, 18, 9] });
    // 19 × 18 voxels in-plane in a 16 × 16 stack: its edges are cut off, and it says so
    expect(st.warnings.map((w) => [w.code, w.path])).toEqual([['out_of_range', ['size']]]);
    expect(st.warnings[0].message).toMatch(/19 × 18 voxels in-plane, more than the stack's 16 × 16/);
    const k0 = st.placement.box.start[2];
    expect(k0).toBe(4); // slices 4..6: between the satellite (1) and the index lesion (7..9)
    expect(st.centreMask.reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('tumourStack views (adjacent slices re-centred over the tumour\'s extent)', () => {
  // A taller tumour than `phantom`'s: |k − 6| ≤ 4 (slices 2..10, 9 deep); HU = 140 + k inside it.
  const tall = (() => {
    const data = new Int16Array(40 * 30 * 12).fill(-1000);
    const m = new Uint8Array(data.length);
    for (let k = 0; k < 12; k++) for (let j = 0; j < 30; j++) for (let i = 0; i < 40; i++) {
      if (Math.abs(i - 25) <= 3 && Math.abs(j - 12) <= 2 && Math.abs(k - 6) <= 4) { m[idx(i, j, k)] = 2; data[idx(i, j, k)] = 140 + k; }
      else if (i >= 5 && i < 35) { m[idx(i, j, k)] = 1; data[idx(i, j, k)] = 60; }
    }
    const geo = { shape: [...shape] as [number, number, number], spacing: [0.8, 0.8, 2.5] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
    return { img: makeVolume({ ...geo, data }), mask: { ...makeVolume({ ...geo, data: m }), labels: { 1: 'liver', 2: 'tumour' } } as Mask };
  })();
  const one = { phases: ['arterial'], size: [16, 16] as [number, number], slices: 3, maskChannel: true };

  it('viewShifts spreads odd view counts over the central share of the extent, the centre first', () => {
    expect(viewShifts(1, 0.6, 20)).toEqual([0]);
    expect(viewShifts(5, 0.6, 10)).toEqual([0, -1, 1, -3, 3]); // a = 0.6·9/2 = 2.7
    expect(viewShifts(3, 1, 9)).toEqual([0, -4, 4]);
    expect(Object.is(viewShifts(3, 0.6, 1)[1], 0)).toBe(true); // a one-slice tumour: every view is the central one
  });

  it('view 0 is the one-view stack; view w holds the slices shifted by its offset, mask channel included', () => {
    const single = tumourStack({ arterial: tall.img }, tall.mask, one);
    const st = tumourStack({ arterial: tall.img }, tall.mask, { ...one, views: 3, viewSpread: 1 });
    expect(st.views).toBe(3);
    expect(st.viewShifts).toEqual([0, -4, 4]);
    const per = 16 * 16 * 6;
    expect(st.data.length).toBe(3 * per);
    expect(Array.from(st.data.subarray(0, per))).toEqual(Array.from(single.data));
    expect(st.placement).toEqual(single.placement);
    const [si, sj, k0] = st.placement.box.start; // central stack: slices 5..7
    expect(k0).toBe(5);
    const at = (w: number, s: number, c: number) => st.data[w * per + ((12 - sj) * 16 + (25 - si)) * 6 + s * 2 + c];
    for (const [w, shift] of [[1, -4], [2, 4]] as const) {
      for (let s = 0; s < 3; s++) {
        const k = k0 + shift + s; // slices 1..3 and 9..11: slice 1 and 11 are outside the tumour (liver, 60 HU)
        const inside = k >= 2 && k <= 10;
        expect(at(w, s, 0)).toBeCloseTo(((inside ? 140 + k : 60) + 100) / 340, 6);
        expect(at(w, s, 1)).toBe(inside ? 1 : 0);
      }
    }
  });

  it('buildDeepDataset stores n × views blocks and records the view count', () => {
    const b = buildDeepDataset([{ id: 'a', phases: { arterial: tall.img }, mask: tall.mask, os: { time: 10, event: 1 } }, { id: 'b', phases: { arterial: tall.img }, mask: tall.mask, os: { time: 5, event: 0 } }], { ...one, views: 5 });
    expect(b.dataset.views).toBe(5);
    expect(b.dataset.images.length).toBe(2 * 5 * 16 * 16 * 6);
    expect(b.spec.views).toBe(5);
    expect(() => tumourStack({ arterial: tall.img }, tall.mask, { ...one, views: 2 })).toThrow(/views must be odd/);
  });
});
