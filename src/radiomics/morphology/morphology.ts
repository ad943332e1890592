/**
 * Morphological features (IBSI 1 HCUG): mesh volume and area, sphere-likeness, PCA axes, bounding volumes,
 * convex hull, intensity-weighted and spatial-autocorrelation features.
 */
import type { Vec3 } from '../../core/geometry.js';
import type { FeatureDef } from '../feature-def.js';
import { convexHull3d } from './convex-hull.js';
import type { FaceRule } from './marching-cubes.js';
import { marchingCubes, meshVolumeAndArea } from './marching-cubes.js';
import { ellipsoidSurfaceArea, voxelCentreEigenvalues } from './pca.js';
import { spatialAutocorrelation } from './spatial-autocorrelation.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, definition: string, pyradiomicsName?: string): FeatureDef => ({
  id: `morphology.${id}`,
  family: 'morphology',
  ibsiCode,
  ibsiTag,
  definition,
  ...(pyradiomicsName ? { pyradiomicsName } : {}),
});

/** The morphology features this engine computes (V mesh volume, A mesh area, λ PCA eigenvalues). */
export const MORPHOLOGY_FEATURES: readonly FeatureDef[] = [
  def('vol', 'RNU0', 'morph.vol', 'Volume (mesh): V = |Σ_faces a·(b×c)| / 6, mm³.', 'MeshVolume'),
  def('approx_vol', 'YEKZ', 'morph.approx.vol', 'Volume (voxel counting): N_v,morph × voxel volume, mm³.', 'VoxelVolume'),
  def('area', 'C0JK', 'morph.area', 'Surface area (mesh): A = Σ_faces |ab × ac| / 2, mm².', 'SurfaceArea'),
  def('av', '2PR5', 'morph.av', 'Surface to volume ratio: A / V, 1/mm.', 'SurfaceVolumeRatio'),
  def('comp_1', 'SKGS', 'morph.comp.1', 'Compactness 1: V / (π^½ A^{3/2}).'),
  def('comp_2', 'BQWJ', 'morph.comp.2', 'Compactness 2: 36π V² / A³.'),
  def('sph_dispr', 'KRCK', 'morph.sph.dispr', 'Spherical disproportion: A / (36π V²)^{1/3}.'),
  def('sphericity', 'QCFX', 'morph.sphericity', 'Sphericity: (36π V²)^{1/3} / A.', 'Sphericity'),
  def('asphericity', '25C7', 'morph.asphericity', 'Asphericity: (A³ / (36π V²))^{1/3} − 1.'),
  def('com', 'KLMA', 'morph.com', 'Centre of mass shift: ‖CoM(morphological voxel centres) − CoM(intensity-weighted intensity-mask centres)‖, mm.'),
  def('diam', 'L0JK', 'morph.diam', 'Maximum 3D diameter: largest distance between mesh (convex hull) vertices, mm.', 'Maximum3DDiameter'),
  def('pca_major', 'TDIC', 'morph.pca.major', 'Major axis length: 4 √λ_major of the voxel-centre covariance (n − 1), mm.', 'MajorAxisLength'),
  def('pca_minor', 'P9VJ', 'morph.pca.minor', 'Minor axis length: 4 √λ_minor, mm.', 'MinorAxisLength'),
  def('pca_least', '7J51', 'morph.pca.least', 'Least axis length: 4 √λ_least, mm.', 'LeastAxisLength'),
  def('pca_elongation', 'Q3CK', 'morph.pca.elongation', 'Elongation: √(λ_minor / λ_major).', 'Elongation'),
  def('pca_flatness', 'N17B', 'morph.pca.flatness', 'Flatness: √(λ_least / λ_major).', 'Flatness'),
  def('v_dens_aabb', 'PBX1', 'morph.v.dens.aabb', 'Volume density (AABB): V / volume of the axis-aligned box around the mesh.'),
  def('a_dens_aabb', 'R59B', 'morph.a.dens.aabb', 'Area density (AABB): A / area of the axis-aligned box around the mesh.'),
  def('v_dens_aee', '6BDE', 'morph.v.dens.aee', 'Volume density (AEE): 3V / (4π abc), semi-axes a, b, c = 2√λ.'),
  def('a_dens_aee', 'RDD2', 'morph.a.dens.aee', 'Area density (AEE): A / ellipsoid area (Legendre series to ν = 20).'),
  def('v_dens_conv_hull', 'R3ER', 'morph.v.dens.conv.hull', 'Volume density (convex hull), solidity: V / V_hull.'),
  def('a_dens_conv_hull', '7T7F', 'morph.a.dens.conv.hull', 'Area density (convex hull): A / A_hull.'),
  def('integ_int', '99N0', 'morph.integ.int', 'Integrated intensity: V × mean intensity of the intensity mask.'),
  def('moran_i', 'N365', 'morph.moran.i', "Moran's I with inverse-distance weights over intensity-mask voxel pairs."),
  def('geary_c', 'NPT7', 'morph.geary.c', "Geary's C with inverse-distance weights over intensity-mask voxel pairs."),
];

/** Inputs of the morphology family: image and both masks on one grid. */
export interface MorphologyInput {
  readonly image: ArrayLike<number>;
  readonly morphologicalMask: Uint8Array;
  readonly intensityMask: Uint8Array;
  readonly shape: Vec3;
  readonly spacingMm: Vec3;
}

/** Options for the morphology family. */
export interface MorphologyOptions {
  /** Ambiguous-face rule of marching cubes (default 'separate'). */
  readonly faceRule?: FaceRule;
  /** Skip Moran's I and Geary's C (they dominate run time on large ROIs). */
  readonly skipAutocorrelation?: boolean;
}

/** Morphology values keyed by feature id, with the geometry they came from. */
export interface MorphologyResult {
  readonly values: Readonly<Record<string, number>>;
  readonly diagnostics: {
    readonly meshVertices: number;
    readonly meshFaces: number;
    readonly hullVertices: number;
    readonly hullFaces: number;
    readonly morphologicalVoxels: number;
    readonly intensityVoxels: number;
    readonly pcaEigenvaluesMm2: Vec3;
    readonly autocorrelationMethod: 'direct' | 'fft' | 'skipped';
  };
}

/** Keep, for each (x, y) lattice column, only the lowest and highest point: only those can be hull vertices. */
function columnExtremes(lattice: Int32Array): Int32Array {
  const best = new Map<number, [number, number]>();
  const n = lattice.length / 3;
  for (let i = 0; i < n; i++) {
    const k = lattice[3 * i] * 65536 + lattice[3 * i + 1];
    const z = lattice[3 * i + 2];
    const b = best.get(k);
    if (!b) best.set(k, [i, i]);
    else {
      if (z < lattice[3 * b[0] + 2]) b[0] = i;
      if (z > lattice[3 * b[1] + 2]) b[1] = i;
    }
  }
  const keep: number[] = [];
  for (const [lo, hi] of best.values()) {
    keep.push(lo);
    if (hi !== lo) keep.push(hi);
  }
  return Int32Array.from(keep);
}

/**
 * Compute the morphology family. The mesh is drawn on the morphological mask; centre of mass, integrated
 * intensity and spatial autocorrelation use the intensity mask, as IBSI prescribes.
 *
 * @see IBSI 1 manual, "Morphological features".
 */
export function computeMorphology(input: MorphologyInput, options: MorphologyOptions = {}): MorphologyResult {
  const { shape, spacingMm: sp } = input;
  const mesh = marchingCubes(input.morphologicalMask, shape, sp, options.faceRule ?? 'separate');
  const { volumeMm3: V, areaMm2: A } = meshVolumeAndArea(mesh);

  // convex hull on the exact half-voxel lattice, then scaled to mm
  const candidates = columnExtremes(mesh.latticeVertices);
  const pts = new Int32Array(candidates.length * 3);
  candidates.forEach((vi, k) => {
    pts[3 * k] = mesh.latticeVertices[3 * vi];
    pts[3 * k + 1] = mesh.latticeVertices[3 * vi + 1];
    pts[3 * k + 2] = mesh.latticeVertices[3 * vi + 2];
  });
  const hull = convexHull3d(pts);
  const hv = new Float64Array(pts.length);
  for (let i = 0; i < pts.length; i++) hv[i] = 0.5 * pts[i] * sp[i % 3];
  const hullMesh = meshVolumeAndArea({ vertices: hv, faces: Uint32Array.from(hull.faces) });
  let diam2 = 0;
  const hvIdx = hull.vertexIndices;
  for (let a = 0; a < hvIdx.length; a++) {
    const pa = 3 * hvIdx[a];
    for (let b = a + 1; b < hvIdx.length; b++) {
      const pb = 3 * hvIdx[b];
      const d = (hv[pa] - hv[pb]) ** 2 + (hv[pa + 1] - hv[pb + 1]) ** 2 + (hv[pa + 2] - hv[pb + 2]) ** 2;
      if (d > diam2) diam2 = d;
    }
  }

  // axis-aligned bounding box of the mesh
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < mesh.vertices.length; i++) {
    const a = i % 3;
    if (mesh.vertices[i] < lo[a]) lo[a] = mesh.vertices[i];
    if (mesh.vertices[i] > hi[a]) hi[a] = mesh.vertices[i];
  }
  const ex = hi[0] - lo[0], ey = hi[1] - lo[1], ez = hi[2] - lo[2];

  // voxel counts, centres of mass, intensity sums
  const [nx, ny] = shape;
  let nMorph = 0, nInt = 0, sumI = 0;
  const cg = [0, 0, 0], ci = [0, 0, 0];
  for (let i = 0; i < input.morphologicalMask.length; i++) {
    const inM = input.morphologicalMask[i], inI = input.intensityMask[i];
    if (!inM && !inI) continue;
    const x = i % nx, y = ((i - x) / nx) % ny, z = Math.floor(i / (nx * ny));
    const p = [x * sp[0], y * sp[1], z * sp[2]];
    if (inM) {
      nMorph++;
      for (let a = 0; a < 3; a++) cg[a] += p[a];
    }
    if (inI) {
      const v = input.image[i];
      nInt++;
      sumI += v;
      for (let a = 0; a < 3; a++) ci[a] += v * p[a];
    }
  }
  const com = Math.hypot(cg[0] / nMorph - ci[0] / sumI, cg[1] / nMorph - ci[1] / sumI, cg[2] / nMorph - ci[2] / sumI);
  const meanI = sumI / nInt;

  const { eigenvalues: ev } = voxelCentreEigenvalues(input.morphologicalMask, shape, sp, 'n-1');
  const [lMaj, lMin, lLst] = ev;
  const a = 2 * Math.sqrt(lMaj), b = 2 * Math.sqrt(lMin), c = 2 * Math.sqrt(lLst);

  const auto = options.skipAutocorrelation ? null : spatialAutocorrelation(input.image, input.intensityMask, shape, sp);

  const sphere = Math.cbrt(36 * Math.PI * V * V);
  const values: Record<string, number> = {
    'morphology.vol': V,
    'morphology.approx_vol': nMorph * sp[0] * sp[1] * sp[2],
    'morphology.area': A,
    'morphology.av': A / V,
    'morphology.comp_1': V / (Math.sqrt(Math.PI) * Math.pow(A, 1.5)),
    'morphology.comp_2': (36 * Math.PI * V * V) / (A * A * A),
    'morphology.sph_dispr': A / sphere,
    'morphology.sphericity': sphere / A,
    'morphology.asphericity': A / sphere - 1,
    'morphology.com': com,
    'morphology.diam': Math.sqrt(diam2),
    'morphology.pca_major': 4 * Math.sqrt(lMaj),
    'morphology.pca_minor': 4 * Math.sqrt(lMin),
    'morphology.pca_least': 4 * Math.sqrt(lLst),
    'morphology.pca_elongation': lMaj > 0 ? Math.sqrt(lMin / lMaj) : 0,
    'morphology.pca_flatness': lMaj > 0 ? Math.sqrt(lLst / lMaj) : 0,
    'morphology.v_dens_aabb': V / (ex * ey * ez),
    'morphology.a_dens_aabb': A / (2 * (ex * ey + ex * ez + ey * ez)),
    'morphology.v_dens_aee': a * b * c > 0 ? (3 * V) / (4 * Math.PI * a * b * c) : 0,
    'morphology.a_dens_aee': a > 0 ? A / ellipsoidSurfaceArea(a, b, c) : 0,
    'morphology.v_dens_conv_hull': V / hullMesh.volumeMm3,
    'morphology.a_dens_conv_hull': A / hullMesh.areaMm2,
    'morphology.integ_int': V * meanI,
  };
  if (auto) {
    values['morphology.moran_i'] = auto.moranI;
    values['morphology.geary_c'] = auto.gearyC;
  }
  return {
    values,
    diagnostics: {
      meshVertices: mesh.vertices.length / 3,
      meshFaces: mesh.faces.length / 3,
      hullVertices: hull.vertexIndices.length,
      hullFaces: hull.faces.length / 3,
      morphologicalVoxels: nMorph,
      intensityVoxels: nInt,
      pcaEigenvaluesMm2: ev,
      autocorrelationMethod: auto ? auto.method : 'skipped',
    },
  };
}
