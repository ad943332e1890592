// Several views per patient (DeepDataset.views): training draws one view per sample and epoch,
// prediction averages the views' scores and features; subsets keep every view.
import { describe, expect, it } from 'vitest';
import type { DeepDataset } from '../../src/deep/index.js';
import { gatherImages, plantedSignalDataset, predictMember, trainMember } from '../../src/deep/index.js';
import { subsetDeepDataset } from '../../src/deep/data/subset.js';

const base = plantedSignalDataset({ n: 48, seed: 1, beta: 4 }).data;
const valid = plantedSignalDataset({ n: 24, seed: 3, beta: 4 }).data;
const per = base.height * base.width * base.channels;

/** A 3-view dataset: view 0 = the sample, view 1 = it mirrored left-right, view 2 = it dimmed by half. */
function threeViews(d: DeepDataset): DeepDataset {
  const images = new Float32Array(d.n * 3 * per);
  for (let i = 0; i < d.n; i++) {
    const src = d.images.subarray(i * per, (i + 1) * per);
    images.set(src, (i * 3) * per);
    for (let y = 0; y < d.height; y++) for (let x = 0; x < d.width; x++) for (let c = 0; c < d.channels; c++) {
      images[(i * 3 + 1) * per + (y * d.width + x) * d.channels + c] = src[(y * d.width + (d.width - 1 - x)) * d.channels + c];
    }
    for (let q = 0; q < per; q++) images[(i * 3 + 2) * per + q] = 0.5 * src[q];
  }
  return { ...d, views: 3, images };
}
const viewOnly = (d: DeepDataset, v: number): DeepDataset => ({ ...d, views: 1, images: gatherImages(d, Array.from({ length: d.n }, (_, i) => i), v) });

const settings = { seed: 5, epochs: 2, batchSize: 16, learningRate: 1e-2, patience: 5, network: { kind: 'cnn25d' as const, widths: [8, 16], headWidth: 16, pfsHead: false } };

describe('views: several stacks per patient', async () => {
  const multi = threeViews(base);
  const run = await trainMember(multi, threeViews(valid), settings);

  it('gatherImages picks the asked view of each row, all views, and rejects a view out of range', () => {
    expect(Array.from(gatherImages(multi, [2], 0))).toEqual(Array.from(base.images.subarray(2 * per, 3 * per)));
    const all = gatherImages(multi, [4, 1], 'all');
    expect(all.length).toBe(6 * per);
    expect(Array.from(all.subarray(3 * per, 4 * per))).toEqual(Array.from(base.images.subarray(per, 2 * per)));
    expect(all[5 * per + 100]).toBeCloseTo(0.5 * base.images[per + 100], 6);
    expect(() => gatherImages(multi, [0], 3)).toThrow(/view 3 is outside 0…2/);
  });

  it('prediction is the mean of the views\' scores and features', () => {
    const p = predictMember(run.network, multi);
    const parts = [0, 1, 2].map((v) => predictMember(run.network, viewOnly(multi, v)));
    for (let i = 0; i < base.n; i++) expect(p.os[i]).toBeCloseTo((parts[0].os[i] + parts[1].os[i] + parts[2].os[i]) / 3, 5);
    for (let q = 0; q < 40; q++) expect(p.features[q]).toBeCloseTo((parts[0].features[q] + parts[1].features[q] + parts[2].features[q]) / 3, 5);
    // The views really differ (otherwise the mean proves nothing).
    expect(Array.from(parts[2].os)).not.toEqual(Array.from(parts[0].os));
  });

  it('training draws the views: seeded and reproducible, and not the same as training on view 0 alone', async () => {
    const again = await trainMember(multi, threeViews(valid), settings);
    expect(Array.from(predictMember(again.network, multi).os)).toEqual(Array.from(predictMember(run.network, multi).os));
    const central = await trainMember(viewOnly(multi, 0), viewOnly(threeViews(valid), 0), settings);
    expect(Array.from(predictMember(central.network, multi).os)).not.toEqual(Array.from(predictMember(run.network, multi).os));
  });

  it('a subset keeps every view of its rows', () => {
    const s = subsetDeepDataset(multi, [3, 0]);
    expect(s.views).toBe(3);
    expect(s.images.length).toBe(2 * 3 * per);
    expect(Array.from(gatherImages(s, [1], 1))).toEqual(Array.from(gatherImages(multi, [0], 1)));
  });

  it('a dataset whose images do not hold n × views blocks is rejected', async () => {
    const err = await trainMember({ ...multi, views: 2 }, null, settings).then(() => null, (e: unknown) => e as { code: string; issues: { message: string }[] });
    expect(err?.code).toBe('E_INPUT');
    expect(err?.issues[0].message).toMatch(/n × views × H × W × C/);
  });
});
