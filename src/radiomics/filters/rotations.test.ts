import { describe, expect, it } from 'vitest';
import { rightAngleRotations } from './rotations.js';

function matrix(r: { perm: readonly number[]; sign: readonly number[] }, d: number): number[] {
  const m = new Array(d * d).fill(0);
  for (let a = 0; a < d; a++) m[a * d + r.perm[a]] = r.sign[a];
  return m;
}
function det(m: number[], d: number): number {
  if (d === 2) return m[0] * m[3] - m[1] * m[2];
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}

describe('rightAngleRotations', () => {
  for (const d of [2, 3] as const) {
    it(`${d}-D: ${d === 3 ? 24 : 4} distinct proper rotations, identity first`, () => {
      const rs = rightAngleRotations(d);
      expect(rs).toHaveLength(d === 3 ? 24 : 4);
      expect(rs[0]).toEqual({ perm: d === 3 ? [0, 1, 2] : [0, 1], sign: d === 3 ? [1, 1, 1] : [1, 1] });
      const keys = new Set(rs.map((r) => matrix(r, d).join()));
      expect(keys.size).toBe(rs.length);
      for (const r of rs) expect(det(matrix(r, d), d)).toBe(1);
    });
  }
});
