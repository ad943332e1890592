/**
 * Surface area and volume of a binary mask's marching-cubes mesh (vertices at edge midpoints), with
 * a configurable cube table: how ambiguous faces are cut and how non-planar contour loops are split
 * into triangles. Only area and signed volume are accumulated (no vertex list), per cube
 * configuration, so the cost is one pass over the padded mask plus a 256-entry table.
 */
import type { Vec3 } from '../../core/geometry.js';
import { EDGE_AXIS, EDGE_CORNERS, edgePoint, indexSpaceArea, loopTriangulations } from '../morphology/cube-edges.js';

/** Ambiguous-face rule: separate the ROI corners, join them, or decide per cube by one corner. */
export type MeshFaceRule = 'separate' | 'join' | { readonly joinWhenCorner: number };
/**
 * Loop triangulation: the smallest or the largest area (in index space) among all triangulations;
 * `'pyradiomics'` is `'max-area'` except for 7-vertex loops (one joined ambiguous face), which are
 * fanned from their vertex on the cube edge perpendicular to that face (the loop's mirror-axis vertex),
 * as PyRadiomics' triangle table does.
 */
export type MeshTriangulation = 'min-area' | 'max-area' | 'pyradiomics';

const edgeOf = (p: number, q: number): number => EDGE_CORNERS.findIndex(([x, y]) => (x === p && y === q) || (x === q && y === p));

/** Faces with corners counter-clockwise seen from outside. */
const FACES: number[][] = [];
for (let a = 0; a < 3; a++) {
  const u = (a + 1) % 3, v = (a + 2) % 3;
  for (const s of [0, 1]) {
    const q = [[0, 0], [1, 0], [1, 1], [0, 1]].map(([bu, bv]) => (s << a) | (bu << u) | (bv << v));
    FACES.push(s === 1 ? q : [q[0], q[3], q[2], q[1]]);
  }
}

/** Position in `loop` of the only vertex on an edge along the (single) ambiguous-face axis, or −1. */
function heptagonAxisVertex(loop: number[], ambiguousAxes: number[]): number {
  if (ambiguousAxes.length !== 1) return -1;
  const hits = loop.map((e, i) => (EDGE_AXIS[e] === ambiguousAxes[0] ? i : -1)).filter((i) => i >= 0);
  return hits.length === 1 ? hits[0] : -1;
}

/** Fan triangulation of `loop` about its vertex at position `i` (orientation kept). */
function fan(loop: number[], i: number): number[] {
  const n = loop.length;
  const out: number[] = [];
  for (let j = 1; j < n - 1; j++) out.push(loop[i], loop[(i + j) % n], loop[(i + j + 1) % n]);
  return out;
}

/** Oriented triangles (edge triples, outward normal) of one configuration. */
export function cubeTriangles(config: number, rule: MeshFaceRule, tri: MeshTriangulation): number[] {
  const inside = (c: number): number => (config >> c) & 1;
  const join = rule === 'join' || (typeof rule === 'object' && inside(rule.joinWhenCorner) === 1);
  const next = new Int32Array(12).fill(-1);
  const ambiguousAxes: number[] = [];
  for (const [fi, f] of FACES.entries()) {
    const entries: number[] = [], exits: number[] = [];
    for (let k = 0; k < 4; k++) {
      const p = f[k], q = f[(k + 1) % 4];
      if (inside(p) === inside(q)) continue;
      (inside(p) ? exits : entries).push(k);
    }
    const at = (k: number): number => edgeOf(f[k], f[(k + 1) % 4]);
    if (entries.length === 1) next[at(entries[0])] = at(exits[0]);
    else {
      ambiguousAxes.push(fi >> 1);
      for (const k of entries) next[at(k)] = at(join ? (k + 3) % 4 : (k + 1) % 4);
    }
  }
  const out: number[] = [];
  const seen = new Uint8Array(12);
  for (let e0 = 0; e0 < 12; e0++) {
    if (next[e0] < 0 || seen[e0]) continue;
    const loop: number[] = [];
    for (let e = e0; !seen[e]; e = next[e]) {
      seen[e] = 1;
      loop.push(e);
    }
    let best = loop;
    const axisVertex = tri === 'pyradiomics' && loop.length === 7 ? heptagonAxisVertex(loop, ambiguousAxes) : -1;
    if (axisVertex >= 0) best = fan(loop, axisVertex);
    else if (loop.length > 3) {
      let bestA = tri === 'min-area' ? Infinity : -Infinity;
      for (const t of loopTriangulations(loop)) {
        const a = indexSpaceArea(t);
        if (tri === 'min-area' ? a < bestA - 1e-12 : a > bestA + 1e-12) {
          bestA = a;
          best = t;
        }
      }
    }
    out.push(...best);
  }
  return out;
}

/** Area (mm²) and signed-volume contribution (mm³, about the cube's own origin corner) per configuration. */
interface CubeTable {
  readonly area: Float64Array;
  /** Σ over triangles of a·(b×c)/6 with cube-local vertices (mm). */
  readonly vol0: Float64Array;
  /** Σ (b×c... ) terms to translate: contribution = vol0 + o·n/6 where n = Σ (a×b + b×c + c×a)/... */
  readonly nrm: Float64Array;
}

/** Triangle tables per (rule, triangulation), built once (they do not depend on the spacing). */
const TRIANGLE_TABLES = new Map<string, number[][]>();

function buildTable(spacing: Vec3, rule: MeshFaceRule, tri: MeshTriangulation): CubeTable {
  const key = `${JSON.stringify(rule)}|${tri}`;
  let tables = TRIANGLE_TABLES.get(key);
  if (!tables) {
    tables = Array.from({ length: 256 }, (_, c) => (c === 0 || c === 255 ? [] : cubeTriangles(c, rule, tri)));
    TRIANGLE_TABLES.set(key, tables);
  }
  const area = new Float64Array(256), vol0 = new Float64Array(256), nrm = new Float64Array(256 * 3);
  for (let c = 1; c < 255; c++) {
    const t = tables[c];
    for (let k = 0; k < t.length; k += 3) {
      const [a, b, d] = [t[k], t[k + 1], t[k + 2]].map((e) => edgePoint(e).map((x, i) => x * spacing[i]));
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], w = [d[0] - a[0], d[1] - a[1], d[2] - a[2]];
      const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
      area[c] += Math.hypot(n[0], n[1], n[2]) / 2;
      vol0[c] += (a[0] * (b[1] * d[2] - b[2] * d[1]) + a[1] * (b[2] * d[0] - b[0] * d[2]) + a[2] * (b[0] * d[1] - b[1] * d[0])) / 6;
      // Translating all vertices by o adds o·n/6 (n = (b−a)×(d−a)) to a·(b×d)/6.
      nrm[3 * c] += n[0] / 6;
      nrm[3 * c + 1] += n[1] / 6;
      nrm[3 * c + 2] += n[2] / 6;
    }
  }
  return { area, vol0, nrm };
}

/** Mesh area (mm²) and enclosed volume (mm³). */
export interface MeshMeasures {
  readonly areaMm2: number;
  readonly volumeMm3: number;
}

/**
 * Area and volume of the iso-0.5 marching-cubes surface of `mask` (x fastest, padded here by one
 * background voxel): Σ per cube of the table's triangle areas, and the divergence-theorem volume
 * Σ (o + a)·((o + b)×(o + c))/6 with o the cube origin in mm.
 */
export function maskMeshMeasures(mask: Uint8Array, shape: Vec3, spacing: Vec3, rule: MeshFaceRule = 'separate', tri: MeshTriangulation = 'min-area'): MeshMeasures {
  const tab = buildTable(spacing, rule, tri);
  const [nx, ny, nz] = shape;
  const px = nx + 2, py = ny + 2, pz = nz + 2;
  const pad = new Uint8Array(px * py * pz);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) if (mask[x + nx * (y + ny * z)]) pad[x + 1 + px * (y + 1 + py * (z + 1))] = 1;
  const off = [0, 1, px, px + 1, px * py, px * py + 1, px * py + px, px * py + px + 1];
  let area = 0, vol = 0;
  for (let z = 0; z < pz - 1; z++) {
    for (let y = 0; y < py - 1; y++) {
      for (let x = 0, base = px * (y + py * z); x < px - 1; x++, base++) {
        let c = 0;
        for (let k = 0; k < 8; k++) if (pad[base + off[k]]) c |= 1 << k;
        if (c === 0 || c === 255) continue;
        area += tab.area[c];
        vol += tab.vol0[c] + x * spacing[0] * tab.nrm[3 * c] + y * spacing[1] * tab.nrm[3 * c + 1] + z * spacing[2] * tab.nrm[3 * c + 2];
      }
    }
  }
  return { areaMm2: area, volumeMm3: Math.abs(vol) };
}
