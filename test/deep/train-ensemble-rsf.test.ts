// trainEnsemble with the random-survival-forest combiner end to end on a planted signal (a bright disc
// whose intensity sets the hazard): train two tiny members, fit the forest combiner per endpoint,
// save the model folder, reload it and score identically.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensembleMemberScores, harrellConcordance, loadEnsembleBundle, plantedSignalDataset, predictEnsemble, saveEnsembleBundle, trainEnsemble, tumourStackSpecSchema } from '../../src/deep/index.js';
import type { ForestCombinerJson } from '../../src/deep/index.js';

const beta = 4;
const train = plantedSignalDataset({ n: 64, seed: 1, beta });
const valid = plantedSignalDataset({ n: 24, seed: 3, beta });
const test = plantedSignalDataset({ n: 64, seed: 2, beta });
// the planted images have 3 channels: 3 "phases" × 1 slice, no mask channel
const stack = tumourStackSpecSchema.parse({ phases: ['a', 'b', 'c'], slices: 1, size: [32, 32] });
const dir = mkdtempSync(join(tmpdir(), 'deep-ens-rsf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainEnsemble with combiner "rsf" (wasm)', async () => {
  const withPfs = (d: typeof train.data) => ({ ...d, pfs: { time: d.os.time.map((t) => t / 2), event: d.os.event } });
  const trained = await trainEnsemble(withPfs(train.data), withPfs(valid.data), stack, { members: ['cnn25d', 'm3t'], seed: 5, epochs: 3, batchSize: 16, learningRate: 1e-2, widths: [8, 16], headWidth: 16, augment: 'none', combiner: 'rsf' });

  it('fits one forest per endpoint on the members\' training scores with the default options', () => {
    const os = trained.ensemble.os.toJSON() as ForestCombinerJson;
    expect(trained.ensemble.os.kind).toBe('rsf');
    expect(trained.ensemble.pfs?.kind).toBe('rsf');
    expect(os.members).toEqual(['cnn25d', 'm3t']);
    expect(os.options).toEqual({ nTree: 300, minNodeSize: 6, mtry: 2, seed: 5 });
    expect(os.diagnostics.n).toBe(64);
    expect(trained.summary.combinerFittedOn).toBe('training');
    // held-out patients are ranked by the forest's score better than chance
    const preds = predictEnsemble({ members: trained.networks, combiners: trained.ensemble }, withPfs(test.data));
    const { os: risk } = trained.ensemble.apply(ensembleMemberScores(preds.members));
    expect(Array.from(risk)).toEqual(Array.from(preds.os));
    const c = harrellConcordance(test.data.os.time, test.data.os.event, risk).concordance;
    expect(c).toBeGreaterThan(0.6);
  });

  it('saves and reloads the model folder: identical OS and PFS scores on new patients', () => {
    saveEnsembleBundle(dir, stack, trained.members, { os: trained.ensemble.os, pfs: trained.ensemble.pfs });
    const saved = JSON.parse(readFileSync(join(dir, 'ensemble.json'), 'utf8'));
    expect(saved.combiners.os.format).toBe('mmf-hcc/forest-combiner@1');
    expect(saved.combiners.os.forest.trees).toHaveLength(300);
    const before = predictEnsemble({ members: trained.networks, combiners: trained.ensemble }, withPfs(test.data));
    const loaded = loadEnsembleBundle(dir);
    expect(loaded.combiners.os.kind).toBe('rsf');
    const after = predictEnsemble(loaded, withPfs(test.data));
    expect(Array.from(after.os)).toEqual(Array.from(before.os));
    expect(Array.from(after.pfs!)).toEqual(Array.from(before.pfs!));
    expect(Array.from(after.pfs!)).not.toEqual(Array.from(after.os));
  });
});
