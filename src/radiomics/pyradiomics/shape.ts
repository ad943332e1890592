/**
 * PyRadiomics 3D shape features (14 default): mesh volume and area from marching cubes at the
 * half-voxel surface, diameters over mesh vertices, PCA axes with the 1/N covariance.
 */
import type { Vec3 } from '../../core/geometry.js';
import { HccError } from '../../core/errors.js';
import { convexHull3d } from '../morphology/convex-hull.js';
import { symmetricEigenvalues3 } from '../morphology/pca.js';
import { maskMeshMeasures } from './mesh.js';

/** The 14 default shape feature names. */
export const SHAPE_FEATURES = [
  'MeshVolume', 'VoxelVolume', 'SurfaceArea', 'SurfaceVolumeRatio', 'Sphericity', 'Maximum3DDiameter',
  'Maximum2DDiameterSlice', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow',
  'MajorAxisLength', 'MinorAxisLength', 'LeastAxisLength', 'Elongation', 'Flatness',
] as const;

/**
 * The cube-table choices that reproduce PyRadiomics' mesh (`cshape.c`): its 128-entry table covers the
 * configurations without gridAngles corner 7 = (z, y, x) = (1, 1, 0), i.e. corner 6 here (x + 2y + 4z);
 * a cube with that corner inside uses its complement's triangles with the volume sign flipped. The
 * table separates its set corners on an ambiguous face, so a face joins the ROI corners exactly when
 * corner 6 is inside (this leaves the mesh open at some ambiguous faces, so the signed volume depends on
 * the origin: the padded mask's index 0, as here). Loops take the largest-area triangulation, except
 * 7-vertex loops, fanned from their mirror-axis vertex (`'pyradiomics'` triangulation). Checked per
 * configuration (area, signed volume and its origin term) against the table for all 254 cube
 * configurations, and on the baselines: area and volume exact (1e-12) for brain1_resampling, brain2 and
 * breast1 (and their resampled cases); brain1 (PyRadiomics 2.0.1b1) within 1e-3.
 */
export const PYRADIOMICS_FACE_RULE = { joinWhenCorner: 6 } as const;

/**
 * Mesh vertices as 2·index lattice points (exact integers): the midpoints of all edges between a
 * mask voxel and a face-adjacent non-mask voxel (outside the grid counts as non-mask). Every
 * marching-cubes triangulation uses exactly these vertices.
 */
export function surfaceVertexLattice(mask: Uint8Array, shape: Vec3): Int32Array {
  const [nx, ny, nz] = shape;
  const out: number[] = [];
  const at = (i: number, j: number, k: number): number => (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? 0 : mask[i + nx * (j + ny * k)]);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (!mask[i + nx * (j + ny * k)]) continue;
        if (!at(i - 1, j, k)) out.push(2 * i - 1, 2 * j, 2 * k);
        if (!at(i + 1, j, k)) out.push(2 * i + 1, 2 * j, 2 * k);
        if (!at(i, j - 1, k)) out.push(2 * i, 2 * j - 1, 2 * k);
        if (!at(i, j + 1, k)) out.push(2 * i, 2 * j + 1, 2 * k);
        if (!at(i, j, k - 1)) out.push(2 * i, 2 * j, 2 * k - 1);
        if (!at(i, j, k + 1)) out.push(2 * i, 2 * j, 2 * k + 1);
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * Keep only lattice points that can be convex-hull vertices: a point strictly between two others on
 * a line parallel to an axis in `axes` is not one. For each such axis the points of each line (equal
 * other two coordinates) keep their minimum and maximum only. Coordinates are ≥ −1.
 */
function extremeAlongAxes(lat: Int32Array, idx: Int32Array, axes: readonly number[], range: Vec3): Int32Array {
  let cur = idx;
  for (const a of axes) {
    const b = (a + 1) % 3, c = (a + 2) % 3;
    const rb = range[b], rc = range[c];
    const lo = new Int32Array(rb * rc).fill(2 ** 30);
    const hi = new Int32Array(rb * rc).fill(-(2 ** 30));
    for (let t = 0; t < cur.length; t++) {
      const p = 3 * cur[t];
      const key = lat[p + b] + 1 + rb * (lat[p + c] + 1);
      const x = lat[p + a];
      if (x < lo[key]) lo[key] = x;
      if (x > hi[key]) hi[key] = x;
    }
    const keep: number[] = [];
    for (let t = 0; t < cur.length; t++) {
      const p = 3 * cur[t];
      const key = lat[p + b] + 1 + rb * (lat[p + c] + 1);
      const x = lat[p + a];
      if (x === lo[key] || x === hi[key]) keep.push(cur[t]);
    }
    cur = Int32Array.from(keep);
  }
  return cur;
}

/** Largest distance (mm) between lattice points `idx`, by brute force (callers prune first). */
function maxPairDistance(lat: Int32Array, idx: ArrayLike<number>, half: Vec3): number {
  let best = 0;
  for (let s = 0; s < idx.length; s++) {
    const p = 3 * idx[s];
    const px = lat[p] * half[0], py = lat[p + 1] * half[1], pz = lat[p + 2] * half[2];
    for (let t = s + 1; t < idx.length; t++) {
      const q = 3 * idx[t];
      const dx = px - lat[q] * half[0], dy = py - lat[q + 1] * half[1], dz = pz - lat[q + 2] * half[2];
      const d = dx * dx + dy * dy + dz * dz;
      if (d > best) best = d;
    }
  }
  return Math.sqrt(best);
}

/**
 * Maximum 2D diameter (mm) over mesh vertices sharing one lattice coordinate on `axis` (vertices lie
 * at edge midpoints, so "same plane" is exact equality): points are pruned to in-plane line extremes,
 * grouped by plane, and compared pairwise within each plane.
 */
function planeDiameter(lat: Int32Array, all: Int32Array, axis: number, half: Vec3, range: Vec3): number {
  const kept = extremeAlongAxes(lat, all, [(axis + 1) % 3, (axis + 2) % 3], range);
  const groups = new Map<number, number[]>();
  for (let t = 0; t < kept.length; t++) {
    const c = lat[3 * kept[t] + axis];
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push(kept[t]);
  }
  let best = 0;
  for (const g of groups.values()) best = Math.max(best, maxPairDistance(lat, g, half));
  return best;
}

/**
 * Shape features of a binary mask with voxel size `spacing` (mm):
 * MeshVolume V and SurfaceArea A of the marching-cubes mesh, VoxelVolume N·Πspacing,
 * SurfaceVolumeRatio A/V, Sphericity (36πV²)^{1/3}/A, Maximum3DDiameter over all mesh vertices,
 * Maximum2DDiameterSlice / Column / Row over vertices in one k / i / j plane, and the PCA axes
 * 4√λ of the voxel-centre covariance with denominator N (λ ascending: Least, Minor, Major;
 * Elongation √(λ_minor/λ_major), Flatness √(λ_least/λ_major)).
 * @see PyRadiomics `radiomics.shape.RadiomicsShape`.
 */
export function pyradiomicsShape(mask: Uint8Array, shape: Vec3, spacing: Vec3): Record<string, number> {
  const [nx, ny, nz] = shape;
  let n = 0, sx = 0, sy = 0, sz = 0;
  for (let k = 0, p = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        if (!mask[p]) continue;
        n++;
        sx += i * spacing[0];
        sy += j * spacing[1];
        sz += k * spacing[2];
      }
    }
  }
  if (n === 0) throw new HccError('E_INPUT', 'shape: the mask is empty');
  const mx = sx / n, my = sy / n, mz = sz / n;
  const c = new Float64Array(9);
  for (let k = 0, p = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        if (!mask[p]) continue;
        const dx = i * spacing[0] - mx, dy = j * spacing[1] - my, dz = k * spacing[2] - mz;
        c[0] += dx * dx;
        c[1] += dx * dy;
        c[2] += dx * dz;
        c[4] += dy * dy;
        c[5] += dy * dz;
        c[8] += dz * dz;
      }
    }
  }
  c[3] = c[1];
  c[6] = c[2];
  c[7] = c[5];
  for (let t = 0; t < 9; t++) c[t] /= n;
  const ev = symmetricEigenvalues3(c).map((x) => (x < 0 && x > -1e-10 ? 0 : x));
  const [major, minor, least] = ev;

  const { volumeMm3: V, areaMm2: A } = maskMeshMeasures(mask, shape, spacing, PYRADIOMICS_FACE_RULE, 'pyradiomics');
  const lat = surfaceVertexLattice(mask, shape);
  const nv = lat.length / 3;
  const half: Vec3 = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const range: Vec3 = [2 * nx + 3, 2 * ny + 3, 2 * nz + 3];
  const all = Int32Array.from({ length: nv }, (_, i) => i);
  const candidates = extremeAlongAxes(lat, all, [0, 1, 2], range);
  let hullIdx: ArrayLike<number> = candidates;
  if (candidates.length > 64) {
    try {
      const sub = new Int32Array(3 * candidates.length);
      for (let t = 0; t < candidates.length; t++) for (let a = 0; a < 3; a++) sub[3 * t + a] = lat[3 * candidates[t] + a];
      hullIdx = Array.from(convexHull3d(sub).vertexIndices, (h) => candidates[h]);
    } catch {
      hullIdx = candidates; // coplanar points: compare all candidates
    }
  }
  const far = maxPairDistance(lat, hullIdx, half);
  return {
    MeshVolume: V,
    VoxelVolume: n * spacing[0] * spacing[1] * spacing[2],
    SurfaceArea: A,
    SurfaceVolumeRatio: A / V,
    Sphericity: Math.cbrt(36 * Math.PI * V * V) / A,
    Maximum3DDiameter: far,
    Maximum2DDiameterSlice: planeDiameter(lat, all, 2, half, range),
    Maximum2DDiameterColumn: planeDiameter(lat, all, 1, half, range),
    Maximum2DDiameterRow: planeDiameter(lat, all, 0, half, range),
    MajorAxisLength: 4 * Math.sqrt(major),
    MinorAxisLength: 4 * Math.sqrt(minor),
    LeastAxisLength: 4 * Math.sqrt(least),
    Elongation: Math.sqrt(minor / major),
    Flatness: Math.sqrt(least / major),
  };
}
