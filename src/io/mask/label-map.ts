import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import type { Mask, Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';

/** Options for {@link maskFromLabelVolume}. */
export interface LabelMapOptions {
  /** Name of the file (or other origin) used in issue paths and messages. */
  readonly source?: string;
  /**
   * What to do with voxel values that are not in the label table: `'warn'` (default) keeps them and
   * reports an `unknown_label` warning per value; `'error'` reports them as errors; `'zero'` sets
   * them to background with a warning.
   */
  readonly unknownLabels?: 'warn' | 'error' | 'zero';
  /** Largest distance from an integer a stored value may have (float NIfTI label maps), default 1e-3. */
  readonly integerTolerance?: number;
}

/** Counts per label value found while converting a label volume. */
export interface LabelCount {
  readonly value: number;
  readonly name: string | null;
  readonly voxels: number;
}

/** A mask plus what was found in it. */
export interface LabelMapResult {
  readonly mask: Mask;
  /** Non-zero values present, ascending, with voxel counts (`name` null when not in the table). */
  readonly counts: readonly LabelCount[];
}

/**
 * Turn a label volume (e.g. a NIfTI label map read as any voxel type) into a {@link Mask}.
 *
 * Checks, all collected: every voxel is finite, integral within `integerTolerance` (float label maps
 * written by resampling tools are rounded; values such as 1.5 are rejected with `non_integer_label`),
 * and within 0..255 (`out_of_range`); the label table has integer keys 1..255 with non-empty names
 * (`bad_option`); values present but absent from the table give `unknown_label` (see
 * {@link LabelMapOptions.unknownLabels}). Label values listed in the table but absent from the
 * volume are not a problem (an empty tumour mask is valid). Geometry is copied unchanged.
 */
export function maskFromLabelVolume(volume: Volume, labels: Readonly<Record<number, string>>, options: LabelMapOptions = {}): Result<LabelMapResult> {
  const source = options.source ?? 'label map';
  const tol = options.integerTolerance ?? 1e-3;
  const policy = options.unknownLabels ?? 'warn';
  const issues: Issue[] = [];
  const table: Record<number, string> = {};
  for (const [key, name] of Object.entries(labels)) {
    const v = Number(key);
    if (!Number.isInteger(v) || v < 1 || v > 255) issues.push(issueError('bad_option', [source, 'labels', key], `label value ${key} cannot be stored in a mask`, { expected: 'an integer 1..255 (0 is background)', received: key }));
    else if (typeof name !== 'string' || name.trim() === '') issues.push(issueError('bad_option', [source, 'labels', key], `label ${key} has no name`, { expected: 'a non-empty name such as "liver"', received: JSON.stringify(name) }));
    else table[v] = name;
  }

  const src = volume.data;
  const out = new Uint8Array(src.length);
  const counts = new Float64Array(256);
  let nonFinite = 0;
  let nonInteger = 0;
  let outOfRange = 0;
  let firstBad = -1;
  let firstBadValue = 0;
  for (let n = 0; n < src.length; n++) {
    const x = src[n];
    const r = Math.round(x);
    if (r === x && r >= 0 && r <= 255) {
      out[n] = r;
      counts[r]++;
      continue;
    }
    if (!Number.isFinite(x)) nonFinite++;
    else if (Math.abs(x - r) > tol) nonInteger++;
    else if (r < 0 || r > 255) outOfRange++;
    else {
      out[n] = r;
      counts[r]++;
      continue;
    }
    if (firstBad < 0) {
      firstBad = n;
      firstBadValue = x;
    }
  }
  const where = (): (string | number)[] => {
    const [nx, ny] = volume.shape;
    return [source, 'voxel', firstBad % nx, Math.floor(firstBad / nx) % ny, Math.floor(firstBad / (nx * ny))];
  };
  if (nonFinite) issues.push(issueError('non_finite', where(), `${nonFinite} voxel(s) are NaN or infinite`, { expected: 'integer label values 0..255', received: String(firstBadValue) }));
  if (nonInteger) issues.push(issueError('non_integer_label', where(), `${nonInteger} voxel(s) are not integers (interpolated label map?)`, { expected: 'integer label values; resample label maps with nearest neighbour', received: String(firstBadValue) }));
  if (outOfRange) issues.push(issueError('out_of_range', where(), `${outOfRange} voxel(s) lie outside 0..255`, { expected: 'label values 0..255', received: String(firstBadValue) }));

  const found: LabelCount[] = [];
  for (let v = 1; v < 256; v++) {
    if (counts[v] === 0) continue;
    const name = table[v] ?? null;
    found.push({ value: v, name, voxels: counts[v] });
    if (name !== null) continue;
    const known = Object.keys(table).join(', ') || 'none';
    const detail = { expected: `one of the labelled values (${known})`, received: `${v} in ${counts[v]} voxel(s)` };
    if (policy === 'error') issues.push(issueError('unknown_label', [source, 'label', v], `label value ${v} is not in the label table`, detail));
    else if (policy === 'warn') issues.push(issueWarning('unknown_label', [source, 'label', v], `label value ${v} is not in the label table; kept as is`, detail));
    else {
      for (let n = 0; n < out.length; n++) if (out[n] === v) out[n] = 0;
      issues.push(issueWarning('unknown_label', [source, 'label', v], `label value ${v} is not in the label table; set to background`, detail));
    }
  }
  if (issues.some((i) => i.severity === 'error')) return fail(issues);
  const geometry = makeVolume({ data: out, shape: volume.shape, spacing: volume.spacing, origin: volume.origin, direction: volume.direction }, source);
  const mask: Mask = { ...geometry, labels: table };
  return ok({ mask, counts: policy === 'zero' ? found.filter((c) => c.name !== null) : found }, issues);
}

/** Number of voxels equal to `label` (or non-zero when `label` is omitted). */
export function countMaskVoxels(mask: Pick<Mask, 'data'>, label?: number): number {
  let n = 0;
  const d = mask.data;
  if (label === undefined) {
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) n++;
  } else {
    for (let i = 0; i < d.length; i++) if (d[i] === label) n++;
  }
  return n;
}
