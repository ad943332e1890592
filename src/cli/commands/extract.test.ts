import { describe, expect, it } from 'vitest';
import { extractionCounts } from './extract.js';

describe('extractionCounts', () => {
  it('splits patients into extracted, reused and without features, adding up to all of them', () => {
    // 5 patients: two new with features, one reused with features, one new failure, one reused failure
    const c = extractionCounts([null, 'grid mismatch', null, null, 'empty mask'], [false, false, true, false, true]);
    expect(c).toEqual({ patients: 5, extracted: 2, reused: 1, failed: 2 });
    expect(c.extracted + c.reused + c.failed).toBe(c.patients);
  });

  it('counts a patient without a progress report as not reused', () => {
    expect(extractionCounts([null, null], [true])).toEqual({ patients: 2, extracted: 1, reused: 1, failed: 0 });
    expect(extractionCounts([], [])).toEqual({ patients: 0, extracted: 0, reused: 0, failed: 0 });
  });
});
