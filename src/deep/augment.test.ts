// 'dihedral' augmentation: the 8 in-plane symmetries of a square stack, each a permutation of pixels
// that keeps every pixel's channel vector together.
import { describe, expect, it } from 'vitest';
import { dihedral } from './train.js';

const H = 5, W = 5, C = 2;
const img = () => Float32Array.from({ length: H * W * C }, (_, q) => (q % C === 0 ? Math.floor(q / C) : 100 + Math.floor(q / C)));
const at = (b: Float32Array, y: number, x: number, c: number) => b[(y * W + x) * C + c];

describe('dihedral', () => {
  it('code 0 is the identity; codes 1–7 are distinct pixel permutations keeping channels together', () => {
    const seen = new Set<string>();
    for (let code = 0; code < 8; code++) {
      const b = img();
      dihedral(b, 1, H, W, C, [code]);
      const pix = Array.from({ length: H * W }, (_, p) => b[p * C]);
      expect([...pix].sort((u, v) => u - v)).toEqual(Array.from({ length: H * W }, (_, p) => p)); // a permutation
      for (let p = 0; p < H * W; p++) expect(b[p * C + 1]).toBe(100 + b[p * C]); // channels travel together
      seen.add(pix.join(','));
      if (code === 0) expect(pix).toEqual(Array.from({ length: H * W }, (_, p) => p));
    }
    expect(seen.size).toBe(8);
  });

  it('code 1 mirrors x; code 2 is a quarter turn, applied twice (code 4) a half turn', () => {
    const m = img();
    dihedral(m, 1, H, W, C, [1]);
    expect(at(m, 1, 0, 0)).toBe(1 * W + (W - 1));
    const q = img();
    dihedral(q, 1, H, W, C, [2]);
    const twice = Float32Array.from(q);
    dihedral(twice, 1, H, W, C, [2]);
    const half = img();
    dihedral(half, 1, H, W, C, [4]);
    expect(Array.from(twice)).toEqual(Array.from(half));
    expect(at(half, 0, 0, 0)).toBe((H - 1) * W + (W - 1)); // half turn: (y, x) ← (H−1−y, W−1−x)
  });

  it('only transforms the samples whose code is non-zero, and only mirrors non-square stacks', () => {
    const two = new Float32Array(2 * H * W * C);
    two.set(img(), 0);
    two.set(img(), H * W * C);
    dihedral(two, 2, H, W, C, [0, 4]);
    expect(Array.from(two.subarray(0, H * W * C))).toEqual(Array.from(img()));
    expect(two[H * W * C]).toBe(H * W - 1);
    const rect = Float32Array.from({ length: 2 * 3 }, (_, q) => q);
    dihedral(rect, 1, 2, 3, 1, [2]); // a quarter turn is not defined for 2 × 3: identity
    expect(Array.from(rect)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
