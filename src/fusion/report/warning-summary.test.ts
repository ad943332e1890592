import { describe, expect, it } from 'vitest';
import { issueWarning } from '../../core/issues.js';
import { summariseNotes, summariseWarnings, warningKind } from './warning-summary.js';

describe('summariseWarnings', () => {
  const crop = (i: number) => issueWarning('out_of_range', [`P${i}`], `labels + margin span [${20 + i}, 17, 14] voxels, more than the crop size [48, 48, 3]; the edges of the region are cut off`);
  const overlap = (i: number) => issueWarning('inferred_value', [`P${i}`], `patient SYN0000${i}, arterial mask /tmp/run/cohort/images/SYN0000${i}/mask-rtstruct.dcm: ${100 * i + 37} voxel(s) lie in more than one ROI; the higher label was kept`);

  it('lists small groups whole and first, then one line per large group with a count and shortened examples', () => {
    const w = [...Array.from({ length: 160 }, (_, i) => crop(i)), issueWarning('missing_column', ['x'], 'no column x'), ...Array.from({ length: 32 }, (_, i) => overlap(i)), issueWarning('out_of_range', ['age'], 'age 190 is above 120')];
    const s = summariseWarnings(w);
    expect(s).toHaveLength(4);
    // The real problems are not buried under the 192 repeated ones: a different out_of_range message keeps its own line.
    expect(s.slice(0, 2)).toEqual(['no column x', 'age 190 is above 120']);
    expect(s[2]).toBe('`out_of_range` × 160 of one kind, e.g. “labels + margin span [20, 17, 14] voxels, more than the crop size [48, 48, 3]; the edges of the region are cut off”; “labels + margin span [21, 17, 14] voxels, more than the crop size [48, 48, 3]; the edges of the region are cut off” (all 160 in results/results.json, `warnings`)');
    // Paths are shortened to their last part in the examples.
    expect(s[3]).toMatch(/^`inferred_value` × 32 of one kind, e\.g\. “patient SYN00000, arterial mask …\/mask-rtstruct\.dcm: 37 voxel\(s\) lie/);
    expect(s[3]).not.toContain('/tmp/run');
  });

  it('keeps a group of exactly three as it is, and nothing for no warnings', () => {
    expect(summariseWarnings([crop(1), crop(2), crop(3)])).toHaveLength(3);
    expect(summariseWarnings([])).toEqual([]);
  });

  it('treats messages differing only in numbers, ids and paths as one kind', () => {
    expect(warningKind(overlap(1).message)).toBe(warningKind(overlap(7).message));
    expect(warningKind(crop(1).message)).not.toBe(warningKind('age 190 is above 120'));
  });
});

describe('summariseNotes', () => {
  it('merges the per-cohort repeats of one metric and keeps other notes in order', () => {
    const notes = [
      'os: score-bclc training risk groups: not computed (all 112 patients are in the low-risk group)',
      'os: score-bclc internal_validation risk groups: not computed (all 28 patients are in the low-risk group)',
      'a different note',
      'os: score-bclc external_test risk groups: not computed (all 20 patients are in the low-risk group)',
      'os: mrecist external_test risk groups: not computed (no patient scores above the cut-off)',
    ];
    expect(summariseNotes(notes)).toEqual([
      'os: score-bclc risk groups (training, internal validation, external test): not computed (training: all 112 patients are in the low-risk group)',
      'a different note',
      'os: mrecist external test risk groups: not computed (no patient scores above the cut-off)',
    ]);
  });
});
