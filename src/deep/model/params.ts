import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { createRng } from '../../core/rng.js';

/** How a parameter is initialised. 'he': N(0, 2/fanIn); 'glorot': N(0, 2/(fanIn+fanOut)); 'normal02': N(0, 0.02²). */
export type ParamInit = 'he' | 'glorot' | 'zeros' | 'ones' | 'normal02';

/** One named parameter tensor; `trainable: false` for batch-norm running statistics. */
export interface ParamEntry {
  readonly name: string;
  readonly variable: tf.Variable;
  readonly trainable: boolean;
}

/**
 * A network's parameters by name, created on first use. Initial values are drawn in JS from a stream
 * forked from the store's seed by the parameter's *name*, so they are identical on every backend and
 * independent of creation order.
 */
export interface ParamStore {
  readonly seed: number;
  readonly entries: Map<string, ParamEntry>;
}

/** A backend-free copy of a store's values (for checkpoints and best-epoch snapshots). */
export interface ParamSnapshot {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly trainable: readonly boolean[];
  readonly values: readonly Float32Array[];
}

/** A new empty store whose initial values derive from `seed`. */
export function createParamStore(seed: number): ParamStore {
  return { seed, entries: new Map() };
}

function initValues(rng: Rng, shape: readonly number[], init: ParamInit): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (init === 'zeros') return out;
  if (init === 'ones') return out.fill(1);
  const fanOut = shape[shape.length - 1] ?? 1;
  const fanIn = shape.length >= 2 ? size / fanOut : size;
  const std = init === 'he' ? Math.sqrt(2 / fanIn) : init === 'glorot' ? Math.sqrt(2 / (fanIn + fanOut)) : 0.02;
  for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
  return out;
}

/** Get the parameter `name`, creating it with `init` on first use. A shape change is an `E_INTERNAL` bug. */
export function param(store: ParamStore, name: string, shape: readonly number[], init: ParamInit, trainable = true): tf.Variable {
  const found = store.entries.get(name);
  if (found) {
    if (found.variable.shape.join() !== shape.join()) throw new HccError('E_INTERNAL', `parameter ${name}: shape ${found.variable.shape} reused as ${shape}`);
    return found.variable;
  }
  const values = initValues(createRng(store.seed).fork(name), shape, init);
  const variable = tf.tidy(() => tf.variable(tf.tensor(values, [...shape], 'float32'), trainable));
  store.entries.set(name, { name, variable, trainable });
  return variable;
}

/** Trainable variables in creation order (the optimizer's variable list). */
export function trainableVariables(store: ParamStore): tf.Variable[] {
  return [...store.entries.values()].filter((e) => e.trainable).map((e) => e.variable);
}

/** Number of trainable scalars. */
export function countTrainable(store: ParamStore): number {
  return trainableVariables(store).reduce((a, v) => a + v.size, 0);
}

/** Copy all values out of the backend. */
export function snapshotParams(store: ParamStore): ParamSnapshot {
  const es = [...store.entries.values()];
  return {
    names: es.map((e) => e.name),
    shapes: es.map((e) => [...e.variable.shape]),
    trainable: es.map((e) => e.trainable),
    values: es.map((e) => e.variable.dataSync().slice() as Float32Array),
  };
}

/** Prefix of parameters owned by the training loss (uncertainty weights), not by the network. */
export const LOSS_PARAM_PREFIX = 'mtl.';

/**
 * Write a snapshot's values into a store with the same parameters (names and shapes). Loss-owned
 * parameters (`mtl.*`) in the snapshot are skipped when the store lacks them (a network rebuilt for
 * inference); every network parameter must be present on both sides.
 */
export function restoreParams(store: ParamStore, snap: ParamSnapshot): void {
  const used = snap.names.filter((name) => store.entries.has(name) || !name.startsWith(LOSS_PARAM_PREFIX));
  if (used.length !== store.entries.size) throw new HccError('E_INPUT', `snapshot has ${used.length} parameters, network has ${store.entries.size}`);
  snap.names.forEach((name, k) => {
    const e = store.entries.get(name);
    if (!e && name.startsWith(LOSS_PARAM_PREFIX)) return;
    if (!e) throw new HccError('E_INPUT', `snapshot parameter ${name} is not in the network`);
    if (e.variable.shape.join() !== snap.shapes[k].join()) throw new HccError('E_INPUT', `parameter ${name}: snapshot shape ${snap.shapes[k]} ≠ network shape ${e.variable.shape}`);
    tf.tidy(() => e.variable.assign(tf.tensor(snap.values[k], [...snap.shapes[k]], 'float32')));
  });
}

/** Free the store's tensors. */
export function disposeParams(store: ParamStore): void {
  for (const e of store.entries.values()) e.variable.dispose();
  store.entries.clear();
}
