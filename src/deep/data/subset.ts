import { HccError } from '../../core/errors.js';
import type { DeepDataset, DeepOutcome } from '../dataset.js';
import { gatherImages } from '../dataset.js';

/** Samples `rows` of a dataset (in that order), with their outcomes, aux labels and ids. */
export function subsetDeepDataset(d: DeepDataset, rows: ArrayLike<number>): DeepDataset {
  for (let k = 0; k < rows.length; k++) if (!(Number.isInteger(rows[k]) && rows[k] >= 0 && rows[k] < d.n)) throw new HccError('E_INPUT', `subsetDeepDataset: row ${rows[k]} is outside 0…${d.n - 1}`);
  const pick = (o: DeepOutcome): DeepOutcome => ({ time: Float64Array.from(rows, (r) => o.time[r]), event: Uint8Array.from(rows, (r) => o.event[r]), ...(o.offset ? { offset: Float64Array.from(rows, (r) => o.offset![r]) } : {}) });
  return {
    n: rows.length,
    height: d.height,
    width: d.width,
    channels: d.channels,
    ...(d.views && d.views > 1 ? { views: d.views } : {}),
    images: gatherImages(d, rows, 'all'),
    os: pick(d.os),
    ...(d.pfs ? { pfs: pick(d.pfs) } : {}),
    ...(d.aux ? { aux: Object.fromEntries(Object.entries(d.aux).map(([k, v]) => [k, Int32Array.from(rows, (r) => v[r])])) } : {}),
    ...(d.ids ? { ids: Array.from(rows, (r) => d.ids![r]) } : {}),
  };
}
