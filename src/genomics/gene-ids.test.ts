import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../core/table.js';
import { buildIdMapping, resolveGeneIds } from './gene-ids.js';

// tier (a): a hand-made many-to-many table covering each rule of the resolution
const table = tableFromColumns({
  ENSEMBL: ['E1', 'E2', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E7', 'E8'],
  SYMBOL: ['A', 'B', 'C', null, 'D', 'D', 'F', 'G', 'G', 'F'],
});

describe('resolveGeneIds', () => {
  const mapping = buildIdMapping(table, 'ENSEMBL', 'SYMBOL');
  if (!mapping.ok) throw new Error('mapping');

  it('builds distinct non-empty targets per source id', () => {
    expect(mapping.value.targets.get('E2')).toEqual(['B', 'C']);
    expect(mapping.value.targets.get('E3')).toEqual([]);
    expect(mapping.value.targets.get('E7')).toEqual(['G']);
  });

  it('keeps one-target genes; duplicate targets keep the largest |stat|, ties the smallest id; NaN loses', () => {
    const ids = ['E1', 'E2', 'E3', 'E5', 'E4', 'E8', 'E6', 'E7', 'E9'];
    const stats = [1, 5, 5, -3, 3, NaN, 0, 2, 1];
    const r = resolveGeneIds(ids, stats, mapping.value);
    // E2 two targets; E3 none; E9 absent; D: E5 |−3| ties E4 3 -> E4 (smaller id); F: E6 (0) beats E8 (NaN)
    expect(r.sourceIds).toEqual(['E1', 'E4', 'E6', 'E7']);
    expect(r.targetIds).toEqual(['A', 'D', 'F', 'G']);
    expect(Array.from(r.rows)).toEqual([0, 4, 6, 7]);
    expect(r.diagnostics).toEqual({ input: 9, unmapped: 2, multiMapped: 1, duplicateTargetDropped: 2, kept: 4 });
    expect(r.warnings.map((w) => [w.code, w.severity])).toEqual([['ambiguous_id', 'warning']]);
  });

  it('the larger |stat| wins whatever the input order', () => {
    const r = resolveGeneIds(['E5', 'E4'], [-7, 3], mapping.value);
    expect(r.sourceIds).toEqual(['E5']);
  });

  it('warns (empty_data) when nothing maps, e.g. the wrong id type', () => {
    const r = resolveGeneIds(['ENSG0001', 'ENSG0002'], [1, 2], mapping.value);
    expect(r.diagnostics.kept).toBe(0);
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([['empty_data', ['ENSEMBL']]]);
  });

  it('rejects ids and stats of different lengths', () => {
    expect(() => resolveGeneIds(['E1'], [1, 2], mapping.value)).toThrow(RangeError);
  });
});
