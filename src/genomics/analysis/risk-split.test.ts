import { describe, expect, it } from 'vitest';
import { splitByRisk } from './risk-split.js';

describe('splitByRisk (closed form)', () => {
  it('median split over matched samples: high = score > median, ties go to low (R ifelse(x > median(x)))', () => {
    // scores 1, 2, 2, 3, 5 → median 2: only 3 and 5 are high.
    const r = splitByRisk(['a', 'b', 'c', 'd', 'e'], { ids: ['a', 'b', 'c', 'd', 'e'], scores: [1, 2, 2, 3, 5] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.threshold).toBe(2);
    expect(r.value.sheet.groups).toEqual(['low', 'low', 'low', 'high', 'high']);
    expect([r.value.nHigh, r.value.nLow]).toEqual([2, 3]);
  });

  it('risk keyed by patient through the sample sheet; unmatched samples are a warning and left out', () => {
    const samplePatients = new Map([['S1', 'P1'], ['S2', 'P2'], ['S3', 'P3'], ['S4', 'P9']]);
    const r = splitByRisk(['S1', 'S2', 'S3', 'S4'], { ids: ['P1', 'P2', 'P3'], scores: [0.5, -1, 4] }, { samplePatients });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sheet.sampleIds).toEqual(['S1', 'S2', 'S3']);
    expect(r.value.threshold).toBe(0.5);
    expect(r.value.sheet.groups).toEqual(['low', 'low', 'high']);
    expect(r.value.unmatchedSamples).toEqual(['S4']);
    expect(r.warnings.map((w) => w.code)).toEqual(['missing_sample']);
  });

  it('given labels are used as they are', () => {
    const r = splitByRisk(['a', 'b'], { ids: ['b', 'a'], labels: ['high', 'low'] });
    expect(r.ok && r.value.sheet.groups).toEqual(['low', 'high']);
    expect(r.ok && r.value.rule).toBe('labels');
  });

  it('error contracts: duplicate id, non-finite score, bad label, nothing matched, both inputs', () => {
    const dup = splitByRisk(['a'], { ids: ['a', 'a'], scores: [1, 2] });
    expect(!dup.ok && dup.issues.map((i) => [i.code, i.path])).toEqual([['duplicate_id', ['risk', 'a']]]);
    const nan = splitByRisk(['a', 'b'], { ids: ['a', 'b'], scores: [1, NaN] });
    expect(!nan.ok && nan.issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['risk', 'b']]]);
    const lab = splitByRisk(['a'], { ids: ['a'], labels: ['medium'] });
    expect(!lab.ok && lab.issues.map((i) => [i.code, i.path])).toEqual([['unknown_level', ['risk', 'a']]]);
    const none = splitByRisk(['a'], { ids: ['x'], scores: [1] });
    expect(!none.ok && none.issues.map((i) => [i.code, i.path])).toEqual([['missing_sample', ['risk']]]);
    const both = splitByRisk(['a'], { ids: ['a'], scores: [1], labels: ['high'] });
    expect(!both.ok && both.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['risk']]]);
  });
});
