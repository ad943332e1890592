import { describe, expect, it } from 'vitest';
import { issueWarning } from '../../core/issues.js';
import { summariseWarnings } from './warning-summary.js';

describe('summariseWarnings', () => {
  const crop = (i: number) => issueWarning('out_of_range', [`P${i}`], `P${i}: crop cut`);
  it('lists small groups whole and counts large ones with three examples, in order of first appearance', () => {
    const w = [issueWarning('missing_column', ['x'], 'no column x'), ...Array.from({ length: 5 }, (_, i) => crop(i)), issueWarning('missing_column', ['y'], 'no column y')];
    expect(summariseWarnings(w)).toEqual([
      'no column x',
      'no column y',
      '`out_of_range` × 5, e.g. “P0: crop cut”; “P1: crop cut”; “P2: crop cut” (all 5 in results/results.json, `warnings`)',
    ]);
  });
  it('keeps a group of exactly three as it is, and nothing for no warnings', () => {
    expect(summariseWarnings([crop(1), crop(2), crop(3)])).toEqual(['P1: crop cut', 'P2: crop cut', 'P3: crop cut']);
    expect(summariseWarnings([])).toEqual([]);
  });
});
