import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError } from '../core/issues.js';
import { sha256 } from '../core/provenance.js';

/** Outcome arrays of one endpoint (OS or PFS), time in days. */
export interface DeepOutcome {
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /**
   * Known log-hazard offset per sample (e.g. a clinical model's linear predictor), added to the
   * network's risk inside the Cox loss and the validation C-index, so the network learns the risk
   * beyond it; absent = 0. Never part of the network's score.
   */
  readonly offset?: Float64Array;
}

/**
 * Training / evaluation samples in memory: n tumour-centred stacks [height, width, channels], NHWC
 * row-major (sample, row, column, channel), channels = slices × phases slice-major, intensities already
 * normalised by the preprocessing stage.
 */
export interface DeepDataset {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /**
   * Stacks per sample (default 1): `images` holds n × views blocks, sample i's view v at block
   * i·views + v (view 0 = the central stack). Training draws one view per sample and epoch; prediction
   * averages the views' scores (`tumourStackSpecSchema.views`).
   */
  readonly views?: number;
  readonly images: Float32Array;
  readonly os: DeepOutcome;
  readonly pfs?: DeepOutcome;
  /** Auxiliary class labels per head name, −1 = missing. */
  readonly aux?: Readonly<Record<string, Int32Array>>;
  readonly ids?: readonly string[];
}

/** Problems with a dataset, as issues (all of them, not first-fail). */
export function checkDeepDataset(d: DeepDataset): Issue[] {
  const issues: Issue[] = [];
  const V = d.views ?? 1;
  const per = d.height * d.width * d.channels * V;
  if (d.n < 1) issues.push(issueError('empty_data', ['n'], 'dataset has no samples', { expected: 'n >= 1', received: String(d.n) }));
  if (!(Number.isInteger(V) && V >= 1)) issues.push(issueError('bad_option', ['views'], `views must be a positive integer, got ${V}`, { expected: 'integer >= 1', received: String(V) }));
  if (d.images.length !== d.n * per) issues.push(issueError('bad_option', ['images'], `images has ${d.images.length} values, n × views × H × W × C = ${d.n * per}`, { expected: String(d.n * per), received: String(d.images.length) }));
  for (const [key, o] of [['os', d.os], ['pfs', d.pfs]] as const) {
    if (!o) continue;
    if (o.offset && (o.offset.length !== d.n || !o.offset.every(Number.isFinite))) issues.push(issueError('non_finite', [key, 'offset'], `${key} offset must hold n = ${d.n} finite values`, { expected: `${d.n} finite values`, received: `${o.offset.length} values` }));
    if (o.time.length !== d.n || o.event.length !== d.n) issues.push(issueError('bad_option', [key], `${key} arrays must have length n = ${d.n}`, { expected: String(d.n), received: `${o.time.length}/${o.event.length}` }));
    for (let i = 0; i < Math.min(d.n, o.time.length); i++) {
      if (!(Number.isFinite(o.time[i]) && o.time[i] >= 0)) issues.push(issueError('non_finite', [key, 'time', i], `${key} time of sample ${i} must be a finite non-negative number`, { expected: '>= 0', received: String(o.time[i]) }));
      if (o.event[i] !== 0 && o.event[i] !== 1) issues.push(issueError('bad_event_code', [key, 'event', i], `${key} event of sample ${i} must be 0 or 1`, { expected: '0 or 1', received: String(o.event[i]) }));
    }
  }
  for (let i = 0; i < d.images.length; i++) {
    if (!Number.isFinite(d.images[i])) {
      issues.push(issueError('non_finite', ['images', Math.floor(i / per)], `sample ${Math.floor(i / per)} has a non-finite voxel`, { expected: 'finite intensities', received: String(d.images[i]) }));
      break;
    }
  }
  for (const [name, labels] of Object.entries(d.aux ?? {})) {
    if (labels.length !== d.n) issues.push(issueError('bad_option', ['aux', name], `aux labels "${name}" must have length n = ${d.n}`, { expected: String(d.n), received: String(labels.length) }));
  }
  return issues;
}

/** Throw `E_INPUT` with all issues when the dataset is malformed. */
export function assertDeepDataset(d: DeepDataset, label: string): void {
  const issues = checkDeepDataset(d);
  if (issues.length) throw new HccError('E_INPUT', `${label}: ${issues.length} problem(s) in the dataset`, { issues });
}

/** Content hash of a dataset (images, outcomes, labels) for checkpoints' provenance. */
export function hashDeepDataset(d: DeepDataset): string {
  const parts: Uint8Array[] = [
    new Uint8Array(Int32Array.from(d.views && d.views > 1 ? [d.n, d.height, d.width, d.channels, d.views] : [d.n, d.height, d.width, d.channels]).buffer),
    new Uint8Array(d.images.buffer, d.images.byteOffset, d.images.byteLength),
    new Uint8Array(d.os.time.buffer, d.os.time.byteOffset, d.os.time.byteLength),
    d.os.event,
  ];
  if (d.pfs) parts.push(new Uint8Array(d.pfs.time.buffer, d.pfs.time.byteOffset, d.pfs.time.byteLength), d.pfs.event);
  for (const [tag, o] of [['os.offset', d.os.offset], ['pfs.offset', d.pfs?.offset]] as const) if (o) parts.push(new TextEncoder().encode(tag), new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
  for (const [name, l] of Object.entries(d.aux ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(new TextEncoder().encode(name), new Uint8Array(l.buffer, l.byteOffset, l.byteLength));
  const total = parts.reduce((a, p) => a + p.length, 0);
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return sha256(all);
}

/**
 * Copy samples `rows` (in that order) into one NHWC block: of each sample the view `view` (one number
 * for all, one per row, default 0, the central stack), or with 'all' every view (rows × views blocks,
 * a sample's views together).
 */
export function gatherImages(d: DeepDataset, rows: ArrayLike<number>, view: number | ArrayLike<number> | 'all' = 0): Float32Array {
  const V = d.views ?? 1;
  const per = d.height * d.width * d.channels;
  if (view === 'all') return gatherImages({ ...d, n: d.n * V, views: 1 }, Int32Array.from({ length: rows.length * V }, (_, q) => rows[Math.floor(q / V)] * V + (q % V)));
  const out = new Float32Array(rows.length * per);
  for (let k = 0; k < rows.length; k++) {
    const v = typeof view === 'number' ? view : view[k];
    if (!(v >= 0 && v < V)) throw new HccError('E_INPUT', `gatherImages: view ${v} is outside 0…${V - 1}`);
    const b = rows[k] * V + v;
    out.set(d.images.subarray(b * per, (b + 1) * per), k * per);
  }
  return out;
}

/**
 * One view's share of a views-averaged output: out[at + k] += values[k] / views (with one view, an
 * exact copy), so scoring every view of a block in turn leaves their mean.
 */
export function addViewShare(out: Float32Array, values: ArrayLike<number>, at: number, views: number): void {
  if (views === 1) out.set(values, at);
  else for (let k = 0; k < values.length; k++) out[at + k] += values[k] / views;
}
