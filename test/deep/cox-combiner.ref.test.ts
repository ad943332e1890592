// coxCombiner vs R survival::coxph (Efron) on standardised member scores; reference written by
// test/deep/reference/cox-combiner/generate.R (input.csv + expected.json, tolerance in the JSON).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/core/table.js';
import { coxCombiner, initDeepEngine, memberScoresFromColumns } from '../../src/deep/index.js';
import type { LinearCombinerJson } from '../../src/deep/index.js';

const here = new URL('./reference/cox-combiner/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', here), 'utf8'));
const table = parseCsvText(readFileSync(new URL('input.csv', here), 'utf8'), 'input.csv');
const col = (name: string) => Float64Array.from(table.cells.get(name)!, Number);

describe('coxCombiner matches R coxph(ties = "efron") on standardised scores (wasm backend)', async () => {
  await initDeepEngine();
  const fit = coxCombiner({ ridge: 0 }).fit(memberScoresFromColumns({ a: col('a'), b: col('b'), noise: col('noise') }), { time: col('time'), event: Uint8Array.from(col('event')) });
  const json = fit.toJSON() as LinearCombinerJson;

  it(`coefficients within ${expected.tolerance.coef_abs} and the log-likelihood within 1e-5 relative`, () => {
    expect(json.diagnostics.n).toBe(expected.n);
    expect(json.diagnostics.events).toBe(expected.events);
    expect(json.diagnostics.converged).toBe(true);
    json.weights.forEach((w, j) => expect(Math.abs(w - expected.coef[j])).toBeLessThanOrEqual(expected.tolerance.coef_abs));
    const loglik = -(json.diagnostics.objective as number) * expected.events;
    expect(Math.abs(loglik - expected.loglik) / Math.abs(expected.loglik)).toBeLessThan(1e-5);
  });
});
