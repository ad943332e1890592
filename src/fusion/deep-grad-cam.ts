import { join } from 'node:path';
import type { BuiltDeepDataset, DeepPatient, LoadedEnsemble } from '../deep/index.js';
import { camOfSample, gradCam, subsetDeepDataset, writeGradCamOutputs } from '../deep/index.js';

/** Grad-CAM of one patient and member: localisation scores and the files written. */
export interface DeepGradCamRow {
  readonly id: string;
  readonly member: string;
  readonly risk: number;
  readonly massInTumour: number;
  readonly massInMargin: number;
  readonly peakInTumour: boolean;
  readonly peakInMargin: boolean;
  /** PNG of the tumour's central slice (absolute path), when written. */
  readonly png: string | null;
  /** NIfTI overlay on the CT grid, when written. */
  readonly nifti: string | null;
  /** Pixels per voxel of the enlarged PNGs (only with `pngMinSizePx`). */
  readonly pngScale?: number;
}

/** Options of `writeMemberGradCams`. */
export interface MemberGradCamOptions {
  readonly dir: string;
  /** Phase shown under the map (e.g. the middle phase). */
  readonly background: string;
  readonly labels: readonly number[];
  readonly marginMm: number;
  readonly nifti: boolean;
  /** Enlarge the PNGs to at least this many pixels on the long side (whole pixels per voxel); absent = one pixel per voxel. */
  readonly pngMinSizePx?: number;
  readonly onPatient?: (done: number, total: number) => void;
}

/**
 * Grad-CAM (OS head) of every member for the dataset rows `rows` of `built`: each map goes back to the
 * patient's CT grid (`writeGradCamOutputs`: `<dir>/<member>/` PNG slices, optionally NIfTI) and is
 * scored against the tumour mask. `loadPatient(k)` reloads row k's CT and mask (one patient at a
 * time); `risk[k]` is the score reported beside it. Used by the study's Ensemble-DL stage and by
 * `mmf predict --dl-model`.
 */
export function writeMemberGradCams(model: Pick<LoadedEnsemble, 'members'>, built: BuiltDeepDataset, rows: readonly number[], loadPatient: (k: number) => DeepPatient, risk: ArrayLike<number>, options: MemberGradCamOptions): DeepGradCamRow[] {
  if (!rows.length) return [];
  const sub = subsetDeepDataset(built.dataset, rows);
  const { height: H, width: W } = sub;
  const cams = model.members.map((m) => ({ name: m.name, cam: gradCam(m.network, sub, { target: 'os' }) }));
  const out: DeepGradCamRow[] = [];
  rows.forEach((k, e) => {
    const p = loadPatient(k);
    for (const { name, cam } of cams) {
      const w = writeGradCamOutputs(join(options.dir, name), { id: p.id, map: camOfSample(cam, e), height: H, width: W, placement: built.placements[k], ct: p.phases[options.background], mask: p.mask }, { labels: options.labels, marginMm: options.marginMm, png: true, nifti: options.nifti, ...(options.pngMinSizePx ? { pngMinSizePx: options.pngMinSizePx } : {}) });
      out.push({ id: p.id, member: name, risk: risk[k], massInTumour: w.score.massInTumour, massInMargin: w.score.massInMargin, peakInTumour: w.score.peakInTumour, peakInMargin: w.score.peakInMargin, png: w.centrePngPath, nifti: w.niftiPath, ...(options.pngMinSizePx ? { pngScale: w.pngScale } : {}) });
    }
    options.onPatient?.(e + 1, rows.length);
  });
  return out;
}
