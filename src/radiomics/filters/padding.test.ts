import { describe, expect, it } from 'vitest';
import { padLine, paddedIndex } from './padding.js';

describe('paddedIndex', () => {
  // Line [a b c d] (n = 4); positions −5..8 as NumPy pad would index them.
  const positions = [-5, -4, -3, -2, -1, 0, 3, 4, 5, 7, 8];
  it('zero: outside reads the constant 0 (index −1)', () => {
    expect(positions.map((i) => paddedIndex(i, 4, 'zero'))).toEqual([-1, -1, -1, -1, -1, 0, 3, -1, -1, -1, -1]);
  });
  it('nearest: repeats the edge voxel (NumPy edge)', () => {
    expect(positions.map((i) => paddedIndex(i, 4, 'nearest'))).toEqual([0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3]);
  });
  it('periodic: wraps (NumPy wrap)', () => {
    expect(positions.map((i) => paddedIndex(i, 4, 'periodic'))).toEqual([3, 0, 1, 2, 3, 0, 3, 0, 1, 3, 0]);
  });
  it('mirror: symmetric with the edge repeated, period 2n (NumPy symmetric)', () => {
    // symmetric pad of [0 1 2 3]: … 3 2 1 0 | 0 1 2 3 | 3 2 1 0 | 0 …
    expect(positions.map((i) => paddedIndex(i, 4, 'mirror'))).toEqual([3, 3, 2, 1, 0, 0, 3, 3, 2, 0, 0]);
  });
});

describe('padLine', () => {
  it('pads a strided line beyond its own length', () => {
    const src = [10, 99, 20, 99, 30];
    const out = new Float64Array(3 + 4 + 3);
    padLine(src, 0, 2, 3, 4, 3, 'mirror', out);
    expect(Array.from(out)).toEqual([30, 30, 20, 10, 10, 20, 30, 30, 20, 10]);
    padLine(src, 0, 2, 3, 4, 3, 'zero', out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 10, 20, 30, 0, 0, 0]);
  });
});
