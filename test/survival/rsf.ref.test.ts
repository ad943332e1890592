import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import { fitSurvivalForest, parseSurvival } from '../../src/survival/index.js';
import { expectClose, localReferencePath, readLocalJson } from '../helpers/reference.js';

// Oracle tier (b), cross-implementation: R ranger 0.14.1 (generate.R beside expected.json).
// Streams differ, so only the OOB C (tolerance from expected.json) and the leading importance
// variable are compared; the run-to-run spread is stated in expected.json.

interface RangerCase {
  input: string;
  input_sha256: string;
  n: number;
  events: number;
  covariates: string[];
  resolved: { num_trees: number; mtry: number; min_node_size: number; replace: boolean; sample_fraction: number };
  oob_c_ranger: number;
  importance_ranking: string[];
}

const ref = readLocalJson<{ tolerances: { oob_c: { abs: number } }; cases: Record<string, RangerCase> }>('survival/rsf_lung/expected.json');

function load(c: RangerCase) {
  const path = localReferencePath(`survival/rsf_lung/${c.input}`);
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  const table = readCsvFile(path);
  const parsed = parseSurvival(table, { time: 'time', event: 'status', alsoRequire: c.covariates });
  if (!parsed.ok) throw new Error('reference input does not parse');
  const data = parsed.value.data;
  const p = c.covariates.length;
  const x = new Float64Array(data.n * p);
  c.covariates.forEach((name, j) => {
    const col = table.cells.get(name)!;
    for (let i = 0; i < data.n; i++) x[i * p + j] = Number(col[data.rowIndex[i]]);
  });
  return { sha, data, x };
}

describe.each(Object.entries(ref.cases))('random survival forest vs ranger: %s', (name, c) => {
  const { sha, data, x } = load(c);
  const fit = fitSurvivalForest(data, x, c.covariates, {
    nTree: c.resolved.num_trees,
    mtry: c.resolved.mtry,
    minNodeSize: c.resolved.min_node_size,
    replace: c.resolved.replace,
    sampleFraction: c.resolved.sample_fraction,
    importance: 'permutation',
    seed: 1,
  });

  it('reads the same input R used', () => {
    expect(sha).toBe(c.input_sha256);
    expect(data.n).toBe(c.n);
    expect(data.event.reduce((s, v) => s + v, 0)).toBe(c.events);
    expect(fit.diagnostics.nRowsWithoutOob).toBe(0);
  });

  it(`OOB C within ${ref.tolerances.oob_c.abs} of ranger's 1 - prediction.error`, () => {
    expectClose(fit.oob.concordance.concordance, c.oob_c_ranger, { abs: ref.tolerances.oob_c.abs }, `${name} OOB C`);
  });

  it("ranks ranger's leading variable first", () => {
    const imp = fit.importance!;
    expect(imp.nTreesUsed).toBe(c.resolved.num_trees);
    expect(c.covariates[imp.ranking[0]]).toBe(c.importance_ranking[0]);
  });
});

describe('simulated case: the true signal leads by a wide margin', () => {
  it('x1 importance exceeds every noise variable by > 0.1', () => {
    const c = ref.cases.rsf_sim_signal;
    const { data, x } = load(c);
    const fit = fitSurvivalForest(data, x, c.covariates, { nTree: 300, mtry: 3, importance: 'permutation', seed: 7 });
    const imp = fit.importance!.importance;
    expect(c.covariates[fit.importance!.ranking[0]]).toBe('x1');
    for (let j = 1; j < imp.length; j++) expect(imp[0] - imp[j]).toBeGreaterThan(0.1);
  });
});
