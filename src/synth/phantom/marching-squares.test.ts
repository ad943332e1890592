import { describe, expect, it } from 'vitest';
import { IDENTITY3 } from '../../core/geometry.js';
import { createRng } from '../../core/rng.js';
import { rasterisePlanarContours } from '../../io/index.js';
import { sliceContours } from './marching-squares.js';

function roundTrip(slice: Uint8Array, nx: number, ny: number): { back: Uint8Array; loops: number } {
  const loops = sliceContours(slice, nx, ny, (v) => v === 1);
  const grid = { shape: [nx, ny, 1] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: IDENTITY3 };
  const world = loops.map((l) => {
    const out = new Float64Array((l.length / 2) * 3);
    for (let q = 0; q < l.length / 2; q++) out.set([l[2 * q], l[2 * q + 1], 0], 3 * q);
    return out;
  });
  return { back: rasterisePlanarContours(world, grid).data, loops: loops.length };
}

function parse(rows: string[]): { slice: Uint8Array; nx: number; ny: number } {
  const ny = rows.length, nx = rows[0].length;
  return { slice: Uint8Array.from(rows.join('').split('').map((ch) => (ch === '#' ? 1 : 0))), nx, ny };
}

describe('sliceContours (marching squares) round-trips through even-odd rasterisation', () => {
  it('a donut gives an outer and an inner loop and keeps the hole', () => {
    const { slice, nx, ny } = parse(['.....', '.###.', '.#.#.', '.###.', '.....']);
    const r = roundTrip(slice, nx, ny);
    expect(r.loops).toBe(2);
    expect(Array.from(r.back)).toEqual(Array.from(slice));
  });
  it('diagonal neighbours stay separate loops (saddle cells) and touch the border', () => {
    const { slice, nx, ny } = parse(['#..', '.#.', '..#']);
    const r = roundTrip(slice, nx, ny);
    expect(r.loops).toBe(3);
    expect(Array.from(r.back)).toEqual(Array.from(slice));
  });
  it('collinear vertices are dropped: a 2 × 2 block is one loop of 8 vertices (corners cut at 45°)', () => {
    const { slice, nx, ny } = parse(['....', '.##.', '.##.', '....']);
    const loops = sliceContours(slice, nx, ny, (v) => v === 1);
    expect(loops.length).toBe(1);
    expect(loops[0].length / 2).toBe(8); // corners are cut at 45° between edge midpoints
  });
  it('random masks (200 of 12 × 9) are reproduced exactly', () => {
    const rng = createRng(3);
    for (let t = 0; t < 200; t++) {
      const slice = Uint8Array.from({ length: 108 }, () => (rng.uniform() < 0.45 ? 1 : 0));
      expect(Array.from(roundTrip(slice, 12, 9).back)).toEqual(Array.from(slice));
    }
  });
  it('an empty slice has no contours', () => {
    expect(sliceContours(new Uint8Array(16), 4, 4, (v) => v === 1)).toEqual([]);
  });
});
