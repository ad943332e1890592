import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import type { Table } from '../../src/core/table.js';

/** Repository root (this file lives in test/helpers). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared` beside the checkout (also laid out so in CI). */
export const SHARED = resolve(REPO_ROOT, '..', 'shared');

/** Absolute path of a file under ../shared/reference. Fails loudly if the folder is absent. */
export function sharedReferencePath(rel: string): string {
  const p = resolve(SHARED, 'reference', rel);
  if (!existsSync(p)) throw new Error(`reference file missing: ${p} (tests expect ../shared beside the checkout)`);
  return p;
}

/** Parse a JSON reference file under ../shared/reference. */
export function readSharedJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(sharedReferencePath(rel), 'utf8')) as T;
}

/** Read a CSV reference input under ../shared/reference. */
export function readSharedCsv(rel: string): Table {
  return readCsvFile(sharedReferencePath(rel));
}

/** Path of a project-owned golden case under test/reference. */
export function localReferencePath(rel: string): string {
  return resolve(REPO_ROOT, 'test', 'reference', rel);
}

export function readLocalJson<T = any>(rel: string): T {
  return JSON.parse(readFileSync(localReferencePath(rel), 'utf8')) as T;
}

export interface Tolerance {
  readonly abs?: number;
  readonly rel?: number;
}

/**
 * Assert |actual - expected| <= max(abs, rel·|expected|). `null` expected (R's NA) requires
 * actual to be null/NaN. Names the quantity in the failure message.
 */
export function expectClose(actual: number | null | undefined, expected: number | null, tol: Tolerance, label: string): void {
  if (expected === null) {
    expect(actual === null || actual === undefined || Number.isNaN(actual), `${label}: expected NA, got ${actual}`).toBe(true);
    return;
  }
  expect(typeof actual === 'number' && !Number.isNaN(actual), `${label}: expected ${expected}, got ${actual}`).toBe(true);
  const a = actual as number;
  if (!Number.isFinite(expected)) {
    expect(a, label).toBe(expected);
    return;
  }
  const bound = Math.max(tol.abs ?? 0, (tol.rel ?? 0) * Math.abs(expected));
  const diff = Math.abs(a - expected);
  expect(diff <= bound, `${label}: got ${a}, expected ${expected} (diff ${diff.toExponential(3)} > tol ${bound.toExponential(3)})`).toBe(true);
}

/** Element-wise `expectClose` over arrays of equal length. */
export function expectAllClose(actual: ArrayLike<number | null>, expected: readonly (number | null)[], tol: Tolerance, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i] as number, expected[i], tol, `${label}[${i}]`);
}
