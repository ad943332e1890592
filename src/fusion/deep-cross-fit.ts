import { createRng, permutation } from '../core/rng.js';
import type { DeepDataset, EnsembleTraining, MemberCache, TrainProgress, TumourStackSpec } from '../deep/index.js';
import { disposeParams, harrellConcordance, predictEnsemble, subsetDeepDataset, trainEnsemble } from '../deep/index.js';

/** Out-of-fold Ensemble-DL scores of the training patients. */
export interface CrossFitScores {
  readonly folds: number;
  /** Score per training row (same order as the `trainRows` given), from the ensemble that did not see it. */
  readonly os: Float64Array;
  readonly pfs: Float64Array | null;
  /** Harrell C (OS) of the out-of-fold scores on the training patients (with the offset when the members were trained with one). */
  readonly oofC: number;
}

/** Where finished folds are kept, so an interrupted cross-fitting resumes at the first unfinished fold. */
export interface CrossFitFoldCache {
  /** The held-out scores of fold `fold` (its patients in training-row order), or null when not computed yet. */
  get(fold: number): { readonly os: readonly number[]; readonly pfs: readonly number[] | null } | null;
  put(fold: number, scores: { readonly os: readonly number[]; readonly pfs: readonly number[] | null }): void;
  /** Where the finished members of fold `fold`'s ensemble are kept, so an interrupted fold resumes at its first unfinished member. */
  members?(fold: number): MemberCache;
  /** A member of fold `fold` came from its member cache. */
  onMemberReuse?(fold: number, member: string): void;
}

/**
 * K-fold cross-fitting within the training split: the training patients are split into `folds`
 * seeded folds; for each fold the whole ensemble (members + combiner, same settings, seeds shifted
 * by 100·(fold + 1)) is trained on the other folds, early-stopped on the same validation patients,
 * and scores the held-out fold. Every training patient so gets a score from an ensemble that never
 * saw it — what a model fusing the score with clinical variables (MMF) must be fitted on, since the
 * full ensemble's scores of its own training patients are optimistic and would inflate the score's
 * weight. Validation and external patients keep the full ensemble's scores.
 * @see Wolpert (1992) stacked generalisation; van der Laan, Polley & Hubbard (2007) super learner.
 */
export async function crossFitScores(d: DeepDataset, trainRows: readonly number[], valid: DeepDataset | null, spec: TumourStackSpec, training: EnsembleTraining, folds: number, onProgress?: (label: string, p: TrainProgress) => void, cache?: CrossFitFoldCache): Promise<CrossFitScores> {
  const order = permutation(trainRows.length, createRng(training.seed).fork('cross-fit'));
  const foldOf = new Int32Array(trainRows.length);
  order.forEach((pos, r) => (foldOf[pos] = r % folds));
  const os = new Float64Array(trainRows.length);
  const pfs = d.pfs ? new Float64Array(trainRows.length) : null;
  for (let f = 0; f < folds; f++) {
    const fit: number[] = [];
    const held: number[] = [];
    trainRows.forEach((row, i) => (foldOf[i] === f ? held : fit).push(i));
    const kept = cache?.get(f) ?? null;
    if (kept && kept.os.length === held.length && (kept.pfs === null) === (pfs === null) && (!kept.pfs || kept.pfs.length === held.length)) {
      held.forEach((i, k) => {
        os[i] = kept.os[k];
        if (pfs && kept.pfs) pfs[i] = kept.pfs[k];
      });
      continue;
    }
    const trained = await trainEnsemble(subsetDeepDataset(d, fit.map((i) => trainRows[i])), valid, spec, { ...training, seed: training.seed + 100 * (f + 1) }, { onProgress: (m, p) => onProgress?.(`fold ${f + 1}/${folds} ${m}`, p), memberCache: cache?.members?.(f), onReuse: (m) => cache?.onMemberReuse?.(f, m) });
    const pred = predictEnsemble({ members: trained.networks, combiners: { os: trained.ensemble.os, pfs: trained.ensemble.pfs } }, subsetDeepDataset(d, held.map((i) => trainRows[i])));
    held.forEach((i, k) => {
      os[i] = pred.os[k];
      if (pfs && pred.pfs) pfs[i] = pred.pfs[k];
    });
    for (const n of trained.networks) disposeParams(n.network.store);
    cache?.put(f, { os: Array.from(pred.os), pfs: pfs && pred.pfs ? Array.from(pred.pfs) : null });
  }
  const off = d.os.offset;
  const time = Float64Array.from(trainRows, (r) => d.os.time[r]);
  const event = Uint8Array.from(trainRows, (r) => d.os.event[r]);
  const c = harrellConcordance(time, event, off ? Float64Array.from(os, (v, i) => v + off[trainRows[i]]) : os).concordance;
  return { folds, os, pfs, oofC: c };
}
