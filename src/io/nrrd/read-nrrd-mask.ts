/** NRRD label maps read as masks. */
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import type { LabelMapOptions, LabelMapResult } from '../mask/label-map.js';
import { maskFromLabelVolume } from '../mask/label-map.js';
import { readNrrd } from './read-nrrd.js';

/** A NRRD label map read as a mask, with the reader's and the converter's warnings. */
export interface NrrdMaskResult extends LabelMapResult {
  readonly warnings: readonly Issue[];
}

/**
 * Read a NRRD label map as a {@link Mask} (values checked by `maskFromLabelVolume`: integral,
 * 0..255, known labels per `options.unknownLabels`). Throws `E_INPUT` with the collected issues.
 */
export function readNrrdMask(path: string, labels: Readonly<Record<number, string>>, options: Omit<LabelMapOptions, 'source'> = {}): NrrdMaskResult {
  const read = readNrrd(path);
  const r = maskFromLabelVolume(read.volume, labels, { ...options, source: path });
  if (!r.ok) throw new HccError('E_INPUT', `${path}: not a valid label map: ${r.issues.map((i) => i.message).join('; ')}`, { issues: r.issues });
  return { ...r.value, warnings: [...read.warnings, ...r.warnings] };
}
