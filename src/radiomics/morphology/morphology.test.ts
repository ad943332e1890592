import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { convexHull3d } from './convex-hull.js';
import { marchingCubes, meshVolumeAndArea } from './marching-cubes.js';
import { computeMorphology } from './morphology.js';
import { ellipsoidSurfaceArea, symmetricEigenvalues3 } from './pca.js';
import { spatialAutocorrelation } from './spatial-autocorrelation.js';

/** Every directed edge of a closed, consistently oriented mesh appears once, and its reverse once. */
function expectClosedOriented(faces: Uint32Array): void {
  const seen = new Map<string, number>();
  for (let t = 0; t < faces.length; t += 3) {
    for (const [a, b] of [[faces[t], faces[t + 1]], [faces[t + 1], faces[t + 2]], [faces[t + 2], faces[t]]]) {
      const k = `${a},${b}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
  }
  for (const [k, n] of seen) {
    expect(n, `edge ${k}`).toBe(1);
    const [a, b] = k.split(',');
    expect(seen.get(`${b},${a}`), `reverse of ${k}`).toBe(1);
  }
}

describe('marching cubes (closed form and invariants)', () => {
  it('one voxel gives the octahedron with vertices at the face centres: V = 1/6, A = √3 (unit spacing)', () => {
    const mesh = marchingCubes(new Uint8Array([1]), [1, 1, 1], [1, 1, 1]);
    expect(mesh.vertices.length / 3).toBe(6);
    expect(mesh.faces.length / 3).toBe(8);
    const { volumeMm3, areaMm2 } = meshVolumeAndArea(mesh);
    expect(volumeMm3).toBeCloseTo(1 / 6, 12);
    expect(areaMm2).toBeCloseTo(Math.sqrt(3), 12);
    expectClosedOriented(mesh.faces);
  });
  it('scales the volume by the voxel volume (spacing 2 × 1 × 3 mm: V = 1 mm³)', () => {
    const mesh = marchingCubes(new Uint8Array([1]), [1, 1, 1], [2, 1, 3]);
    expect(meshVolumeAndArea(mesh).volumeMm3).toBeCloseTo(1, 12);
  });
  it('a random blob (with edge-touching voxels) is closed and consistently oriented, Euler characteristic even', () => {
    const rng = createRng(11);
    const shape = [7, 6, 5] as const;
    const mask = new Uint8Array(7 * 6 * 5).map(() => (rng.uniform() < 0.55 ? 1 : 0));
    for (const rule of ['separate', 'join'] as const) {
      const mesh = marchingCubes(mask, shape, [1, 1, 1], rule);
      expectClosedOriented(mesh.faces);
      const v = mesh.vertices.length / 3, f = mesh.faces.length / 3, e = (3 * f) / 2;
      expect(Math.abs((v - e + f) % 2)).toBe(0);
      // the mesh volume of a binary mask lies between the voxel-count volume and zero
      const { volumeMm3 } = meshVolumeAndArea(mesh);
      expect(volumeMm3).toBeGreaterThan(0);
      expect(volumeMm3).toBeLessThan(mask.reduce((a, b) => a + b, 0));
    }
  });
});

describe('convex hull (exact integer predicates)', () => {
  it('of a 3×3×3 lattice cube keeps only the 8 corners; volume 8, area 24', () => {
    const pts: number[] = [];
    for (let z = -1; z <= 1; z++) for (let y = -1; y <= 1; y++) for (let x = -1; x <= 1; x++) pts.push(x, y, z);
    const hull = convexHull3d(pts);
    expect(hull.vertexIndices.length).toBe(8);
    const v = meshVolumeAndArea({ vertices: Float64Array.from(pts), faces: Uint32Array.from(hull.faces) });
    expect(v.volumeMm3).toBeCloseTo(8, 12);
    expect(v.areaMm2).toBeCloseTo(24, 12);
  });
  it('contains every input point (orientation ≤ 0 against every face) for random points', () => {
    const rng = createRng(5);
    const pts = Array.from({ length: 600 }, () => rng.int(41) - 20);
    const hull = convexHull3d(pts);
    const P = (i: number) => [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]];
    for (let t = 0; t < hull.faces.length; t += 3) {
      const [a, b, c] = [P(hull.faces[t]), P(hull.faces[t + 1]), P(hull.faces[t + 2])];
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
      const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
      for (let i = 0; i < 200; i++) {
        const p = P(i);
        expect(n[0] * (p[0] - a[0]) + n[1] * (p[1] - a[1]) + n[2] * (p[2] - a[2])).toBeLessThanOrEqual(0);
      }
    }
  });
  it('throws E_NUMERIC for coplanar points', () => {
    expect(() => convexHull3d([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0])).toThrow(expect.objectContaining({ code: 'E_NUMERIC' }));
  });
});

describe('PCA and ellipsoid helpers', () => {
  it('eigenvalues of a rotated diagonal matrix', () => {
    const c = Math.cos(0.3), s = Math.sin(0.3);
    // R diag(9, 4, 1) Rᵀ with R a rotation about z
    const m = [9 * c * c + 4 * s * s, (9 - 4) * c * s, 0, (9 - 4) * c * s, 9 * s * s + 4 * c * c, 0, 0, 0, 1];
    const ev = symmetricEigenvalues3(m);
    expect(ev[0]).toBeCloseTo(9, 12);
    expect(ev[1]).toBeCloseTo(4, 12);
    expect(ev[2]).toBeCloseTo(1, 12);
  });
  it('ellipsoid area by the IBSI series: sphere 4πr²; α = β (P_ν(1) = 1) equals the hand-summed series', () => {
    expect(ellipsoidSurfaceArea(3, 3, 3)).toBeCloseTo(4 * Math.PI * 9, 10);
    // a = 2, b = c = 1: α = β = e, x = 1, so the terms are e^{2ν} / (1 − 4ν²), ν = 0..20
    const e2 = 0.75;
    let sum = 0;
    for (let nu = 0; nu <= 20; nu++) sum += e2 ** nu / (1 - 4 * nu * nu);
    expect(ellipsoidSurfaceArea(2, 1, 1)).toBeCloseTo(4 * Math.PI * 2 * sum, 10);
  });
});

describe("Moran's I and Geary's C", () => {
  it('the FFT evaluation equals the direct pair sums', () => {
    const rng = createRng(3);
    const shape = [9, 8, 5] as const;
    const n = 9 * 8 * 5;
    const mask = new Uint8Array(n).map(() => (rng.uniform() < 0.7 ? 1 : 0));
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7) * 50 + rng.normal() * 10);
    const d = spatialAutocorrelation(values, mask, shape, [0.8, 0.8, 2.5], 'direct');
    const f = spatialAutocorrelation(values, mask, shape, [0.8, 0.8, 2.5], 'fft');
    expect(f.method).toBe('fft');
    expect(f.moranI).toBeCloseTo(d.moranI, 10);
    expect(f.gearyC).toBeCloseTo(d.gearyC, 10);
  });
  it('a constant ROI gives 0, not NaN', () => {
    const r = spatialAutocorrelation(new Float64Array(8).fill(3), new Uint8Array(8).fill(1), [2, 2, 2], [1, 1, 1]);
    expect([r.moranI, r.gearyC]).toEqual([0, 0]);
  });
});

describe('computeMorphology on degenerate ROIs', () => {
  it('a one-voxel ROI gives finite values (axis lengths 0, octahedron mesh)', () => {
    const r = computeMorphology({ image: [5], morphologicalMask: new Uint8Array([1]), intensityMask: new Uint8Array([1]), shape: [1, 1, 1], spacingMm: [1, 1, 1] });
    for (const [k, v] of Object.entries(r.values)) expect(Number.isFinite(v), k).toBe(true);
    expect(r.values['morphology.pca_major']).toBe(0);
    expect(r.values['morphology.approx_vol']).toBe(1);
  });
});
