import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import type { GeneSetCollection } from '../gene-sets.js';
import { preRankedGsea } from './gsea.js';
import { parseRankedList } from './ranked-list.js';

// 200 genes g0..g199 with decreasing stats; TOP = the first 20 (strongly up), NULL = every 10th gene
const ids = Array.from({ length: 200 }, (_, i) => `g${i}`);
const stats = Float64Array.from({ length: 200 }, (_, i) => 5 - i * 0.05);
const parsed = parseRankedList(ids, stats);
if (!parsed.ok) throw new Error('ranked list');
const ranked = parsed.value;
const coll = (sets: { id: string; members: string[] }[]): GeneSetCollection => ({
  source: 'toy',
  sets: sets.map((s, i) => ({ ...s, description: '', line: i + 1 })),
  diagnostics: { setLines: sets.length, emptyFieldsDropped: 0, duplicateMembersRemoved: 0 },
});
const TOP = { id: 'TOP', members: ids.slice(0, 20) };
const BOTTOM = { id: 'BOTTOM', members: ids.slice(180) };
const NULL = { id: 'NULL', members: ids.filter((_, i) => i % 10 === 3).slice(0, 19) }; // 19: own null (TOP has 20)
const collection = coll([TOP, NULL, BOTTOM, { id: 'SMALL', members: ids.slice(0, 5) }]);

describe('preRankedGsea (tier c: invariants on a synthetic ranking)', () => {
  const r = preRankedGsea(ranked, collection, { permutations: 500 }, createRng(42));
  const by = new Map(r.sets.map((s) => [s.id, s]));

  it('tests sets within 15..500, ES sign and leading edges follow the construction', () => {
    expect(r.sets.map((s) => s.id)).toEqual(['TOP', 'NULL', 'BOTTOM']);
    expect(r.diagnostics.setsOutsideSizeRange).toBe(1);
    expect(by.get('TOP')!.es).toBe(1);
    expect(by.get('TOP')!.peakRank).toBe(20);
    expect(by.get('TOP')!.leadingEdge).toEqual(ids.slice(0, 20));
    expect(by.get('BOTTOM')!.es).toBe(-1);
    expect(by.get('BOTTOM')!.peakRank).toBe(180);
    expect(by.get('BOTTOM')!.leadingEdge).toEqual(ids.slice(180));
  });

  it('extreme sets get the smallest possible p (+1 correction) and |NES| > 1; the null set does not', () => {
    const top = by.get('TOP')!;
    expect(top.pValue).toBe(1 / (1 + top.nullSameSign));
    expect(top.nes).toBeGreaterThan(1);
    expect(by.get('BOTTOM')!.nes).toBeLessThan(-1);
    expect(by.get('NULL')!.pValue).toBeGreaterThan(0.05);
    expect(Math.abs(by.get('NULL')!.nes)).toBeLessThan(1.5);
  });

  it('is reproducible for a seed and independent of collection order', () => {
    const again = preRankedGsea(ranked, coll([BOTTOM, NULL, TOP]), { permutations: 500 }, createRng(42));
    const byAgain = new Map(again.sets.map((s) => [s.id, s]));
    for (const s of r.sets) expect([byAgain.get(s.id)!.nes, byAgain.get(s.id)!.pValue]).toEqual([s.nes, s.pValue]);
    const other = preRankedGsea(ranked, collection, { permutations: 500 }, createRng(43));
    expect(other.sets[1].nes).not.toBe(r.sets[1].nes);
  });

  it('adaptive permutations extend the null until exceedances or the cap', () => {
    const a = preRankedGsea(ranked, collection, { permutations: 100, adaptive: { minExceedances: 5, maxPermutations: 3200 } }, createRng(1));
    const top = a.sets.find((s) => s.id === 'TOP')!;
    expect(top.permutations).toBe(3200); // never exceeded: runs to the cap
    expect(a.sets.find((s) => s.id === 'NULL')!.permutations).toBe(100); // many exceedances at once
  });

  it('permutations: 0 gives ES only (NaN NES/p) and needs no rng', () => {
    const e = preRankedGsea(ranked, collection, { permutations: 0 });
    expect(Number.isNaN(e.sets[0].nes) && Number.isNaN(e.sets[0].pValue)).toBe(true);
    expect(e.sets[0].es).toBe(1);
  });

  it('error contracts: permutations without rng, bad options (E_OPTION with bad_option paths)', () => {
    expect(() => preRankedGsea(ranked, collection)).toThrowError(expect.objectContaining({ code: 'E_OPTION', issues: [expect.objectContaining({ path: ['rng'] })] }));
    expect(() => preRankedGsea(ranked, collection, { permutations: -1, weightExponent: -2 }, createRng(1))).toThrowError(
      expect.objectContaining({
        code: 'E_OPTION',
        issues: [expect.objectContaining({ code: 'bad_option', path: ['weightExponent'] }), expect.objectContaining({ code: 'bad_option', path: ['permutations'] })],
      }),
    );
  });
});
