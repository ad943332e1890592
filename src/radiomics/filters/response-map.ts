import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { Volume } from '../../core/volume.js';

/** What a filter needs of an image: voxels, grid size and geometry (kept unchanged on the response). */
export type FilterImage = Pick<Volume, 'data' | 'shape' | 'spacing' | 'origin' | 'direction'>;

/** A filter response map: float32 voxels on exactly the input grid (x-fastest, like `Volume`). */
export type ResponseMap = Volume<Float32Array>;

/** Whether a filter works on the whole volume (`3d`) or slice by slice in the i–j plane (`2d`, axial). */
export type FilterDimensions = '2d' | '3d';

/** Wrap response voxels (any numeric array, cast to float32) with the geometry of `image`. */
export function toResponseMap(image: FilterImage, values: ArrayLike<number>): ResponseMap {
  const n = image.shape[0] * image.shape[1] * image.shape[2];
  if (values.length !== n) throw new HccError('E_INTERNAL', `response has ${values.length} voxels, grid needs ${n}`);
  return {
    data: Float32Array.from(values),
    shape: [...image.shape] as unknown as Volume['shape'],
    spacing: [...image.spacing] as unknown as Volume['spacing'],
    origin: [...image.origin] as unknown as Volume['origin'],
    direction: [...image.direction] as unknown as Volume['direction'],
    frame: 'LPS',
  };
}

/** Throw `E_OPTION` with a `bad_option` issue at `['filter', field]`. */
export function badFilterOption(field: string, message: string, expected: string, received: unknown): never {
  throw new HccError('E_OPTION', `filter option ${field}: ${message}`, {
    issues: [issueError('bad_option', ['filter', field], message, { expected, received: String(received) })],
  });
}

/** Check the image grid is usable by a filter (data length matches shape, no NaN). */
export function assertFilterImage(image: FilterImage): void {
  const [nx, ny, nz] = image.shape;
  if (image.data.length !== nx * ny * nz) badFilterOption('image', 'data length does not match shape', `${nx * ny * nz} voxels`, image.data.length);
  for (let i = 0; i < image.data.length; i++) {
    if (!Number.isFinite(image.data[i])) badFilterOption('image', 'image holds a non-finite voxel', 'finite intensities', `${image.data[i]} at voxel ${i}`);
  }
}
