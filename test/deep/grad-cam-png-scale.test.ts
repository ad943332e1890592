// Enlarged Grad-CAM PNGs (writeGradCamOutputs' pngMinSizePx, used by `mmf predict`): nearest
// neighbour, a whole number of pixels per voxel on the finer in-plane axis, the voxel aspect kept.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mask, Volume } from '../../src/core/volume.js';
import { makeVolume } from '../../src/core/volume.js';
import { enlargeSlice, tumourStack, writeGradCamOutputs } from '../../src/deep/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcam-png-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Width, height and RGB pixels of a PNG written by encodePngRgb (8-bit RGB, filter 0 on every row). */
function readPng(path: string): { width: number; height: number; px: (x: number, y: number) => number[] } {
  const b = readFileSync(path);
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const idatLen = b.readUInt32BE(33);
  const raw = inflateSync(b.subarray(41, 41 + idatLen));
  const stride = 1 + 3 * width;
  return { width, height, px: (x, y) => Array.from(raw.subarray(y * stride + 1 + 3 * x, y * stride + 4 + 3 * x)) };
}

const image = (width: number, height: number) => ({ width, height, rgb: Uint8Array.from({ length: width * height * 3 }, (_, q) => (q * 7) % 251) });
const src = (img: ReturnType<typeof image>, i: number, j: number) => Array.from(img.rgb.subarray((j * img.width + i) * 3, (j * img.width + i) * 3 + 3));

describe('enlargeSlice', () => {
  it('isotropic voxels: the smallest whole scale reaching the size, each voxel a scale × scale block', () => {
    const img = image(3, 2);
    const { image: big, scale } = enlargeSlice(img, [0.8, 0.8], 10);
    expect(scale).toBe(4); // ceil(10 / 3)
    expect([big.width, big.height]).toEqual([12, 8]);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 12; x++) expect(Array.from(big.rgb.subarray((y * 12 + x) * 3, (y * 12 + x) * 3 + 3))).toEqual(src(img, x >> 2, y >> 2));
  });

  it('anisotropic in-plane spacing keeps the physical aspect ratio', () => {
    const img = image(4, 3); // 4 × 1 mm wide, 3 × 2 mm high: 4 mm by 6 mm
    const { image: big, scale } = enlargeSlice(img, [1, 2], 12);
    expect(scale).toBe(2); // long side 6 finer-spacing units: ceil(12 / 6)
    expect([big.width, big.height]).toEqual([8, 12]); // 2 px per 1 mm voxel across, 4 px per 2 mm voxel down
    expect(Array.from(big.rgb.subarray((11 * 8 + 7) * 3, (11 * 8 + 7) * 3 + 3))).toEqual(src(img, 3, 2));
    expect(Array.from(big.rgb.subarray((4 * 8 + 2) * 3, (4 * 8 + 2) * 3 + 3))).toEqual(src(img, 1, 1));
  });

  it('an image already as large is returned unchanged (scale 1)', () => {
    const img = image(5, 5);
    const r = enlargeSlice(img, [1, 1], 4);
    expect(r.scale).toBe(1);
    expect(r.image).toBe(img);
  });
});

describe('writeGradCamOutputs with pngMinSizePx', () => {
  const geo = { shape: [30, 20, 8] as [number, number, number], spacing: [1, 1, 3] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
  const at = (i: number, j: number, k: number) => i + 30 * (j + 20 * k);
  const maskData = new Uint8Array(30 * 20 * 8);
  for (let k = 3; k <= 4; k++) for (let j = 8; j <= 11; j++) for (let i = 10; i <= 13; i++) maskData[at(i, j, k)] = 2;
  const mask: Mask = { ...makeVolume({ ...geo, data: maskData }), labels: { 2: 'tumour' } };
  const ct: Volume = makeVolume({ ...geo, data: Float32Array.from(maskData, (m) => (m ? 120 : 40)) });
  const st = tumourStack({ arterial: ct }, mask, { phases: ['arterial'], size: [16, 16], slices: 3 });
  const map = Float32Array.from({ length: 256 }, (_, i) => (i % 17) / 16);
  const patient = { id: 'p1', map, height: 16, width: 16, placement: st.placement, ct, mask };

  it('writes each PNG at scale × the voxel grid, the same pixels as the one-per-voxel PNG, and the same score', () => {
    const small = writeGradCamOutputs(join(dir, 'small'), patient, { nifti: false });
    const big = writeGradCamOutputs(join(dir, 'big'), patient, { nifti: false, pngMinSizePx: 384 });
    expect(small.pngScale).toBe(1);
    expect(big.pngScale).toBe(13); // ceil(384 / 30)
    expect(big.score).toEqual(small.score);
    expect(big.pngPaths.length).toBe(small.pngPaths.length);
    const s = readPng(small.centrePngPath!);
    const b = readPng(big.centrePngPath!);
    expect([s.width, s.height]).toEqual([30, 20]);
    expect([b.width, b.height]).toEqual([390, 260]);
    for (const [i, j] of [[0, 0], [11, 9], [10, 8], [29, 19], [14, 12]]) {
      for (const [dx, dy] of [[0, 0], [12, 12], [6, 3]]) expect(b.px(i * 13 + dx, j * 13 + dy)).toEqual(s.px(i, j));
    }
  });
});
