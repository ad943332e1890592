import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { Issue } from '../../core/issues.js';
import type { Mask, Volume } from '../../core/volume.js';
import type { DeepDataset, DeepOutcome } from '../dataset.js';
import type { StackPlacement, TumourStackSpec, TumourStackSpecInput } from './tumour-stack.js';
import { channelsPerSlice, tumourStack, tumourStackSpecSchema } from './tumour-stack.js';

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
  /** Patients left out with `skipFailures` (input index, id, what went wrong). */
  readonly skipped: readonly { readonly index: number; readonly id: string; readonly issues: readonly Issue[] }[];
  /** Input index of each dataset row (identity unless patients were skipped). */
  readonly sourceIndex: readonly number[];
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
  /**
   * Skip patients whose images cannot be loaded or cut (unreadable file, empty mask, grid mismatch)
   * instead of stopping: they are left out of the dataset and listed in `skipped` with their issues.
   */
  readonly skipFailures?: boolean;
  /** Patient id of index i, used to name a patient whose `load` failed (default `#i`). */
  readonly idOf?: (i: number) => string;
}

/**
 * `buildDeepDataset` for patients loaded one at a time by `load(i)` (e.g. from NIfTI files), so only
 * one patient's volumes are in memory at once.
 */
export function buildDeepDatasetLazy(n: number, load: (i: number) => DeepPatient, specInput: TumourStackSpecInput, options: LazyBuildOptions): BuiltDeepDataset {
  const spec = tumourStackSpecSchema.parse(specInput);
  if (n === 0) throw new HccError('E_INPUT', 'buildDeepDataset: no patients');
  const [H, W] = spec.size;
  const C = (spec.slices + spec.spreadSlices) * channelsPerSlice(spec);
  const V = spec.views;
  const per = H * W * C * V;
  const images = new Float32Array(n * per);
  const centreMasks = new Uint8Array(n * H * W);
  const placements: StackPlacement[] = [];
  const warnings: Issue[] = [];
  const os: DeepOutcome = { time: new Float64Array(n), event: new Uint8Array(n) };
  const pfs: DeepOutcome | undefined = options.hasPfs ? { time: new Float64Array(n), event: new Uint8Array(n) } : undefined;
  const auxNames = options.auxNames ?? [];
  const aux: Record<string, Int32Array> = Object.fromEntries(auxNames.map((a) => [a, new Int32Array(n).fill(-1)]));
  const ids: string[] = [];
  const skipped: { index: number; id: string; issues: Issue[] }[] = [];
  const sourceIndex: number[] = [];
  let row = 0;
  for (let i = 0; i < n; i++) {
    let p: DeepPatient;
    let st;
    let loadedId: string | undefined;
    try {
      p = load(i);
      loadedId = p.id;
      st = tumourStack(p.phases, p.mask, spec);
    } catch (e) {
      if (!(e instanceof HccError)) throw e;
      const id = loadedId ?? options.idOf?.(i) ?? `#${i}`;
      const issues: Issue[] = e.issues.length ? e.issues.map((is) => ({ ...is, path: [id, ...is.path] })) : [issueError('missing_file', [id], e.message)];
      if (!options.skipFailures) throw new HccError(e.code, `patient ${id}: ${e.message}`, { issues, cause: e });
      skipped.push({ index: i, id, issues });
      options.onPatient?.(i + 1, n);
      continue;
    }
    ids.push(p.id);
    sourceIndex.push(i);
    images.set(st.data, row * per);
    centreMasks.set(st.centreMask, row * H * W);
    placements.push(st.placement);
    for (const w of st.warnings) warnings.push({ ...w, path: [p.id, ...w.path] });
    if (p.os) {
      os.time[row] = p.os.time;
      os.event[row] = p.os.event;
    }
    if (pfs && p.pfs) {
      pfs.time[row] = p.pfs.time;
      pfs.event[row] = p.pfs.event;
    }
    for (const a of auxNames) if (p.aux && a in p.aux) aux[a][row] = p.aux[a];
    row++;
    options.onPatient?.(i + 1, n);
  }
  if (row === 0) throw new HccError('E_INPUT', `buildDeepDataset: none of the ${n} patients could be loaded`, { issues: skipped.flatMap((s) => s.issues) });
  if (row < n) return finish(row);
  return finish(n);

  function finish(m: number): BuiltDeepDataset {
    const cut = <T extends Float32Array | Float64Array | Uint8Array | Int32Array>(a: T, k: number): T => (m === n ? a : (a.slice(0, m * k) as T));
    const osM: DeepOutcome = { time: cut(os.time, 1), event: cut(os.event, 1) };
    const pfsM: DeepOutcome | undefined = pfs ? { time: cut(pfs.time, 1), event: cut(pfs.event, 1) } : undefined;
    const auxM = Object.fromEntries(Object.entries(aux).map(([k, v]) => [k, cut(v, 1)]));
    const dataset: DeepDataset = { n: m, height: H, width: W, channels: C, ...(V > 1 ? { views: V } : {}), images: cut(images, per), os: osM, ...(pfsM ? { pfs: pfsM } : {}), ...(auxNames.length ? { aux: auxM } : {}), ids };
    return { dataset, placements, centreMasks: cut(centreMasks, H * W), spec, warnings, skipped, sourceIndex };
  }
}
