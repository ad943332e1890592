import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../core/errors.js';
import { readCheckpoint, writeCheckpoint } from '../checkpoints.js';
import type { TumourStackSpec } from '../data/tumour-stack.js';
import type { Network } from '../model/network.js';
import { buildNetwork } from '../model/network.js';
import type { NetworkSpec } from '../model/network-spec.js';
import type { ParamSnapshot } from '../model/params.js';
import { restoreParams } from '../model/params.js';
import type { FittedCombiner } from './combiner.js';
import { combinerFromJson } from './combiner.js';

/** One trained member of a saved ensemble. */
export interface BundleMember {
  readonly name: string;
  readonly spec: NetworkSpec;
  readonly snapshot: ParamSnapshot;
  readonly settings: unknown;
  readonly inputHashes: Readonly<Record<string, string>>;
  readonly bestEpoch: number;
  readonly bestValidC: number | null;
  readonly history: readonly unknown[];
  readonly backend: string;
}

/** What `ensemble.json` records (member weights live in `<member>.json/.bin` checkpoints beside it). */
export interface EnsembleBundleJson {
  readonly format: 'mmf-hcc/deep-ensemble@1';
  /** How stacks were cut: prediction must cut them the same way. */
  readonly stack: TumourStackSpec;
  readonly members: readonly string[];
  readonly combiners: { readonly os: unknown; readonly pfs: unknown | null };
  readonly createdWith: { readonly tfjs: string };
}

/** A loaded ensemble: rebuilt networks, fitted combiners and the stack spec. */
export interface LoadedEnsemble {
  readonly stack: TumourStackSpec;
  readonly members: readonly { readonly name: string; readonly network: Network }[];
  readonly combiners: { readonly os: FittedCombiner; readonly pfs: FittedCombiner | null };
}

/**
 * Save a trained ensemble to `dir`: `ensemble.json` (stack spec, member list, fitted combiners) and one
 * checkpoint per member (`member-<name>.json/.bin`, best weights, no optimizer state).
 */
export function saveEnsembleBundle(dir: string, stack: TumourStackSpec, members: readonly BundleMember[], combiners: { os: FittedCombiner; pfs: FittedCombiner | null }): string {
  mkdirSync(dir, { recursive: true });
  for (const m of members) writeMemberCheckpoint(join(dir, `member-${m.name}`), m);
  const json: EnsembleBundleJson = { format: 'mmf-hcc/deep-ensemble@1', stack, members: members.map((m) => m.name), combiners: { os: combiners.os.toJSON(), pfs: combiners.pfs?.toJSON() ?? null }, createdWith: { tfjs: tf.version.tfjs } };
  const path = join(dir, 'ensemble.json');
  writeFileSync(path, JSON.stringify(json, null, 1));
  return path;
}

/** Write one trained member as a checkpoint `<base>.json/.bin` (best weights, no optimizer state). */
export function writeMemberCheckpoint(base: string, m: BundleMember): { json: string; bin: string } {
  return writeCheckpoint(base, {
    format: 'mmf-hcc/deep-checkpoint@1',
    spec: m.spec,
    settings: m.settings,
    inputHashes: m.inputHashes,
    tfjsVersion: tf.version.tfjs,
    backend: m.backend,
    epoch: m.bestEpoch,
    bestEpoch: m.bestEpoch,
    bestValidC: m.bestValidC,
    history: m.history,
    params: m.snapshot,
    bestParams: m.snapshot,
    optimizer: null,
  });
}

/** Read a member written by `writeMemberCheckpoint` back as the record training gave. @throws HccError `E_IO` / `E_INPUT`. */
export function readMemberCheckpoint(base: string, name: string): BundleMember {
  const ck = readCheckpoint(base);
  return { name, spec: ck.spec as NetworkSpec, snapshot: ck.bestParams, settings: ck.settings, inputHashes: ck.inputHashes, bestEpoch: ck.bestEpoch, bestValidC: ck.bestValidC, history: ck.history, backend: ck.backend };
}

/** Load an ensemble saved by `saveEnsembleBundle` (the tfjs backend must be initialised). @throws HccError `E_IO` / `E_INPUT`. */
export function loadEnsembleBundle(dir: string): LoadedEnsemble {
  let json: EnsembleBundleJson;
  try {
    json = JSON.parse(readFileSync(join(dir, 'ensemble.json'), 'utf8'));
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${join(dir, 'ensemble.json')} (train one with \`mmf train-dl\`)`, { cause });
  }
  if (json.format !== 'mmf-hcc/deep-ensemble@1') throw new HccError('E_INPUT', `${join(dir, 'ensemble.json')} is not a deep ensemble (format ${String(json.format)})`);
  const members = json.members.map((name) => {
    const ck = readCheckpoint(join(dir, `member-${name}`));
    const network = buildNetwork(ck.spec as NetworkSpec, 0);
    restoreParams(network.store, ck.bestParams);
    return { name, network };
  });
  return { stack: json.stack, members, combiners: { os: combinerFromJson(json.combiners.os), pfs: json.combiners.pfs ? combinerFromJson(json.combiners.pfs) : null } };
}
