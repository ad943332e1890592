import { describe, expect, it } from 'vitest';
import type { StudyCohort } from '../../io/index.js';
import { cohortDataKey } from './fit-study-models.js';

/** The parts of a cohort the data key reads: the table and the splits. */
function cohort(dir: string, over: Record<string, (string | null)[]> = {}): StudyCohort {
  const cells = new Map<string, (string | null)[]>([
    ['patient_id', ['P1', 'P2']],
    ['age_years', ['61', '70']],
    ['image_arterial', [`${dir}/P1/art.nii.gz`, `${dir}/P2/art.nii.gz`]],
    ['mask_arterial', [`${dir}/P1/seg.nii.gz`, null]],
    ['mask_labels', ['Liver=1;Tumour=2', null]],
    ...Object.entries(over),
  ]);
  return { table: { columns: [...cells.keys()], nRows: 2, cells }, split: ['training', 'external_test'] } as unknown as StudyCohort;
}

describe('cohortDataKey (the data part of every table-based store key)', () => {
  it('does not depend on where the images are: the same cohort in another folder gives the same key', () => {
    expect(cohortDataKey(cohort('/data/a'))).toBe(cohortDataKey(cohort('/elsewhere/b')));
  });

  it('changes with a table value, a split, a mask label map, or an image becoming absent', () => {
    const base = cohortDataKey(cohort('/data/a'));
    expect(cohortDataKey(cohort('/data/a', { age_years: ['61', '71'] }))).not.toBe(base);
    expect(cohortDataKey({ ...cohort('/data/a'), split: ['training', 'training'] } as StudyCohort)).not.toBe(base);
    expect(cohortDataKey(cohort('/data/a', { mask_labels: ['Liver=1;Tumor=2', null] }))).not.toBe(base);
    expect(cohortDataKey(cohort('/data/a', { image_arterial: ['/data/a/P1/art.nii.gz', null] }))).not.toBe(base);
  });
});
