import { describe, expect, it } from 'vitest';
import { parseCountMatrixText, parseSampleSheetText, twoGroupCounts } from './count-matrix.js';

const SHEET = 'sample,group\nA1,ctl\nA2,ctl\nB1,trt\nB2,trt\n';

describe('parseCountMatrixText', () => {
  it('reads a CSV into a genes × samples matrix', () => {
    const r = parseCountMatrixText('gene_id,A1,A2,B1,B2\ng1,1,2,3,4\ng2,0,0,5,6\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.nGenes).toBe(2);
    expect(r.value.nSamples).toBe(4);
    expect(r.value.geneIds).toEqual(['g1', 'g2']);
    expect(Array.from(r.value.counts)).toEqual([1, 2, 3, 4, 0, 0, 5, 6]);
  });

  it('reads TSV (tab in the header)', () => {
    const r = parseCountMatrixText('gene\tA1\tA2\ng1\t7\t8\n');
    expect(r.ok && Array.from(r.value.counts)).toEqual([7, 8]);
  });

  it('collects negative, non-integer, non-numeric counts and duplicate genes with gene+sample paths', () => {
    const r = parseCountMatrixText('gene_id,A1,A2\ng1,-1,2.5\ng2,x,3\ng1,1,1\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byCode = (c: string) => r.issues.filter((i) => i.code === c).map((i) => i.path);
    expect(byCode('negative_count')).toEqual([['g1', 'A1']]);
    expect(byCode('non_integer_count')).toEqual([['g1', 'A2']]);
    expect(byCode('not_a_number')).toEqual([['g2', 'A1']]);
    expect(byCode('duplicate_id')).toEqual([['g1']]);
  });

  it('flags missing cells and an empty table', () => {
    const r = parseCountMatrixText('gene_id,A1\ng1,NA\n');
    expect(!r.ok && r.issues[0].code).toBe('missing_value');
    const e = parseCountMatrixText('gene_id,A1\n');
    expect(!e.ok && e.issues[0].code).toBe('empty_data');
  });
});

describe('twoGroupCounts', () => {
  const m = parseCountMatrixText('gene_id,A1,A2,B1,B2\ng1,1,2,3,4\n');
  const sheet = parseSampleSheetText(SHEET);
  it('sets reference = first label in code-point order, alternative = the other', () => {
    if (!m.ok || !sheet.ok) throw new Error('setup');
    const r = twoGroupCounts(m.value, sheet.value);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.reference, r.value.alternative]).toEqual(['ctl', 'trt']);
    expect(Array.from(r.value.group)).toEqual([0, 0, 1, 1]);
  });

  it('reports samples missing from the sheet and from the matrix', () => {
    const mm = parseCountMatrixText('gene_id,A1,A2,B1,Z9\ng1,1,2,3,4\n');
    if (!mm.ok || !sheet.ok) throw new Error('setup');
    const r = twoGroupCounts(mm.value, sheet.value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['missing_sample', ['samples', 'Z9']],
      ['missing_sample', ['counts', 'B2']],
    ]);
  });

  it('requires 2 samples per group', () => {
    const mm = parseCountMatrixText('gene_id,A1,A2,B1\ng1,1,2,3\n');
    const sh = parseSampleSheetText('sample,group\nA1,ctl\nA2,ctl\nB1,trt\n');
    if (!mm.ok || !sh.ok) throw new Error('setup');
    const r = twoGroupCounts(mm.value, sh.value);
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([['too_few_replicates', ['group', 'trt']]]);
  });

  it('rejects an unknown level and a single group', () => {
    if (!m.ok || !sheet.ok) throw new Error('setup');
    const r = twoGroupCounts(m.value, sheet.value, { reference: 'nope' });
    expect(!r.ok && r.issues[0].code).toBe('unknown_level');
    const one = parseSampleSheetText('sample,group\nA1,x\nA2,x\nB1,x\nB2,x\n');
    if (!one.ok) throw new Error('setup');
    const s = twoGroupCounts(m.value, one.value);
    expect(!s.ok && s.issues[0].code).toBe('single_group');
  });

  it('sample sheet: missing column and duplicate sample', () => {
    const a = parseSampleSheetText('id,group\nA1,x\n');
    expect(!a.ok && a.issues.map((i) => [i.code, i.path])).toEqual([['missing_column', ['<samples>', 'sample']]]);
    const b = parseSampleSheetText('sample,group\nA1,x\nA1,y\n');
    expect(!b.ok && b.issues.map((i) => [i.code, i.path])).toEqual([['duplicate_id', ['row', 2, 'sample']]]);
  });
});
