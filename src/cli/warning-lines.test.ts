import { describe, expect, it } from 'vitest';
import { formatIssue, issueWarning } from '../core/issues.js';
import { printWarnings, warningLines } from './warning-lines.js';

const empty = (id: string, reason: string) => issueWarning('empty_mask', ['radiomics', id], `patient ${id} has no radiomic features and is not scored by the radiomics model: ${reason}`);
const candidate = (c: string) => issueWarning('missing_column', ['settings', 'candidates', c], `candidate variable "${c}" is not in the cohort and is left out`, { expected: 'a cohort column', received: 'absent' });
const crop = (id: string, n: number) => issueWarning('out_of_range', [id, 'size'], `the tumour spans ${n} × 47 voxels in-plane, more than the stack's 48 × 48; its edges are cut off`);

describe('warningLines (console warnings, grouped)', () => {
  it('prints up to three warnings of a kind whole, as formatIssue writes them, and identical ones once', () => {
    const combat = issueWarning('too_few_rows', ['combat', 'C5'], 'centre C5 has 1 training row(s); its scale cannot be estimated');
    const w = [empty('SYN3', 'the mask has no voxel with label 2'), combat, combat, empty('SYN4', 'the mask has no voxel with label 2')];
    expect(warningLines(w, 'results.json')).toEqual([formatIssue(w[0]), formatIssue(w[3]), formatIssue(combat)]);
    expect(warningLines([], 'x')).toEqual([]);
  });

  it('one line per larger group: code, count, the shared path, the first ids, one example and where the full list is', () => {
    const w = [...['afp', 'crp', 'nlr', 'ecog', 'mvi'].map(candidate), ...Array.from({ length: 40 }, (_, i) => empty(`SYN${100 + i}`, 'the mask has no voxel with label 2'))];
    const lines = warningLines(w, 'out/results/results.json ("warnings")');
    expect(lines).toEqual([
      'warning [missing_column] × 5 at settings.candidates: afp, crp, nlr and 2 more: e.g. candidate variable "afp" is not in the cohort and is left out; expected a cohort column; found absent (all 5 in out/results/results.json ("warnings"))',
      'warning [empty_mask] × 40 at radiomics: SYN100, SYN101, SYN102 and 37 more: e.g. patient SYN100 has no radiomic features and is not scored by the radiomics model: the mask has no voxel with label 2 (all 40 in out/results/results.json ("warnings"))',
    ]);
  });

  it('keeps different reasons with the same code apart, and a lone problem comes before the repeated ones', () => {
    const w = [...Array.from({ length: 6 }, (_, i) => empty(`P${i}`, 'the mask has no voxel with label 2')), empty('P9', 'gzip stream is truncated or corrupt')];
    const lines = warningLines(w, 'f');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(formatIssue(w[6]));
    expect(lines[1]).toMatch(/^warning \[empty_mask\] × 6 at radiomics: P0, P1, P2 and 3 more: /);
  });

  it('names the differing part of paths that share an end (the patient of `<id>.size`)', () => {
    const lines = warningLines([crop('SYN55', 49), crop('SYN97', 54), crop('SYN12', 50), crop('SYN13', 51)], 'f');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning \[out_of_range\] × 4 at \*\.size: SYN55, SYN97, SYN12 and 1 more: e\.g\. the tumour spans 49 × 47/);
  });

  it('groups problems in table cells by column, naming the file, the column and the first rows', () => {
    const required = (r: number, c: string) => issueWarning('missing_value', ['clinical.csv', 'row', r, c], `patient P${r} left out: required variable "${c}" is missing`);
    const lines = warningLines([...[2, 5, 9, 11, 14].map((r) => required(r, 'afp')), ...[3, 4, 8, 10].map((r) => required(r, 'crp')), required(6, 'alb')], 'f');
    expect(lines).toEqual([
      formatIssue(required(6, 'alb')),
      'warning [missing_value] × 5 in column afp of clinical.csv: rows 2, 5, 9 and 2 more: e.g. patient P2 left out: required variable "afp" is missing (all 5 in f)',
      'warning [missing_value] × 4 in column crp of clinical.csv: rows 3, 4, 8 and 1 more: e.g. patient P3 left out: required variable "crp" is missing (all 4 in f)',
    ]);
  });

  it('printWarnings writes one line each to the stream', () => {
    const chunks: string[] = [];
    printWarnings([candidate('a')], 'f', { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream);
    expect(chunks).toEqual([`${formatIssue(candidate('a'))}\n`]);
  });
});
