import type { Issue } from '../issues.js';
import { issueError, issueWarning } from '../issues.js';

/** Plausibility limits of one laboratory or clinical value, in the unit named by `unit`. */
export interface PlausibleRange {
  readonly unit: string;
  /** Values below are impossible (error `out_of_range`). */
  readonly min: number;
  /** Values above are impossible (error `out_of_range`). */
  readonly max: number;
  /**
   * A value in [min, max] but below this is what the same quantity looks like in another common
   * unit (e.g. albumin 3.5 "g/L" is 3.5 g/dL): reported as `suspect_unit`.
   */
  readonly suspectBelow?: number;
  /** Severity of the `suspect_unit` issue. */
  readonly suspectSeverity?: 'error' | 'warning';
  /** The unit the suspect value probably is in, for the message. */
  readonly suspectUnit?: string;
}

/**
 * Plausible ranges used by the clinical scores [D]. Albumin below 10 g/L does not occur in a
 * living patient but 2.5–5 is the usual g/dL value, hence an error; bilirubin below 3 µmol/L is
 * rare but possible, while 0.3–2 is the usual mg/dL value, hence a warning.
 */
export const PLAUSIBLE: Readonly<Record<string, PlausibleRange>> = {
  bilirubinUmolPerL: { unit: 'µmol/L', min: 0, max: 1000, suspectBelow: 3, suspectSeverity: 'warning', suspectUnit: 'mg/dL' },
  albuminGPerL: { unit: 'g/L', min: 0, max: 70, suspectBelow: 10, suspectSeverity: 'error', suspectUnit: 'g/dL' },
  inr: { unit: 'ratio', min: 0.5, max: 15 },
  afpNgPerMl: { unit: 'ng/mL', min: 0, max: 1e8 },
  crpMgPerDl: { unit: 'mg/dL', min: 0, max: 100 },
  neutrophils: { unit: '10^9/L', min: 0, max: 200 },
  lymphocytes: { unit: '10^9/L', min: 0, max: 200 },
  platelets: { unit: '10^9/L', min: 0, max: 3000 },
  diameterCm: { unit: 'cm', min: 0, max: 40 },
};

/**
 * Check one numeric value: missing (undefined/null/NaN) → `missing_value`; ±Infinity or outside
 * [min, max] → `out_of_range`; inside but below `suspectBelow` → `suspect_unit`.
 * Returns the issues found (empty when the value is usable).
 */
export function checkValue(value: number | null | undefined, range: PlausibleRange, path: readonly (string | number)[]): Issue[] {
  const name = String(path[path.length - 1] ?? 'value');
  if (value === null || value === undefined || Number.isNaN(value)) {
    return [issueError('missing_value', path, `${name} is missing`, { expected: `a number in ${range.unit}`, received: String(value) })];
  }
  if (!Number.isFinite(value) || value < range.min || value > range.max) {
    return [issueError('out_of_range', path, `${name} = ${value} ${range.unit} is not a possible value`, { expected: `${range.min}–${range.max} ${range.unit}`, received: String(value) })];
  }
  if (range.suspectBelow !== undefined && value < range.suspectBelow) {
    const make = range.suspectSeverity === 'error' ? issueError : issueWarning;
    return [make('suspect_unit', path, `${name} = ${value} looks like a value in ${range.suspectUnit ?? 'another unit'}, not ${range.unit}; convert it first`, { expected: `${range.unit} (≥ ${range.suspectBelow})`, received: String(value) })];
  }
  return [];
}

/** Check that `value` is one of `levels`; `missing_value` or `unknown_level` otherwise. */
export function checkLevel<T extends string | number>(value: T | null | undefined, levels: readonly T[], path: readonly (string | number)[]): Issue[] {
  const name = String(path[path.length - 1] ?? 'value');
  if (value === null || value === undefined) return [issueError('missing_value', path, `${name} is missing`, { expected: levels.join(', ') })];
  if (!levels.includes(value)) return [issueError('unknown_level', path, `${name} = ${String(value)} is not a known level`, { expected: levels.join(', '), received: String(value) })];
  return [];
}
