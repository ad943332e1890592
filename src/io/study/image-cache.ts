import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import { sha256, sha256File } from '../../core/provenance.js';
import type { Volume } from '../../core/volume.js';
import { listFilesRecursive } from '../dicom/read-dicom-folder.js';
import type { Grid } from '../mask/frame-placement.js';
import { encodeNifti } from '../nifti/write-nifti.js';

/**
 * The study's imported images: NIfTI files converted from DICOM inputs, content-addressed under
 * `<out>/state/images/<key>/`, where the key is the SHA-256 of what the conversion depends on (the
 * input files' SHA-256, the label map, the reference image, this converter's version). A file that is
 * there is never converted again; a changed input gets a new key and the old file stays. Each folder
 * holds the volume (`image.nii.gz` or `mask.nii.gz`) and a sidecar (`.json`: geometry, source kind,
 * labels, sanitised warnings) with nothing identifying: no names, ids, dates or UIDs.
 */

/** Version of the conversion rules; part of every key, so a changed rule converts again. */
export const IMAGE_IMPORT_VERSION = 'mmf-image-import/1';

/** `<outDir>/state/images`. */
export function imageImportDir(outDir: string): string {
  return join(outDir, 'state', 'images');
}

/** SHA-256 of JSON material (the callers build it with a fixed key order). */
export function importKey(material: Record<string, unknown>): string {
  return sha256(JSON.stringify({ version: IMAGE_IMPORT_VERSION, ...material }));
}

/** SHA-256 over every file under `dir`: sorted relative names with each file's SHA-256. */
export function folderContentHash(dir: string): string {
  const files = listFilesRecursive(dir);
  return sha256(JSON.stringify(files.map((f) => [f, sha256File(join(dir, f))])));
}

/** What the sidecar of an imported volume says. */
export interface ImportedSidecar {
  readonly format: 'mmf-hcc-imported-volume';
  readonly kind: 'image' | 'mask';
  readonly source: 'dicom-series' | 'dicom-seg' | 'rtstruct';
  readonly shape: readonly number[];
  readonly spacingMm: readonly number[];
  readonly originMm: readonly number[];
  readonly direction: readonly number[];
  readonly storage: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly warnings: readonly unknown[];
}

/** Paths of the volume and sidecar of `key`. */
export function importedPaths(cacheDir: string, key: string, kind: 'image' | 'mask'): { nifti: string; sidecar: string } {
  return { nifti: join(cacheDir, key, `${kind}.nii.gz`), sidecar: join(cacheDir, key, `${kind}.json`) };
}

/** The grid of an imported volume from its sidecar, or null when it is not there (or unreadable: it is converted again). */
export function readImported(cacheDir: string, key: string, kind: 'image' | 'mask'): { path: string; grid: Grid; sidecar: ImportedSidecar } | null {
  const p = importedPaths(cacheDir, key, kind);
  if (!existsSync(p.nifti) || !existsSync(p.sidecar)) return null;
  try {
    const s = JSON.parse(readFileSync(p.sidecar, 'utf8')) as ImportedSidecar;
    const grid: Grid = { shape: s.shape as unknown as Vec3, spacing: s.spacingMm as unknown as Vec3, origin: s.originMm as unknown as Vec3, direction: s.direction as unknown as Mat3 };
    return { path: p.nifti, grid, sidecar: s };
  } catch {
    return null;
  }
}

/**
 * Write an imported volume and its sidecar, each to a temporary name then renamed (the NIfTI
 * last), so an interrupted run leaves no half-written file under the key. The NIfTI carries geometry
 * and voxels only (its description names the converter, nothing from the DICOM header).
 */
export function writeImported(cacheDir: string, key: string, kind: 'image' | 'mask', volume: Volume, sidecar: Omit<ImportedSidecar, 'format' | 'kind' | 'shape' | 'spacingMm' | 'originMm' | 'direction' | 'storage'>): string {
  const p = importedPaths(cacheDir, key, kind);
  mkdirSync(join(cacheDir, key), { recursive: true });
  const full: ImportedSidecar = {
    format: 'mmf-hcc-imported-volume',
    kind,
    ...sidecar,
    shape: [...volume.shape],
    spacingMm: [...volume.spacing],
    originMm: [...volume.origin],
    direction: [...volume.direction],
    storage: volume.data.constructor.name.replace(/Array$/, '').toLowerCase(),
  };
  writeFileAtomic(p.sidecar, JSON.stringify(full, null, 1) + '\n');
  const bytes = encodeNifti(volume, { gzip: true, gzipLevel: kind === 'image' ? 1 : 6, description: `mmf-hcc ${sidecar.source} import` });
  writeFileAtomic(p.nifti, bytes);
  return p.nifti;
}
