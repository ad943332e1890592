// The ROI gate zeroes the last convolutional activations where the input carries no signal (context
// blanked beyond `contextMm`), so features and Grad-CAM come only from the tumour and its kept context.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildNetwork, camOfSample, forwardNetwork, gradCam, initDeepEngine } from '../../src/deep/index.js';

await initDeepEngine({ backend: 'wasm' });

/** A 2-sample batch 16 × 16 × 6 (2 slices × 3 channels) whose non-zero support is rows 0–7, columns 0–3 (sample 0) and everything (sample 1). */
function batch(): tf.Tensor4D {
  const H = 16, W = 16, C = 6;
  const data = new Float32Array(2 * H * W * C);
  let s = 1;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 0.9 + 0.05;
  for (let b = 0; b < 2; b++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
    if (b === 0 && !(y < 8 && x < 4)) continue;
    data[((b * H + y) * W + x) * C + c] = rnd();
  }
  return tf.tensor4d(data, [2, H, W, C]);
}

describe('roiGate', () => {
  for (const kind of ['cnn25d', 'autoencoder', 'm3t'] as const) {
    it(`${kind}: activations are 0 outside the pooled support and unchanged inside`, () => {
      const spec = { kind, height: 16, width: 16, channels: 6, phases: 3, widths: [4, 8, 8], headWidth: 8, pfsHead: false };
      const gated = buildNetwork({ ...spec, roiGate: true }, 3);
      const plain = buildNetwork({ ...spec, roiGate: false }, 3);
      const x = batch();
      const mode = { training: false, convImpl: 'native' as const };
      const a = gated.trunk(x, mode);
      const b = plain.trunk(x, mode);
      const [n, h, w, c] = a.shape;
      const f = 16 / h; // pooling factor of the trunk
      const av = a.arraySync(), bv = b.arraySync();
      const perSample = n === 2 ? 1 : 2; // m3t: one map per slice
      let zeros = 0, kept = 0;
      for (let i = 0; i < n; i++) for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let k = 0; k < c; k++) {
        const sample = Math.floor(i / perSample);
        const inSupport = sample === 1 || (y * f < 8 && xx * f < 4);
        if (inSupport) { expect(av[i][y][xx][k]).toBeCloseTo(bv[i][y][xx][k], 6); kept++; }
        else { expect(Math.abs(av[i][y][xx][k])).toBe(0); zeros++; }
      }
      expect(zeros).toBeGreaterThan(0);
      expect(kept).toBeGreaterThan(zeros);
      // the outputs stay finite and the forward pass runs end to end
      const out = forwardNetwork(gated, x, mode);
      expect(Array.from(out.os.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([x, a, b]);
    });
  }
});

describe("roiGate 'mean'", () => {
  it('cnn25d: each activation cell is scaled by the share of its pixels in the input support', () => {
    // support of sample 0: rows 0–7, columns 0–5 → with 4 × 4-pixel cells: column 0 share 1, column 1 share ½
    const H = 16, W = 16, C = 6;
    const data = new Float32Array(H * W * C);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 6; x++) for (let c = 0; c < C; c++) data[(y * W + x) * C + c] = 0.2 + 0.05 * ((y + 2 * x + c) % 7);
    const x = tf.tensor4d(data, [1, H, W, C]);
    const spec = { kind: 'cnn25d' as const, height: 16, width: 16, channels: 6, phases: 3, widths: [4, 8, 8], headWidth: 8, pfsHead: false };
    const mode = { training: false, convImpl: 'native' as const };
    const a = buildNetwork({ ...spec, roiGate: 'mean' }, 3).trunk(x, mode).arraySync();
    const b = buildNetwork({ ...spec, roiGate: false }, 3).trunk(x, mode).arraySync();
    const share = (cy: number, cx: number) => (cy < 2 ? (cx === 0 ? 1 : cx === 1 ? 0.5 : 0) : 0);
    let partial = 0;
    for (let cy = 0; cy < 4; cy++) for (let cx = 0; cx < 4; cx++) for (let k = 0; k < 8; k++) {
      expect(a[0][cy][cx][k]).toBeCloseTo(b[0][cy][cx][k] * share(cy, cx), 5);
      if (share(cy, cx) === 0.5 && Math.abs(b[0][cy][cx][k]) > 1e-3) partial++;
    }
    expect(partial).toBeGreaterThan(0);
    x.dispose();
  });
});

describe('M3T Grad-CAM slice maps keep their sample and slice', () => {
  it('a slice with no input support has an all-zero map in every sample (gated); the other slice carries the maps', () => {
    // 8 samples 16 × 16 × 6 = 2 slices × 3 phases; slice 0 blank everywhere, slice 1 filled in a sample-specific block
    const n = 8, H = 16, W = 16, C = 6;
    const images = new Float32Array(n * H * W * C);
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 0.9 + 0.05;
    for (let b = 0; b < n; b++) for (let y = 2; y < 10 + (b % 4); y++) for (let x = 1 + b; x < 9 + b; x++) for (let c = 3; c < 6; c++) images[((b * H + y) * W + x) * C + c] = rnd();
    const net = buildNetwork({ kind: 'm3t', height: H, width: W, channels: C, phases: 3, widths: [4, 8], headWidth: 8, pfsHead: false, roiGate: 'mean' }, 5);
    const cam = gradCam(net, { n, height: H, width: W, channels: C, images }, { batchSize: 3 }); // blocks of 3, 3, 2
    expect(cam.slices).toBe(2);
    const hw = H * W;
    let carried = 0;
    for (let b = 0; b < n; b++) {
      const m = camOfSample(cam, b);
      expect(m.subarray(0, hw).every((v) => v === 0)).toBe(true); // slice 0: no support → gated to 0
      const max1 = m.subarray(hw).reduce((a, v) => Math.max(a, v), 0);
      if (max1 > 0) { expect(max1).toBeCloseTo(1, 6); carried++; }
      // sample b's block starts at column 1 + b; 4-pixel cells and bilinear upsampling reach at most 5 columns
      // further left, so columns < b − 4 must be 0: nothing leaks in from the other samples' blocks
      for (let y = 0; y < H; y++) for (let x = 0; x < b - 4; x++) expect(m[hw + y * W + x]).toBe(0);
    }
    expect(carried).toBeGreaterThan(0);
  });
});
