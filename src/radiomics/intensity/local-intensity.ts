/** Local intensity features (IBSI 1 9ST6): mean intensity in a 1 cm³ sphere. */
import type { Vec3 } from '../../core/geometry.js';
import type { FeatureDef } from '../feature-def.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, definition: string): FeatureDef => ({ id: `local_intensity.${id}`, family: 'local_intensity', ibsiCode, ibsiTag, definition });

/** Local and global intensity peak. */
export const LOCAL_INTENSITY_FEATURES: readonly FeatureDef[] = [
  def('peak_local', 'VJGA', 'loc.peak.local', 'Local intensity peak: mean intensity within r = (3/(4π))^{1/3} cm of the maximum-intensity ROI voxel (highest such mean when tied).'),
  def('peak_global', '0F91', 'loc.peak.global', 'Global intensity peak: highest 1 cm³ sphere mean centred on any ROI voxel.'),
];

/** Radius (mm) of a 1 cm³ sphere: (3 / (4π))^{1/3} cm. */
export const PEAK_SPHERE_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

/** Peak values keyed by feature id, with the sphere used. */
export interface LocalIntensityResult {
  readonly values: Readonly<Record<string, number>>;
  readonly diagnostics: { readonly sphereVoxels: number; readonly maximumVoxels: number };
}

/**
 * Local and global intensity peaks. The sphere holds every image voxel whose centre lies within
 * r = 6.2035 mm (world distance) of the centre voxel, ROI or not; at the image border only voxels inside the
 * image count. Centre voxels are the intensity-mask voxels. Cost O(N_roi · N_sphere).
 *
 * @param image the whole (processed) image; pass enough margin around the ROI for the sphere
 * @see IBSI 1 manual, "Local intensity features".
 */
export function computeLocalIntensity(image: ArrayLike<number>, intensityMask: Uint8Array, shape: Vec3, spacingMm: Vec3): LocalIntensityResult {
  const [nx, ny, nz] = shape;
  const r = PEAK_SPHERE_RADIUS_MM;
  const off: [number, number, number][] = [];
  const rx = Math.floor(r / spacingMm[0]), ry = Math.floor(r / spacingMm[1]), rz = Math.floor(r / spacingMm[2]);
  for (let dz = -rz; dz <= rz; dz++)
    for (let dy = -ry; dy <= ry; dy++)
      for (let dx = -rx; dx <= rx; dx++) if ((dx * spacingMm[0]) ** 2 + (dy * spacingMm[1]) ** 2 + (dz * spacingMm[2]) ** 2 <= r * r + 1e-9) off.push([dx, dy, dz]);
  const sphereMean = (x: number, y: number, z: number): number => {
    let s = 0, c = 0;
    for (const [dx, dy, dz] of off) {
      const u = x + dx, v = y + dy, w = z + dz;
      if (u < 0 || v < 0 || w < 0 || u >= nx || v >= ny || w >= nz) continue;
      s += image[u + nx * (v + ny * w)];
      c++;
    }
    return s / c;
  };
  let maxI = -Infinity;
  for (let i = 0; i < intensityMask.length; i++) if (intensityMask[i] && image[i] > maxI) maxI = image[i];
  let local = -Infinity, global = -Infinity, nMax = 0;
  for (let i = 0; i < intensityMask.length; i++) {
    if (!intensityMask[i]) continue;
    const x = i % nx, y = ((i - x) / nx) % ny, z = Math.floor(i / (nx * ny));
    const m = sphereMean(x, y, z);
    if (m > global) global = m;
    if (image[i] === maxI) {
      nMax++;
      if (m > local) local = m;
    }
  }
  return { values: { 'local_intensity.peak_local': local, 'local_intensity.peak_global': global }, diagnostics: { sphereVoxels: off.length, maximumVoxels: nMax } };
}
