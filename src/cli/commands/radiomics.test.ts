import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { sharedReferencePath } from '../../../test/helpers/reference.js';

const image = sharedReferencePath('ibsi/ibsi1/digital_phantom/phantom.nii.gz');
const mask = sharedReferencePath('ibsi/ibsi1/digital_phantom/mask.nii.gz');

describe('mmf radiomics (in-process CLI, IBSI digital phantom)', () => {
  it('prints feature ids, IBSI codes and values; JSON carries settings and diagnostics', async () => {
    const text = await runCli(['radiomics', image, mask, '--config', 'phantom', '--families', 'morphology,statistics']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/original\.morphology\.vol\s+RNU0\s+556\.3/);
    expect(text.out).toContain('74 ROI voxels');
    const json = await runCli(['radiomics', image, mask, '--config', 'phantom', '--families', 'statistics', '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(r.features.find((f: { id: string }) => f.id === 'original.statistics.mean').value).toBeCloseTo(159 / 74, 12);
    expect(r.settings.discretisation).toEqual({ method: 'fixed_bin_size', binWidth: 1, convention: 'ibsi' });
    expect(r.diagnostics.roi.resegmented.intensityMaskVoxels).toBe(74);
  });
  it('bad options exit with status 2 and name the flag', async () => {
    const bad = await runCli(['radiomics', image, mask, '--config', 'Z']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--config');
    const none = await runCli(['radiomics', image, mask]);
    expect(none.code).toBe(2);
    const fam = await runCli(['radiomics', image, mask, '--config', 'A', '--families', 'shape']);
    expect(fam.code).toBe(2);
    expect(fam.err).toContain('families');
  });
});
