import { HccError } from '../../core/errors.js';

/**
 * Closed contours of a binary slice by marching squares on the voxel-centre lattice. Vertices lie
 * on the midpoints between an inside and an outside voxel centre, so filling the contours with the
 * even-odd rule at voxel centres (as `rasterisePlanarContours` does) gives back exactly the same
 * voxels: outer boundaries and hole boundaries are separate loops, and diagonal neighbours are
 * separated (4-connected foreground).
 */

/** One closed loop: continuous (i, j) voxel-index coordinates, flattened i0, j0, i1, j1, … */
export type IndexContour = Float64Array;

/**
 * Contours of the voxels of `slice` (nx × ny, x-fastest) for which `inside(value)` holds.
 * Collinear vertices are dropped. Loops are returned in a deterministic order (by first vertex scan).
 */
export function sliceContours(slice: Uint8Array, nx: number, ny: number, inside: (v: number) => boolean): IndexContour[] {
  const at = (i: number, j: number): number => (i < 0 || j < 0 || i >= nx || j >= ny ? 0 : inside(slice[i + nx * j]) ? 1 : 0);
  // Points in doubled coordinates shifted by the padding: X = 2i + 2, Y = 2j + 2 (integers ≥ 0).
  const W = 2 * nx + 5;
  const key = (X: number, Y: number) => Y * W + X;
  const next = new Map<number, number>();
  const order: number[] = [];
  for (let cj = -1; cj < ny; cj++) {
    for (let ci = -1; ci < nx; ci++) {
      const a = at(ci, cj), b = at(ci + 1, cj), c = at(ci + 1, cj + 1), d = at(ci, cj + 1);
      const sum = a + b + c + d;
      if (sum === 0 || sum === 4) continue;
      // Walk the cell boundary a → b → c → d → a; record crossings (entry = outside → inside).
      const X0 = 2 * ci + 2, Y0 = 2 * cj + 2;
      const corners = [a, b, c, d];
      const mids = [key(X0 + 1, Y0), key(X0 + 2, Y0 + 1), key(X0 + 1, Y0 + 2), key(X0, Y0 + 1)];
      const crossings: { k: number; entry: boolean }[] = [];
      for (let e = 0; e < 4; e++) {
        const from = corners[e], to = corners[(e + 1) % 4];
        if (from !== to) crossings.push({ k: mids[e], entry: to === 1 });
      }
      for (let q = 0; q < crossings.length; q++) {
        if (!crossings[q].entry) continue;
        const exit = crossings[(q + 1) % crossings.length];
        next.set(exit.k, crossings[q].k); // segment exit → entry keeps the inside corners enclosed alone
        order.push(exit.k);
      }
    }
  }
  const used = new Set<number>();
  const loops: IndexContour[] = [];
  for (const start of order) {
    if (used.has(start)) continue;
    const pts: number[] = [];
    let k = start;
    do {
      used.add(k);
      pts.push(k % W, Math.floor(k / W));
      const nk = next.get(k);
      if (nk === undefined) throw new HccError('E_INTERNAL', 'marching squares: open contour');
      k = nk;
    } while (k !== start);
    loops.push(simplify(pts));
  }
  return loops;
}

function simplify(pts: number[]): IndexContour {
  const n = pts.length / 2;
  const keep: number[] = [];
  for (let v = 0; v < n; v++) {
    const p = (v + n - 1) % n, q = (v + 1) % n;
    const cross = (pts[2 * v] - pts[2 * p]) * (pts[2 * q + 1] - pts[2 * v + 1]) - (pts[2 * v + 1] - pts[2 * p + 1]) * (pts[2 * q] - pts[2 * v]);
    if (cross !== 0) keep.push((pts[2 * v] - 2) / 2, (pts[2 * v + 1] - 2) / 2);
  }
  return Float64Array.from(keep);
}
