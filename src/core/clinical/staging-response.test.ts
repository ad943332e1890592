import { describe, expect, it } from 'vitest';
import { bclcStage } from './bclc.js';
import type { BclcInput } from './bclc.js';
import { overallResponse, targetResponse } from './mrecist.js';

const base: BclcInput = { ecog: 0, childPughClass: 'A', macrovascularInvasion: false, extrahepaticSpread: false, tumourCount: 1, largestDiameterCm: 1.5 };
function stage(p: Partial<BclcInput>): string {
  const r = bclcStage({ ...base, ...p });
  if (!r.ok) throw new Error('expected ok');
  return r.value.stage;
}

describe('BCLC 2022 (Reig 2022, J Hepatol; rules of cohort-priors.md §1.5)', () => {
  it('0: single ≤ 2 cm; A: single any size or ≤ 3 nodules ≤ 3 cm; B: beyond A', () => {
    expect(stage({})).toBe('0');
    expect(stage({ largestDiameterCm: 2.1 })).toBe('A');
    expect(stage({ largestDiameterCm: 12 })).toBe('A');
    expect(stage({ tumourCount: 3, largestDiameterCm: 3 })).toBe('A');
    expect(stage({ tumourCount: 3, largestDiameterCm: 3.1 })).toBe('B');
    expect(stage({ tumourCount: 4, largestDiameterCm: 2 })).toBe('B');
  });
  it('C: macrovascular invasion, extrahepatic spread or ECOG 1-2; D: Child-Pugh C or ECOG 3-4 (first match wins)', () => {
    expect(stage({ macrovascularInvasion: true })).toBe('C');
    expect(stage({ extrahepaticSpread: true, tumourCount: 5 })).toBe('C');
    expect(stage({ ecog: 2 })).toBe('C');
    expect(stage({ ecog: 3, macrovascularInvasion: true })).toBe('D');
    expect(stage({ childPughClass: 'C' })).toBe('D');
    expect(stage({ childPughClass: 'B', macrovascularInvasion: true })).toBe('C');
  });
  it('bad inputs are issues with codes and paths', () => {
    const r = bclcStage({ ...base, ecog: 5, tumourCount: 0, childPughClass: 'X' as never });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([['unknown_level', 'childPughClass'], ['out_of_range', 'ecog'], ['out_of_range', 'tumourCount']]);
  });
});

function cat(b: number, n: number, c: number, criteria: 'mRECIST' | 'RECIST1.1' = 'mRECIST'): string {
  const r = targetResponse({ baselineSumMm: b, nadirSumMm: n, currentSumMm: c }, criteria);
  if (!r.ok) throw new Error('expected ok');
  return r.value.category;
}

describe('mRECIST (Lencioni & Llovet 2010, Semin Liver Dis; KJR 2022 Table 11) and RECIST 1.1 (Eisenhauer 2009)', () => {
  it('target lesions: CR = no viable tumour; PR = ≥ 30 % decrease from baseline; PD = ≥ 20 % increase over nadir', () => {
    expect(cat(50, 50, 0)).toBe('CR');
    expect(cat(50, 50, 35)).toBe('PR');
    expect(cat(50, 50, 35.1)).toBe('SD');
    expect(cat(50, 50, 60)).toBe('PD');
    expect(cat(50, 50, 59.9)).toBe('SD');
    // After a response the reference is the nadir: 30 → 36 is +20 % → PD although below baseline.
    expect(cat(50, 30, 36)).toBe('PD');
  });
  it('RECIST 1.1 also needs ≥ 5 mm absolute increase for PD; mRECIST does not', () => {
    expect(cat(20, 20, 24, 'mRECIST')).toBe('PD');
    expect(cat(20, 20, 24, 'RECIST1.1')).toBe('SD');
    expect(cat(20, 20, 25, 'RECIST1.1')).toBe('PD');
  });
  it('overall response table (target × non-target × new lesion)', () => {
    expect(overallResponse('CR', 'CR', false)).toBe('CR');
    expect(overallResponse('CR', 'none', false)).toBe('CR');
    expect(overallResponse('CR', 'non-CR/non-PD', false)).toBe('PR');
    expect(overallResponse('PR', 'non-CR/non-PD', false)).toBe('PR');
    expect(overallResponse('SD', 'CR', false)).toBe('SD');
    expect(overallResponse('PR', 'PD', false)).toBe('PD');
    expect(overallResponse('CR', 'CR', true)).toBe('PD');
  });
  it('no measurable baseline target and nadir above baseline are issues', () => {
    const r = targetResponse({ baselineSumMm: 0, nadirSumMm: 0, currentSumMm: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path[0]])).toEqual([['out_of_range', 'baselineSumMm']]);
    const s = targetResponse({ baselineSumMm: 10, nadirSumMm: 12, currentSumMm: -1 });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.issues.map((i) => [i.code, i.path[0]])).toEqual([['out_of_range', 'currentSumMm']]);
  });
});
