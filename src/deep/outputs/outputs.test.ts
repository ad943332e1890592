import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mask, Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import { readNifti } from '../../io/index.js';
import { tumourStack } from '../data/tumour-stack.js';
import { camGridScore } from './cam-grid-score.js';
import { camToGrid } from './cam-to-grid.js';
import { heatColour, renderCamSlice } from './overlay.js';
import { crc32, encodePngRgb } from './png.js';
import { writeGradCamOutputs } from './write-grad-cam.js';

const dir = mkdtempSync(join(tmpdir(), 'deep-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const geo = { shape: [30, 20, 8] as [number, number, number], spacing: [1, 1, 3] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
const N = 30 * 20 * 8;
const at = (i: number, j: number, k: number) => i + 30 * (j + 20 * k);
// tumour: i 10..13, j 8..11, k 3..4
const maskData = new Uint8Array(N);
for (let k = 3; k <= 4; k++) for (let j = 8; j <= 11; j++) for (let i = 10; i <= 13; i++) maskData[at(i, j, k)] = 2;
const mask: Mask = { ...makeVolume({ ...geo, data: maskData }), labels: { 2: 'tumour' } };
const ct: Volume = makeVolume({ ...geo, data: Float32Array.from(maskData, (m) => (m ? 120 : 40)) });

describe('encodePngRgb (minimal PNG writer)', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes signature, IHDR, IDAT (filter 0 rows) and IEND with valid CRCs', () => {
    const rgb = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => i * 7);
    const png = encodePngRgb(3, 2, rgb);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const v = new DataView(png.buffer, png.byteOffset);
    const chunks: { type: string; data: Uint8Array }[] = [];
    for (let o = 8; o < png.length; ) {
      const len = v.getUint32(o);
      const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
      expect(v.getUint32(o + 8 + len)).toBe(crc32(png.subarray(o + 4, o + 8 + len)));
      chunks.push({ type, data: png.subarray(o + 8, o + 8 + len) });
      o += 12 + len;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(Array.from(chunks[0].data)).toEqual([0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
    const raw = inflateSync(chunks[1].data);
    expect(Array.from(raw)).toEqual([0, ...rgb.subarray(0, 9), 0, ...rgb.subarray(9)]);
    expect(() => encodePngRgb(3, 2, new Uint8Array(5))).toThrow(/need 3×2×3 = 18 bytes/);
  });
});

describe('Grad-CAM back on the CT grid', () => {
  const st = tumourStack({ arterial: ct }, mask, { phases: ['arterial'], size: [16, 16], slices: 3 });

  it('camToGrid inverts the crop: re-cropping the placed map gives the map back', () => {
    const map = Float32Array.from({ length: 256 }, (_, i) => (i % 17) / 16);
    const vol = camToGrid(map, 16, 16, st.placement);
    const [si, sj, sk] = st.placement.box.start;
    let placed = 0;
    for (let s = 0; s < 3; s++) for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) {
      const i = si + x, j = sj + y, k = sk + s;
      if (i < 0 || i >= 30 || j < 0 || j >= 20 || k < 0 || k >= 8) continue;
      expect(vol.data[at(i, j, k)]).toBe(map[y * 16 + x]);
      placed++;
    }
    expect(placed).toBe(16 * 16 * 3); // 16 × 16 fits inside 30 × 20 around this tumour
    expect(vol.data.reduce((a, b) => a + b, 0)).toBeCloseTo(3 * map.reduce((a, b) => a + b, 0), 3);
    const centre = camToGrid(map, 16, 16, st.placement, { slices: 'centre' });
    expect(centre.data.reduce((a, b) => a + b, 0)).toBeCloseTo(map.reduce((a, b) => a + b, 0), 3);
    expect(() => camToGrid(map, 8, 33, st.placement)).toThrow(/is not 8×33/); // map length must match its stated size
    // one map per stack slice (M3T): slice s's own map goes on slice s
    const per = Float32Array.from({ length: 3 * 256 }, (_, q) => (q >> 8) + 1 + (q % 256) / 1000);
    const vs = camToGrid(per, 16, 16, st.placement);
    for (let s = 0; s < 3; s++) for (let y = 0; y < 16; y += 5) for (let x = 0; x < 16; x += 5) expect(vs.data[at(si + x, sj + y, sk + s)]).toBe(per[s * 256 + y * 16 + x]);
    expect(() => camToGrid(per.subarray(0, 2 * 256), 16, 16, st.placement)).toThrow(/or 3 slices of it/);
  });

  it('camGridScore: exact mass fractions; peak 3 mm from the tumour is inside the 5 mm margin only', () => {
    const cam = new Float32Array(N);
    cam[at(11, 9, 3)] = 1; // in tumour
    cam[at(16, 9, 3)] = 2; // peak: 3 mm right of i = 13
    cam[at(25, 9, 3)] = 1; // 12 mm away
    const s = camGridScore(makeVolume({ ...geo, data: cam }), mask, [2], 5);
    expect(s.tumourVoxels).toBe(32);
    expect(s.massInTumour).toBeCloseTo(1 / 4, 12);
    expect(s.massInMargin).toBeCloseTo(3 / 4, 12);
    expect(s.peak).toEqual([16, 9, 3]);
    expect([s.peakInTumour, s.peakInMargin]).toEqual([false, true]);
    // 3 mm slice spacing: one slice above the tumour (k = 5) is 3 mm away, k = 7 is 9 mm away
    const z = new Float32Array(N);
    z[at(11, 9, 7)] = 1;
    expect(camGridScore(makeVolume({ ...geo, data: z }), mask, [2], 5).peakInMargin).toBe(false);
    z[at(11, 9, 7)] = 0;
    z[at(11, 9, 5)] = 1;
    expect(camGridScore(makeVolume({ ...geo, data: z }), mask, [2], 5).peakInMargin).toBe(true);
    expect(camGridScore(makeVolume({ ...geo, data: new Float32Array(N) }), mask, [2]).peak).toBeNull();
  });

  it('camGridScore: a map copied over a stack is scored on the stack\'s central slice (peakSlice), not its lowest', () => {
    const col = new Float32Array(N);
    for (let k = 0; k <= 3; k++) col[at(11, 9, k)] = 1; // the same 2-D peak on slices 0..3; tumour is on k 3..4
    const v = makeVolume({ ...geo, data: col });
    const first = camGridScore(v, mask, [2], 5); // storage order: k = 0, 9 mm below the tumour
    expect(first.peak).toEqual([11, 9, 0]);
    expect([first.peakInTumour, first.peakInMargin]).toEqual([false, false]);
    const centred = camGridScore(v, mask, [2], 5, 3);
    expect(centred.peak).toEqual([11, 9, 3]);
    expect([centred.peakInTumour, centred.peakInMargin]).toEqual([true, true]);
    expect(camGridScore(v, mask, [2], 5, 2).peakInMargin).toBe(true); // 3 mm below: margin only
    expect(camGridScore(v, mask, [2], 5, 2).peakInTumour).toBe(false);
    // the preferred slice does not hold the maximum: the storage-order peak stands
    expect(camGridScore(v, mask, [2], 5, 6).peak).toEqual([11, 9, 0]);
    // mass is unaffected by the peak rule
    expect(centred.massInMargin).toBeCloseTo(first.massInMargin, 15);
  });

  it('renderCamSlice blends the heat colour and outlines the tumour in green', () => {
    const cam = new Float32Array(N);
    cam[at(0, 0, 3)] = 1;
    const img = renderCamSlice(ct, makeVolume({ ...geo, data: cam }), 3, { mask, windowHu: [0, 160], alpha: 0.5 });
    expect([img.width, img.height]).toEqual([30, 20]);
    const px = (i: number, j: number) => Array.from(img.rgb.subarray((j * 30 + i) * 3, (j * 30 + i) * 3 + 3));
    const g = 40 / 160;
    const [hr, hg, hb] = heatColour(1);
    expect(px(0, 0)).toEqual([0.5 * g + 0.5 * hr, 0.5 * g + 0.5 * hg, 0.5 * g + 0.5 * hb].map((v) => Math.round(v * 255)));
    expect(px(5, 5)).toEqual([64, 64, 64]);
    expect(px(10, 8)).toEqual([0, 255, 0]); // tumour boundary
    expect(px(11, 9)).toEqual([191, 191, 191]); // tumour interior: 120 HU in [0,160]
    expect(() => renderCamSlice(ct, ct, 8)).toThrow(/outside 0…7/);
  });

  it('writeGradCamOutputs writes a NIfTI overlay on the CT geometry and one PNG per stack slice', () => {
    const map = new Float32Array(256);
    const [si, sj] = st.placement.box.start;
    map[(9 - sj) * 16 + (12 - si)] = 1;
    const out = writeGradCamOutputs(dir, { id: 'pt/01', map, height: 16, width: 16, placement: st.placement, ct, mask });
    expect(out.niftiPath).toBe(join(dir, 'pt_01_gradcam.nii.gz'));
    expect(out.pngPaths).toEqual([2, 3, 4].map((k) => join(dir, `pt_01_gradcam_k${k}.png`)));
    expect(out.centrePngPath).toBe(join(dir, 'pt_01_gradcam_k3.png'));
    for (const p of out.pngPaths) expect(readFileSync(p).subarray(1, 4).toString()).toBe('PNG');
    const back = readNifti(out.niftiPath!).volume;
    expect(back.shape).toEqual(geo.shape);
    expect(back.spacing).toEqual(geo.spacing);
    expect(back.data[at(12, 9, 3)]).toBe(1);
    expect(Array.from(back.data as Float32Array).reduce((a, b) => a + b, 0)).toBe(3);
    expect(out.score.massInTumour).toBeCloseTo(2 / 3, 12); // slices k = 2, 3, 4; tumour on 3 and 4
    // the peak is read on the stack's central slice (k = 3, in the tumour), not its lowest (k = 2, 3 mm below it)
    expect(out.score).toMatchObject({ massInMargin: 1, peakInTumour: true, peakInMargin: true, peak: [12, 9, 3] });
    expect(existsSync(join(dir, 'pt_01_gradcam_k5.png'))).toBe(false);
  });
});
