import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HccError } from '../core/errors.js';
import type { DeepDataset } from './dataset.js';
import { initDeepEngine } from './engine/backend.js';
import type { TumourStackSpec } from './data/tumour-stack.js';
import type { BundleMember, LoadedEnsemble } from './ensemble/ensemble-bundle.js';
import type { Combiner, FittedEnsemble } from './ensemble/combiner.js';
import { coxCombiner, fitEnsemble, meanCombiner } from './ensemble/combiner.js';
import { forestCombiner } from './ensemble/forest-combiner.js';
import { memberScoresFromColumns } from './ensemble/member-scores.js';
import type { MemberScores } from './ensemble/member-scores.js';
import { harrellConcordance } from './metrics/harrell-concordance.js';
import type { Network } from './model/network.js';
import { buildNetwork } from './model/network.js';
import { disposeParams, restoreParams, snapshotParams } from './model/params.js';
import { trainMembersParallel } from './parallel.js';
import type { MemberPredictions } from './predict.js';
import { predictMember } from './predict.js';
import type { TrainProgress, TrainSettingsInput } from './train.js';
import { trainMember } from './train.js';

/** The three member families. */
export const MEMBER_KINDS = ['cnn25d', 'autoencoder', 'm3t', 'cnn3d'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/**
 * How an ensemble is trained (zod; recorded with the model). `combinerData` chooses which patients the
 * combiner is fitted on: 'training' (the paper; optimistic, since members score their own training
 * patients) or 'validation' (the internal-validation patients, unseen by the members' weights, though
 * used for early stopping); 'mean' needs no fitting. `combiner` 'rsf' is `forestCombiner` with its
 * defaults (300 trees, every member tried per split, leaves of >= min(15, max(3, ⌊n/10⌋)) patients)
 * seeded with `seed`.
 */
export const ensembleTrainingSchema = z.object({
  members: z.array(z.enum(MEMBER_KINDS)).min(1).default(['cnn25d', 'autoencoder', 'm3t']),
  seed: z.number().int().default(1),
  epochs: z.number().int().min(1).default(30),
  batchSize: z.number().int().min(2).default(16),
  learningRate: z.number().positive().default(1e-3),
  patience: z.number().int().min(1).default(8),
  /** Epochs before best-model selection and early stopping start (the paper skips the first 50 of 250). */
  minEpochs: z.number().int().min(0).default(0),
  augment: z.enum(['none', 'flip', 'dihedral']).default('flip'),
  widths: z.array(z.number().int().min(1)).min(1).default([16, 24, 32, 48]),
  headWidth: z.number().int().min(1).default(64),
  /**
   * Gate the last activations to the input's support (network spec `roiGate`): 'off', 'max' (cells
   * touching the support), 'mean' (cells weighted by their share of support pixels).
   */
  roiGate: z.enum(['off', 'max', 'mean']).default('off'),
  /** 'mean' of standardised scores (default), 'cox' (multivariable Cox) or 'rsf' (random survival forest, the paper's). */
  combiner: z.enum(['cox', 'mean', 'rsf']).default('mean'),
  combinerData: z.enum(['training', 'validation']).default('training'),
  backend: z.string().min(1).default('wasm'),
  /** Parallel worker threads (needs the compiled package); 1 trains in this thread. */
  workers: z.number().int().min(1).default(1),
  /** Auxiliary categorical heads (softmax; labels in the dataset's `aux`, −1 = missing), e.g. BCLC stage. */
  auxHeads: z.array(z.object({ name: z.string().min(1), classes: z.number().int().min(2) })).default([]),
  /**
   * Width of the members' region statistics (network spec `regionStats`; 0 = off): tumour and ring
   * mean and SD of a shared per-slice conv over every slice of the stack, spread slices included.
   * Needs the stack's mask channel.
   */
  regionStats: z.number().int().min(0).default(0),
});
export type EnsembleTraining = z.output<typeof ensembleTrainingSchema>;
export type EnsembleTrainingInput = z.input<typeof ensembleTrainingSchema>;

/** A trained member with its training speed, as an ensemble keeps it. */
export interface TrainedMemberEntry {
  readonly member: BundleMember;
  readonly samplesPerSecond: number;
  readonly durationMs: number;
}

/**
 * Where finished members are kept, so an interrupted ensemble resumes at its first unfinished member.
 * Member `index` of kind `kind` of one ensemble: the caller scopes the cache to the ensemble's data and
 * settings (a member's seed is the ensemble's seed + index).
 */
export interface MemberCache {
  get(index: number, kind: MemberKind): TrainedMemberEntry | null;
  put(index: number, kind: MemberKind, entry: TrainedMemberEntry): void;
}

/** Callbacks of `trainEnsemble` (the library never prints). */
export interface EnsembleHooks {
  onProgress?(member: string, p: TrainProgress): void;
  /** Finished members are put here and taken from it instead of being trained again. */
  memberCache?: MemberCache;
  /** A member came from `memberCache`. */
  onReuse?(member: string): void;
}

/** A trained ensemble with its members' records, ready for `saveEnsembleBundle`. */
export interface TrainedEnsemble {
  readonly members: readonly BundleMember[];
  readonly networks: readonly { readonly name: string; readonly network: Network }[];
  readonly ensemble: FittedEnsemble;
  readonly settings: EnsembleTraining;
  /** Harrell C (OS) of each member and the ensemble on training and validation patients. */
  readonly summary: {
    readonly nTrain: number;
    readonly nValid: number;
    readonly combinerFittedOn: 'training' | 'validation';
    readonly members: readonly { name: string; bestEpoch: number; epochsRun: number; bestValidC: number | null; trainC: number; samplesPerSecond: number; durationMs: number }[];
    readonly ensemble: { readonly trainC: number; readonly validC: number | null };
  };
}

function memberSettings(s: EnsembleTraining, kind: MemberKind, k: number, stack: TumourStackSpec, hasPfs: boolean): TrainSettingsInput {
  return {
    backend: s.backend,
    seed: s.seed + k,
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    patience: s.patience,
    minEpochs: s.minEpochs,
    augment: s.augment,
    network: {
      kind,
      phases: stack.phases.length + (stack.maskChannel ? 1 : 0),
      widths: [...s.widths],
      headWidth: s.headWidth,
      roiGate: s.roiGate === 'off' ? false : s.roiGate,
      pfsHead: hasPfs,
      auxHeads: s.auxHeads.map((h) => ({ ...h })),
      // the trunk reads the adjacent slices; spread slices feed the region statistics only
      trunkChannels: stack.spreadSlices > 0 ? stack.slices * (stack.phases.length + (stack.maskChannel ? 1 : 0)) : null,
      regionStats: s.regionStats,
    },
  };
}

/** Member scores of a dataset (OS and PFS), as combiner input. */
export function ensembleMemberScores(preds: readonly { name: string; p: MemberPredictions }[]): { os: MemberScores; pfs: MemberScores | null } {
  const hasPfs = preds.every(({ p }) => p.pfs !== null);
  return {
    os: memberScoresFromColumns(Object.fromEntries(preds.map(({ name, p }) => [name, p.os]))),
    pfs: hasPfs ? memberScoresFromColumns(Object.fromEntries(preds.map(({ name, p }) => [name, p.pfs as Float32Array]))) : null,
  };
}

/**
 * Train the ensemble's members on `train` (early stopping on `valid`), then fit the combiner per
 * endpoint (`settings.combinerData`). Seeded: member k uses seed + k; same seeds, data and backend give
 * the same scores, serial or in workers.
 * @throws HccError `E_INPUT` when a validation-fitted combiner has no validation patients; `E_OPTION`
 * for region statistics without the stack's mask channel or with a cnn3d member.
 */
export async function trainEnsemble(train: DeepDataset, valid: DeepDataset | null, stack: TumourStackSpec, settingsInput: EnsembleTrainingInput, hooks: EnsembleHooks = {}): Promise<TrainedEnsemble> {
  const s = ensembleTrainingSchema.parse(settingsInput);
  if (s.combinerData === 'validation' && s.combiner !== 'mean' && (!valid || valid.n < 10)) {
    throw new HccError('E_INPUT', `a combiner fitted on validation patients needs at least 10 of them, got ${valid?.n ?? 0}`);
  }
  if (s.regionStats > 0 && !stack.maskChannel) throw new HccError('E_OPTION', 'training.regionStats needs the stack\'s mask channel (stack.maskChannel: true): the statistics are taken over the tumour it marks');
  if (s.regionStats > 0 && s.members.includes('cnn3d')) throw new HccError('E_OPTION', 'training.regionStats is for the 2-D members (cnn25d, autoencoder, m3t), not cnn3d');
  const hasPfs = Boolean(train.pfs) && (!valid || Boolean(valid.pfs));
  await initDeepEngine({ backend: s.backend });
  const slots: (TrainedMemberEntry | null)[] = s.members.map((kind, k) => hooks.memberCache?.get(k, kind) ?? null);
  slots.forEach((e, k) => e && hooks.onReuse?.(s.members[k]));
  const todo = s.members.map((kind, k) => ({ kind, k })).filter(({ k }) => !slots[k]);
  const settle = (k: number, entry: TrainedMemberEntry) => {
    slots[k] = entry;
    hooks.memberCache?.put(k, s.members[k], entry);
  };
  // Worker threads run the compiled `train-worker.js`; from TypeScript sources (tests, tsx) train serially.
  const workerScript = new URL('./train-worker.js', import.meta.url);
  if (s.workers > 1 && todo.length > 1 && existsSync(fileURLToPath(workerScript))) {
    await trainMembersParallel(todo.map(({ kind, k }) => ({ member: kind, train, valid, settings: memberSettings(s, kind, k, stack, hasPfs) })), {
      workers: s.workers,
      onProgress: hooks.onProgress,
      onDone: (j, r) => settle(todo[j].k, { member: { name: r.member, spec: r.spec, snapshot: r.snapshot, settings: r.settings, inputHashes: r.inputHashes, bestEpoch: r.bestEpoch, bestValidC: r.bestValidC, history: r.history, backend: r.backend }, samplesPerSecond: r.samplesPerSecond, durationMs: r.durationMs }),
    });
  } else {
    for (const { kind, k } of todo) {
      const r = await trainMember(train, valid, memberSettings(s, kind, k, stack, hasPfs), { onProgress: (p) => hooks.onProgress?.(kind, p) });
      settle(k, { member: { name: kind, spec: r.network.spec, snapshot: snapshotParams(r.network.store), settings: r.settings, inputHashes: r.inputHashes, bestEpoch: r.bestEpoch, bestValidC: r.bestValidC, history: r.history, backend: r.backend }, samplesPerSecond: r.samplesPerSecond, durationMs: r.durationMs });
      disposeParams(r.network.store);
    }
  }
  const entries = slots as TrainedMemberEntry[];
  const members = entries.map((e) => e.member);
  const perf = entries.map((e) => ({ sps: e.samplesPerSecond, ms: e.durationMs }));
  const networks = members.map((m) => {
    const network = buildNetwork(m.spec, 0);
    restoreParams(network.store, m.snapshot);
    return { name: m.name, network };
  });
  const predsTrain = networks.map(({ name, network }) => ({ name, p: predictMember(network, train) }));
  const predsValid = valid ? networks.map(({ name, network }) => ({ name, p: predictMember(network, valid) })) : null;
  const combiner: Combiner = s.combiner === 'mean' ? meanCombiner : s.combiner === 'rsf' ? forestCombiner({ seed: s.seed }) : coxCombiner();
  const fitOn = s.combinerData === 'validation' && predsValid && valid ? { preds: predsValid, data: valid } : { preds: predsTrain, data: train };
  const scores = ensembleMemberScores(fitOn.preds);
  const ensemble = fitEnsemble(combiner, { os: scores.os, pfs: hasPfs ? scores.pfs : null }, { os: fitOn.data.os, pfs: hasPfs ? (fitOn.data.pfs ?? null) : null });
  const cOf = (d: DeepDataset, risk: ArrayLike<number>) => harrellConcordance(d.os.time, d.os.event, risk).concordance;
  const ensTrain = ensemble.apply(ensembleMemberScores(predsTrain)).os;
  const ensValid = predsValid && valid ? cOf(valid, ensemble.apply(ensembleMemberScores(predsValid)).os) : null;
  return {
    members,
    networks,
    ensemble,
    settings: s,
    summary: {
      nTrain: train.n,
      nValid: valid?.n ?? 0,
      combinerFittedOn: fitOn.data === train ? 'training' : 'validation',
      members: members.map((m, k) => ({ name: m.name, bestEpoch: m.bestEpoch, epochsRun: m.history.length, bestValidC: m.bestValidC, trainC: cOf(train, predsTrain[k].p.os), samplesPerSecond: perf[k].sps, durationMs: perf[k].ms })),
      ensemble: { trainC: cOf(train, ensTrain), validC: ensValid },
    },
  };
}

/** Scores of a loaded (or just trained) ensemble on a dataset. */
export interface EnsemblePredictions {
  readonly os: Float64Array;
  readonly pfs: Float64Array | null;
  readonly members: readonly { readonly name: string; readonly p: MemberPredictions }[];
}

/** Score a dataset with every member and the fitted combiners. */
export function predictEnsemble(model: Pick<LoadedEnsemble, 'members' | 'combiners'>, data: DeepDataset): EnsemblePredictions {
  const members = model.members.map(({ name, network }) => ({ name, p: predictMember(network, data) }));
  const sc = ensembleMemberScores(members);
  const os = model.combiners.os.combine(sc.os);
  const pfs = model.combiners.pfs && sc.pfs ? model.combiners.pfs.combine(sc.pfs) : null;
  return { os, pfs, members };
}
