import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mat3, Vec3 } from '../../src/core/geometry.js';
import { mulMat3 } from '../../src/core/geometry.js';
import type { Volume } from '../../src/core/volume.js';
import { makeVolume } from '../../src/core/volume.js';
import { dcmjs, toArrayBuffer } from '../../src/io/dicom/dcmjs-api.js';
import type { WrittenDicomSlice } from '../../src/io/dicom/write-dicom-series.js';

/** Rotation about unit axis u by angle a (radians), row-major. */
export function rotation(u: Vec3, a: number): Mat3 {
  const [x, y, z] = u;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

/**
 * A small CT-like volume with anisotropic spacing and an oblique (non-identity, right-handed)
 * direction; voxel values are a hand-checkable function of (i, j, k) in HU.
 */
export function syntheticCt(shape: Vec3 = [7, 5, 6]): Volume<Int16Array> {
  const [nx, ny, nz] = shape;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = -1000 + 13 * i - 7 * j + 101 * k + ((i * j * k) % 5);
  const s3 = 1 / Math.sqrt(3);
  const direction = mulMat3(rotation([s3, s3, s3], 0.5), [1, 0, 0, 0, -1, 0, 0, 0, -1]); // det = +1
  return makeVolume({ data, shape, spacing: [0.7, 0.9, 2.5], origin: [-120.5, 33.25, 410], direction });
}

/** A fresh temp folder. */
export function tempDir(prefix = 'mmf-dicom-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Name of item `index` of `n` under a fixed permutation, so file names never follow slice order. */
export function shuffledName(index: number, n: number): string {
  const m = [7, 5, 11, 13, 3].find((x) => gcd(x, n) === 1) ?? 1;
  const perm = (index * m + 3) % n;
  return `IMG_${String.fromCharCode(97 + ((perm * 5) % 26))}${perm}.dcm`;
}

/** Write slices into `dir` under shuffled names; returns the name of each slice (input order). */
export function writeSlices(dir: string, slices: readonly WrittenDicomSlice[]): string[] {
  const names = slices.map((_, i) => shuffledName(i, slices.length));
  slices.forEach((s, i) => writeFileSync(join(dir, names[i]), s.bytes));
  return names;
}

/** Re-write a Part-10 file after editing its naturalised data set. */
export function patchDicom(bytes: Uint8Array, edit: (ds: Record<string, any>) => void): Uint8Array {
  const { DicomMessage, DicomMetaDictionary, DicomDict } = dcmjs();
  const read = DicomMessage.readFile(toArrayBuffer(bytes));
  const ds = DicomMetaDictionary.naturalizeDataset(read.dict) as Record<string, any>;
  edit(ds);
  const out = new DicomDict(read.meta);
  out.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(out.write());
}
