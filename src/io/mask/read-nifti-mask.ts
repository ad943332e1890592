import { HccError } from '../../core/errors.js';
import type { GridTolerance } from '../../core/volume.js';
import type { Issue } from '../../core/issues.js';
import { parseNifti, readNifti } from '../nifti/index.js';
import type { Grid } from './frame-placement.js';
import type { LabelMapOptions, LabelMapResult } from './label-map.js';
import { maskFromLabelVolume } from './label-map.js';
import { assertMaskOnImageGrid } from './mask-grid.js';

/** Options for {@link readNiftiMask}. */
export interface ReadNiftiMaskOptions extends Omit<LabelMapOptions, 'source'> {
  /** When given, the mask must lie on this image grid (else `grid_mismatch` naming both files). */
  readonly image?: Grid;
  /** The image's file name, for that message. */
  readonly imageSource?: string;
  readonly gridTolerance?: GridTolerance;
}

/** A NIfTI label map read as a mask, with the reader's and the converter's warnings. */
export interface NiftiMaskResult extends LabelMapResult {
  readonly warnings: readonly Issue[];
}

/**
 * Read a NIfTI label map (`.nii`/`.nii.gz`, geometry converted to LPS by the NIfTI reader) as a
 * {@link Mask} (`maskFromLabelVolume` checks values and labels), optionally checking that it lies on
 * its image's grid. Throws `HccError` `E_INPUT` with the collected issues naming the file.
 * Pass `bytes` to parse data already in memory (then `path` only names it).
 */
export function readNiftiMask(path: string, labels: Readonly<Record<number, string>>, options: ReadNiftiMaskOptions = {}, bytes?: Uint8Array): NiftiMaskResult {
  const read = bytes ? parseNifti(bytes, path) : readNifti(path);
  const r = maskFromLabelVolume(read.volume, labels, { ...options, source: path });
  if (!r.ok) throw new HccError('E_INPUT', `${path}: not a valid label map: ${r.issues.map((i) => i.message).join('; ')}`, { issues: r.issues });
  if (options.image) assertMaskOnImageGrid(options.image, r.value.mask, { imageSource: options.imageSource ?? 'image', maskSource: path }, options.gridTolerance);
  return { ...r.value, warnings: [...read.warnings, ...r.warnings] };
}
