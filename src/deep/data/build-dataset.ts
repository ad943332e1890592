import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import type { Mask, Volume } from '../../core/volume.js';
import type { DeepDataset, DeepOutcome } from '../dataset.js';
import type { StackPlacement, TumourStackSpec, TumourStackSpecInput } from './tumour-stack.js';
import { tumourStack, tumourStackSpecSchema } from './tumour-stack.js';

/** One patient's images and outcome, in memory. */
export interface DeepPatient {
  readonly id: string;
  /** Co-registered phase volumes by name (same grid as the mask). */
  readonly phases: Readonly<Record<string, Volume>>;
  readonly mask: Mask;
  /** OS (time in days, event 0/1); NaN time for an unknown outcome (prediction only). */
  readonly os?: { readonly time: number; readonly event: number };
  readonly pfs?: { readonly time: number; readonly event: number };
  readonly aux?: Readonly<Record<string, number>>;
}

/** A dataset with the placements needed to map outputs back to each patient's CT grid. */
export interface BuiltDeepDataset {
  readonly dataset: DeepDataset;
  readonly placements: readonly StackPlacement[];
  /** Central-slice tumour masks on the stack grid, n × height × width. */
  readonly centreMasks: Uint8Array;
  readonly spec: TumourStackSpec;
  /** Warnings of the crops (e.g. tumour larger than the stack), path prefixed by the patient id. */
  readonly warnings: readonly Issue[];
}

/**
 * Build a `DeepDataset` of tumour-centred 2.5-D stacks (`tumourStack`) for a list of patients, one
 * patient at a time (a patient's volumes can be released by the caller after this returns). Patients
 * without an outcome get time 0 / event 0 (usable for prediction, not for training). PFS is included
 * when every patient has it; aux labels default to −1 (missing).
 */
export function buildDeepDataset(patients: readonly DeepPatient[], specInput: TumourStackSpecInput = {}, onPatient?: (done: number, total: number) => void): BuiltDeepDataset {
  if (patients.length === 0) throw new HccError('E_INPUT', 'buildDeepDataset: no patients');
  return buildDeepDatasetLazy(patients.length, (i) => patients[i], specInput, {
    hasPfs: patients.every((p) => p.pfs),
    auxNames: [...new Set(patients.flatMap((p) => Object.keys(p.aux ?? {})))].sort(),
    onPatient,
  });
}

/** Options of `buildDeepDatasetLazy`. */
export interface LazyBuildOptions {
  /** Whether the PFS outcome is recorded (every patient must then carry `pfs`). */
  readonly hasPfs: boolean;
  readonly auxNames?: readonly string[];
  readonly onPatient?: (done: number, total: number) => void;
}

/**
 * `buildDeepDataset` for patients loaded one at a time by `load(i)` (e.g. from NIfTI files), so only
 * one patient's volumes are in memory at once.
 */
export function buildDeepDatasetLazy(n: number, load: (i: number) => DeepPatient, specInput: TumourStackSpecInput, options: LazyBuildOptions): BuiltDeepDataset {
  const spec = tumourStackSpecSchema.parse(specInput);
  if (n === 0) throw new HccError('E_INPUT', 'buildDeepDataset: no patients');
  const [H, W] = spec.size;
  const C = spec.slices * spec.phases.length;
  const per = H * W * C;
  const images = new Float32Array(n * per);
  const centreMasks = new Uint8Array(n * H * W);
  const placements: StackPlacement[] = [];
  const warnings: Issue[] = [];
  const os: DeepOutcome = { time: new Float64Array(n), event: new Uint8Array(n) };
  const pfs: DeepOutcome | undefined = options.hasPfs ? { time: new Float64Array(n), event: new Uint8Array(n) } : undefined;
  const auxNames = options.auxNames ?? [];
  const aux: Record<string, Int32Array> = Object.fromEntries(auxNames.map((a) => [a, new Int32Array(n).fill(-1)]));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = load(i);
    ids.push(p.id);
    let st;
    try {
      st = tumourStack(p.phases, p.mask, spec);
    } catch (e) {
      if (e instanceof HccError) throw new HccError(e.code, `patient ${p.id}: ${e.message}`, { issues: e.issues.map((is) => ({ ...is, path: [p.id, ...is.path] })), cause: e });
      throw e;
    }
    images.set(st.data, i * per);
    centreMasks.set(st.centreMask, i * H * W);
    placements.push(st.placement);
    for (const w of st.warnings) warnings.push({ ...w, path: [p.id, ...w.path] });
    if (p.os) {
      os.time[i] = p.os.time;
      os.event[i] = p.os.event;
    }
    if (pfs && p.pfs) {
      pfs.time[i] = p.pfs.time;
      pfs.event[i] = p.pfs.event;
    }
    for (const a of auxNames) if (p.aux && a in p.aux) aux[a][i] = p.aux[a];
    options.onPatient?.(i + 1, n);
  }
  const dataset: DeepDataset = { n, height: H, width: W, channels: C, images, os, ...(pfs ? { pfs } : {}), ...(auxNames.length ? { aux } : {}), ids };
  return { dataset, placements, centreMasks, spec, warnings };
}
