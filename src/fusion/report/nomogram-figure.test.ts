import { describe, expect, it } from 'vitest';
import { placeNomogramLabels } from './nomogram-figure.js';

describe('placeNomogramLabels', () => {
  // 5.2 px per point; labels are estimated at 0.58 × 9 px per character
  const px = 5.2;
  it('names every level of a factor: a label that would overlap the one before goes below the line', () => {
    const ticks = [
      { row: 'regimen', x: 0, label: 'PD-(L)1+bevacizumab' },
      { row: 'regimen', x: 2, label: 'PD-1+TKI' },
      { row: 'regimen', x: 20, label: 'ICI-mono/other' },
    ];
    const got = placeNomogramLabels(ticks, ['regimen'], new Set(['regimen']), px);
    expect(got.map((l) => [l.label, l.below])).toEqual([['PD-(L)1+bevacizumab', false], ['PD-1+TKI', true], ['ICI-mono/other', false]]);
  });

  it('labels a numeric axis regularly: every k-th tick, the smallest k at which none overlaps', () => {
    // ticks every 2 points (10.4 px apart): 1-character labels fit all; 2-character ones every second
    const small = [0, 2, 4, 6, 8].map((x) => ({ row: 'd', x, label: String(x) }));
    expect(placeNomogramLabels(small, ['d'], new Set(), px).map((l) => l.label)).toEqual(['0', '2', '4', '6', '8']);
    const wide = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((x) => ({ row: 'd', x, label: String(x) }));
    const got = placeNomogramLabels(wide, ['d'], new Set(), px);
    expect(got.map((l) => l.label)).toEqual(['0', '4', '8', '12', '16', '20']);
    expect(got.every((l) => !l.below)).toBe(true);
  });

  it('no two labels drawn on the same side of an axis overlap', () => {
    const ticks = Array.from({ length: 12 }, (_, i) => ({ row: 'f', x: i * 1.5, label: `level-${'x'.repeat(i % 4)}${i}` }));
    const got = placeNomogramLabels(ticks, ['f'], new Set(['f']), px);
    for (const side of [false, true]) {
      const s = got.filter((l) => l.below === side).sort((a, b) => a.x - b.x);
      for (let k = 1; k < s.length; k++) expect((s[k].x - s[k - 1].x) * px).toBeGreaterThanOrEqual((s[k].label.length + s[k - 1].label.length) * 0.58 * 9 / 2);
    }
  });
});
