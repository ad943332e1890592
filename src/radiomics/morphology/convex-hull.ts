import { HccError } from '../../core/errors.js';

/** A convex hull: triangles over the input points, outward-oriented. */
export interface ConvexHull {
  /** Indices (into the input point list) of the hull's vertices. */
  readonly vertexIndices: Int32Array;
  /** Triangles as triples of input-point indices. */
  readonly faces: Int32Array;
}

/**
 * 3-D convex hull by Quickhull (Barber, Dobkin & Huhdanpaa 1996) with exact predicates: the points must have
 * integer coordinates of moderate size (|x| < 2^17), so every orientation determinant is an exact double and
 * no epsilon is needed. Points on a face are treated as inside, so the hull has no zero-area faces.
 * Throws `E_NUMERIC` when all points are coplanar.
 *
 * @param points integer coordinates, xyz interleaved
 */
export function convexHull3d(points: ArrayLike<number>): ConvexHull {
  const n = points.length / 3;
  const P = (i: number, k: number) => points[3 * i + k];
  const orient = (a: number, b: number, c: number, p: number): number => {
    const ax = P(a, 0), ay = P(a, 1), az = P(a, 2);
    const ux = P(b, 0) - ax, uy = P(b, 1) - ay, uz = P(b, 2) - az;
    const vx = P(c, 0) - ax, vy = P(c, 1) - ay, vz = P(c, 2) - az;
    const wx = P(p, 0) - ax, wy = P(p, 1) - ay, wz = P(p, 2) - az;
    return wx * (uy * vz - uz * vy) + wy * (uz * vx - ux * vz) + wz * (ux * vy - uy * vx);
  };
  // --- initial tetrahedron
  let i0 = 0, i1 = 0;
  for (let i = 1; i < n; i++) {
    if (P(i, 0) < P(i0, 0)) i0 = i;
    if (P(i, 0) > P(i1, 0)) i1 = i;
  }
  if (i0 === i1) {
    for (let i = 0; i < n; i++) if (P(i, 0) !== P(i0, 0) || P(i, 1) !== P(i0, 1) || P(i, 2) !== P(i0, 2)) i1 = i;
  }
  let i2 = -1, best = 0;
  for (let i = 0; i < n; i++) {
    const ux = P(i1, 0) - P(i0, 0), uy = P(i1, 1) - P(i0, 1), uz = P(i1, 2) - P(i0, 2);
    const wx = P(i, 0) - P(i0, 0), wy = P(i, 1) - P(i0, 1), wz = P(i, 2) - P(i0, 2);
    const cx = uy * wz - uz * wy, cy = uz * wx - ux * wz, cz = ux * wy - uy * wx;
    const d = cx * cx + cy * cy + cz * cz;
    if (d > best) {
      best = d;
      i2 = i;
    }
  }
  let i3 = -1;
  best = 0;
  for (let i = 0; i < n && i2 >= 0; i++) {
    const d = Math.abs(orient(i0, i1, i2, i));
    if (d > best) {
      best = d;
      i3 = i;
    }
  }
  if (i2 < 0 || i3 < 0) throw new HccError('E_NUMERIC', 'convexHull3d: points are collinear or coplanar; no 3-D hull exists');

  const fa: number[] = [], fb: number[] = [], fc: number[] = [];
  const alive: boolean[] = [];
  const outside: number[][] = [];
  const edgeFace = new Map<number, number>(); // directed edge u→v → face holding it
  const key = (u: number, v: number) => u * n + v;
  const addFace = (a: number, b: number, c: number): number => {
    const f = fa.length;
    fa.push(a);
    fb.push(b);
    fc.push(c);
    alive.push(true);
    outside.push([]);
    edgeFace.set(key(a, b), f);
    edgeFace.set(key(b, c), f);
    edgeFace.set(key(c, a), f);
    return f;
  };
  const removeFace = (f: number) => {
    alive[f] = false;
    for (const [u, v] of [[fa[f], fb[f]], [fb[f], fc[f]], [fc[f], fa[f]]]) if (edgeFace.get(key(u, v)) === f) edgeFace.delete(key(u, v));
  };
  // orient the tetrahedron so that every face's normal points away from the fourth vertex
  const tet = orient(i0, i1, i2, i3) < 0 ? [i0, i1, i2, i3] : [i0, i2, i1, i3];
  const [a, b, c, d] = tet;
  const initial = [addFace(a, b, c), addFace(a, d, b), addFace(b, d, c), addFace(c, d, a)];
  const assign = (p: number, faces: readonly number[]) => {
    for (const f of faces) {
      if (orient(fa[f], fb[f], fc[f], p) > 0) {
        outside[f].push(p);
        return;
      }
    }
  };
  for (let p = 0; p < n; p++) if (p !== a && p !== b && p !== c && p !== d) assign(p, initial);
  const stack = initial.filter((f) => outside[f].length > 0);
  while (stack.length) {
    const f = stack.pop()!;
    if (!alive[f] || outside[f].length === 0) continue;
    let eye = -1, far = 0;
    for (const p of outside[f]) {
      const o = orient(fa[f], fb[f], fc[f], p);
      if (o > far) {
        far = o;
        eye = p;
      }
    }
    // visible region by flood fill from f
    const visible: number[] = [f];
    const isVisible = new Set<number>([f]);
    for (let q = 0; q < visible.length; q++) {
      const g = visible[q];
      for (const [u, v] of [[fa[g], fb[g]], [fb[g], fc[g]], [fc[g], fa[g]]]) {
        const h = edgeFace.get(key(v, u));
        if (h === undefined || isVisible.has(h)) continue;
        if (orient(fa[h], fb[h], fc[h], eye) > 0) {
          isVisible.add(h);
          visible.push(h);
        }
      }
    }
    const horizon: [number, number][] = [];
    const orphans: number[] = [];
    for (const g of visible) {
      for (const [u, v] of [[fa[g], fb[g]], [fb[g], fc[g]], [fc[g], fa[g]]]) {
        const h = edgeFace.get(key(v, u));
        if (h === undefined || !isVisible.has(h)) horizon.push([u, v]);
      }
      for (const p of outside[g]) if (p !== eye) orphans.push(p);
      outside[g] = [];
    }
    for (const g of visible) removeFace(g);
    const created = horizon.map(([u, v]) => addFace(u, v, eye));
    for (const p of orphans) assign(p, created);
    for (const g of created) if (outside[g].length) stack.push(g);
  }
  const faces: number[] = [];
  const used = new Set<number>();
  for (let f = 0; f < fa.length; f++) {
    if (!alive[f]) continue;
    faces.push(fa[f], fb[f], fc[f]);
    used.add(fa[f]).add(fb[f]).add(fc[f]);
  }
  return { vertexIndices: Int32Array.from([...used].sort((x, y) => x - y)), faces: Int32Array.from(faces) };
}
