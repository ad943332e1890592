// Radiomics on masks with several labels: with tumourLabel null the region is every non-zero voxel,
// which the study now says (once) instead of silently describing liver and tumour together.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVolume } from '../../src/core/volume.js';
import { extractCohortFeatures, openStudyStore, radiomicsModelSettingsSchema } from '../../src/fusion/index.js';
import { readManifest, readNifti, writeNifti } from '../../src/io/index.js';
import { writeTinyImageCohort } from './tiny-image-cohort.js';

const dir = mkdtempSync(join(tmpdir(), 'radiomics-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { manifest } = writeTinyImageCohort(dir, { perCentre: [4, 2, 2] });
// P001: a second structure (label 2) in one corner of the grid, beside the tumour (label 1).
const m = readNifti(join(dir, 'img', 'P001_mask.nii.gz')).volume;
const data = Uint8Array.from(m.data as ArrayLike<number>);
for (let k = 0; k < 2; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) data[i + 20 * (j + 20 * k)] = 2;
writeNifti(join(dir, 'img', 'P001_mask.nii.gz'), makeVolume({ shape: m.shape, spacing: m.spacing, origin: m.origin, direction: m.direction, data }));

describe('radiomics with multi-label masks', () => {
  const cohort = readManifest(manifest);
  if (!cohort.ok) throw new Error(JSON.stringify(cohort.issues));
  const extraction = { families: ['morphology', 'statistics'], morphology: { autocorrelation: false } };

  it('warns once, naming a patient and its labels, when tumourLabel is null', () => {
    const s = radiomicsModelSettingsSchema.parse({ enabled: true, extraction });
    const f = extractCohortFeatures(cohort.value.table, openStudyStore(join(dir, 'a')), s);
    const w = f.warnings.filter((x) => x.code === 'multiple_labels');
    expect(w).toHaveLength(1);
    expect(w[0].message).toMatch(/1 patient mask\(s\) hold several labels \(e\.g\. P001: 1, 2\)/);
    // the region really included label 2: more voxels than the tumour alone
    const withLabel = extractCohortFeatures(cohort.value.table, openStudyStore(join(dir, 'b')), radiomicsModelSettingsSchema.parse({ enabled: true, extraction, tumourLabel: 1 }));
    const p1 = (x: typeof f) => x.rows.find((r) => r?.patientId === 'P001')!;
    expect(p1(f).tumourVoxels).toBe(p1(withLabel).tumourVoxels + 18);
    expect(withLabel.warnings.filter((x) => x.code === 'multiple_labels')).toHaveLength(0);
  });
});
