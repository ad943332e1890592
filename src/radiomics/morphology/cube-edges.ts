/**
 * The unit cube of marching cubes, shared by the IBSI mesh (`marching-cubes.ts`) and the
 * PyRadiomics-compatible mesh (`../pyradiomics/mesh.ts`): corners c = bx + 2·by + 4·bz, edges
 * e joining corner c (bit a clear) with c + 2^a, vertices at edge midpoints, and the enumeration of a
 * contour loop's triangulations with their area in index space (how both pick a loop's triangles).
 */

/** Corner pair of each of the 12 edges (x-edges first, then y, then z). */
export const EDGE_CORNERS: readonly (readonly [number, number])[] = (() => {
  const out: [number, number][] = [];
  for (let a = 0; a < 3; a++) for (let c = 0; c < 8; c++) if (!(c & (1 << a))) out.push([c, c | (1 << a)]);
  return out;
})();

/** Axis of each edge (0 = x, 1 = y, 2 = z). */
export const EDGE_AXIS: readonly number[] = EDGE_CORNERS.map(([p, q]) => Math.log2(p ^ q));

/** Edge midpoint in unit-cube coordinates. */
export function edgePoint(e: number): [number, number, number] {
  const [p, q] = EDGE_CORNERS[e];
  return [0, 1, 2].map((a) => 0.5 * (((p >> a) & 1) + ((q >> a) & 1))) as [number, number, number];
}

/** All triangulations of a polygon (vertex ids in order); at most 42 for the heptagons marching cubes produces. */
export function loopTriangulations(poly: readonly number[]): number[][] {
  if (poly.length < 3) return [[]];
  if (poly.length === 3) return [[poly[0], poly[1], poly[2]]];
  const out: number[][] = [];
  const a = poly[0], b = poly[poly.length - 1];
  for (let k = 1; k < poly.length - 1; k++) {
    const left = loopTriangulations(poly.slice(0, k + 1));
    const right = loopTriangulations(poly.slice(k));
    for (const l of left) for (const r of right) out.push([...l, a, poly[k], b, ...r]);
  }
  return out;
}

/** Area of triangles (edge triples) in unit-cube (index) coordinates. */
export function indexSpaceArea(tris: readonly number[]): number {
  let s = 0;
  for (let t = 0; t < tris.length; t += 3) {
    const a = edgePoint(tris[t]), b = edgePoint(tris[t + 1]), c = edgePoint(tris[t + 2]);
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    s += Math.hypot(u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]);
  }
  return s / 2;
}
