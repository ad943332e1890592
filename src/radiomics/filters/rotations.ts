/**
 * A right-angle rotation of the kernel grid as a signed axis permutation: the rotated kernel's axis
 * `a` carries the original kernel's axis `perm[a]`, mirrored when `sign[a] = −1`.
 */
export interface RightAngleRotation {
  readonly perm: readonly number[];
  readonly sign: readonly (1 | -1)[];
}

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) {
    for (let pos = 0; pos <= p.length; pos++) out.push([...p.slice(0, pos), n - 1, ...p.slice(pos)]);
  }
  return out;
}

function parity(p: readonly number[]): 1 | -1 {
  let s: 1 | -1 = 1;
  for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++) if (p[i] > p[j]) s = s === 1 ? -1 : 1;
  return s;
}

/**
 * The proper right-angle rotations of a `dims`-dimensional grid (determinant +1): 4 in 2-D, 24 in
 * 3-D — the orientation set IBSI 2 uses for pseudo-rotational invariance of Laws kernels and wavelets.
 * The identity comes first.
 */
export function rightAngleRotations(dims: 2 | 3): RightAngleRotation[] {
  const out: RightAngleRotation[] = [];
  const perms = permutations(dims).sort((a, b) => a.join().localeCompare(b.join()));
  for (const perm of perms) {
    for (let mask = 0; mask < 1 << dims; mask++) {
      const sign = Array.from({ length: dims }, (_, a) => ((mask >> a) & 1 ? -1 : 1)) as (1 | -1)[];
      const det = parity(perm) * sign.reduce<number>((x, y) => x * y, 1);
      if (det === 1) out.push({ perm, sign });
    }
  }
  return out;
}
