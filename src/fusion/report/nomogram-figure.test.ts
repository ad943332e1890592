import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { svgOf, table } from '../../../test/helpers/report-figures.js';
import { log10p1AxisValues, nomogramSpec, nomogramVariableLabel, placeNomogramLabels } from './nomogram-figure.js';

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

describe('nomogram axes: human names, log10(1 + x) axes on the original scale', () => {
  it('names variables by their clinical labels', () => {
    expect(nomogramVariableLabel('log10p1_afp_ng_ml')).toBe('AFP (ng/mL)');
    expect(nomogramVariableLabel('log10p1_nlr')).toBe('NLR');
    expect(nomogramVariableLabel('largest_diameter_cm')).toBe('Largest diameter (cm)');
    expect(nomogramVariableLabel('ensemble_dl_pfs')).toBe('Ensemble-DL score (PFS)');
    expect(nomogramVariableLabel('my_marker')).toBe('my_marker');
    expect(nomogramVariableLabel('my_marker', { my_marker: 'Marker (U/L)' })).toBe('Marker (U/L)');
  });

  it('picks round original-scale values inside the log10(1 + x) range (hand-checked)', () => {
    // u in [0, 6]: x in [0, 999999]; 1-2-5 would give 18 ticks, so powers of 10 (1 left out beside 0)
    expect(log10p1AxisValues(0, 6)).toEqual([0, 10, 100, 1000, 10000, 100000]);
    // u in [0.2, 1.4]: x in [0.585, 24.1]
    expect(log10p1AxisValues(0.2, 1.4)).toEqual([1, 2, 5, 10, 20]);
    // x in [99, 124.9]: only 100 fits, too few to label the axis on the original scale
    expect(log10p1AxisValues(2, 2.1)).toEqual([]);
  });

  const points = table('nomogram_points', ['outcome', 'model', 'variable', 'value', 'beta_x', 'points'], [
    ...[0, 2, 4, 6].map((u) => ['os', 'm', 'log10p1_afp_ng_ml', u, 0.2 * u, (25.7 * u) / 6]),
    ...[0, 10, 20].map((d) => ['os', 'm', 'largest_diameter_cm', d, -0.1 * d, 45 - 2.25 * d]),
    ['os', 'm', 'child_pugh_class', 'A', 0, 0],
    ['os', 'm', 'child_pugh_class', 'B', 0.7, 15.8],
    ...[-1.5, 3].map((v, k) => ['os', 'm', 'ensemble_dl_os', v, v, 100 * k]),
    ...[2, 2.1].map((u, k) => ['os', 'm', 'log10p1_crp_mg_dl', u, u, 5 * k]),
  ]);
  const totals = table('nomogram_totals', ['outcome', 'model', 'total_points', 'lp', 'horizon_months', 'baseline', 'survival'], [0, 100, 200].flatMap((tp) => [12, 24].map((h) => ['os', 'm', tp, tp / 40 - 2, h, 0.8, 0.8 ** Math.exp(tp / 40 - 2)])));

  it('draws AFP as "AFP (ng/mL)" with original values at their points, and keeps the total-points and survival axes', async () => {
    const spec = nomogramSpec([points, totals], 'os', 'm', 'OS') as unknown as { layer: { data: { values: { row: string; x: number; label?: string }[] } }[] };
    const ticks = spec.layer[1].data.values;
    const rows = [...new Set(ticks.map((t) => t.row))];
    expect(rows).toEqual(['Points', 'AFP (ng/mL)', 'Largest diameter (cm)', 'Child-Pugh class', 'Ensemble-DL score (OS)', 'log10(1 + CRP mg/dL)', 'Total points', 'OS at 12 months', 'OS at 24 months']);
    const afp = ticks.filter((t) => t.row === 'AFP (ng/mL)');
    expect(afp.map((t) => t.label)).toEqual(['0', '10', '100', '1,000', '10,000', '100,000']);
    // 100 ng/mL sits at u = log10(101) on a 0–6 axis worth 25.7 points
    expect(afp[2].x).toBeCloseTo((25.7 * Math.log10(101)) / 6, 9);
    // the axis line still spans the table's range (u = 6, 25.7 points)
    const line = (spec.layer[0].data.values as unknown as { row: string; x0: number; x1: number }[]).find((l) => l.row === 'AFP (ng/mL)')!;
    expect([line.x0, line.x1]).toEqual([0, 25.7]);
    const svg = await svgOf(spec as unknown as TopLevelSpec);
    expect(svg).toContain('AFP (ng/mL)');
    expect(svg).not.toContain('log10p1_');
  });
  it('keeps a survival axis whose largest totals underflow to S = 0 (or a smallest at S = 1): placed from the finite rows', () => {
    // the demo's OS nomogram: S(24) at 250 and 300 total points is exp(-843) = 0 in doubles
    const lp = (tp: number) => tp / 25 - 4;
    const s = (h: number, tp: number) => (h === 12 ? 0.8 : 0.65) ** Math.exp(lp(tp));
    const rows = [0, 50, 100, 150, 200, 250, 300].flatMap((tp) => [12, 24].map((h) => ['os', 'm', tp, lp(tp), h, h === 12 ? 0.8 : 0.65, h === 24 && tp >= 250 ? 0 : s(h, tp)]));
    expect(rows.filter((r) => r[6] === 0).length).toBe(2);
    const under = table('nomogram_totals', ['outcome', 'model', 'total_points', 'lp', 'horizon_months', 'baseline', 'survival'], rows);
    const spec = nomogramSpec([points, under], 'os', 'm', 'OS') as unknown as { layer: { data: { values: { row: string; x: number; label?: string; x0?: number; x1?: number }[] } }[] };
    const ticks = spec.layer[1].data.values.filter((t) => t.row === 'OS at 24 months');
    expect(ticks.map((t) => t.label)).toEqual(['0.05', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '0.95']);
    // S = 0.5 at the total where 0.65^exp(lp) = 0.5, on the 0–100 drawing scale (300 totals → 100 points)
    const tp50 = (Math.log(Math.log(0.5) / Math.log(0.65)) + 4) * 25;
    expect(ticks.find((t) => t.label === '0.5')!.x).toBeCloseTo((tp50 * 100) / 300, 9);
    const line = spec.layer[0].data.values.find((l) => l.row === 'OS at 24 months')!;
    expect(line.x1! - line.x0!).toBeGreaterThan(10);
  });
});
