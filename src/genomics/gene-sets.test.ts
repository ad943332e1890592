import { describe, expect, it } from 'vitest';
import { annotatedGenes, parseGmt, readGmtFile } from './gene-sets.js';

describe('parseGmt (tier a: hand-written GMT)', () => {
  it('takes columns 3.. as members, drops empty fields and repeated members, trims CRLF', () => {
    const text = 'SET_A\tdesc a\tG1\tG2\t\tG1\tG3\t\r\nSET_B\thttp://x\tG3\r\n\r\n';
    const r = parseGmt(text, 'toy.gmt');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sets.map((s) => s.id)).toEqual(['SET_A', 'SET_B']);
    expect(r.value.sets[0].members).toEqual(['G1', 'G2', 'G3']);
    expect(r.value.sets[0].description).toBe('desc a');
    expect(r.value.sets[1].line).toBe(2);
    expect(r.value.diagnostics).toEqual({ setLines: 2, emptyFieldsDropped: 2, duplicateMembersRemoved: 1 });
    expect([...annotatedGenes(r.value)]).toEqual(['G1', 'G2', 'G3']);
  });

  it('keeps names with spaces, commas and slashes (Reactome style)', () => {
    const r = parseGmt('PI3K/AKT Signaling in Cancer, extra\tR-HSA-2219528\tAKT1\tPIK3CA\n');
    expect(r.ok && r.value.sets[0].id).toBe('PI3K/AKT Signaling in Cancer, extra');
  });

  it('collects every malformed line with code bad_gmt and path [file, line, n]', () => {
    const text = ['GOOD\td\tG1', 'no tabs here G1 G2', '\td\tG1', 'GOOD\td\tG2'].join('\n');
    const r = parseGmt(text, 'bad.gmt');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['bad_gmt', ['bad.gmt', 'line', 2]],
      ['bad_gmt', ['bad.gmt', 'line', 3]],
      ['bad_gmt', ['bad.gmt', 'line', 4]],
    ]);
    expect(r.issues[2].message).toContain('line 1');
  });

  it('skips a set without members with an empty_data warning naming the line', () => {
    const r = parseGmt('EMPTY\td\t\t\nFULL\td\tG1\n', 'w.gmt');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sets.map((s) => s.id)).toEqual(['FULL']);
    expect(r.warnings.map((w) => [w.code, w.severity, w.path])).toEqual([['empty_data', 'warning', ['w.gmt', 'line', 1]]]);
  });

  it('rejects a file with no sets (empty_data)', () => {
    const r = parseGmt('\n\n', 'empty.gmt');
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([['empty_data', ['empty.gmt']]]);
  });

  it('readGmtFile throws E_IO for a missing file', () => {
    expect(() => readGmtFile('/nonexistent/x.gmt')).toThrowError(expect.objectContaining({ code: 'E_IO' }));
  });
});
