import { describe, expect, it } from 'vitest';
import { forestPlotSpec } from './forest-plot.js';
import { kmPlotSpec } from './km-plot.js';
import { renderSvg } from './render-svg.js';

describe('figures render to SVG', () => {
  it('KM plot has one path per group and censor ticks', async () => {
    const spec = kmPlotSpec(
      [
        { group: 'A', time: [1, 2, 3], surv: [0.9, 0.7, 0.5], censorTimes: [2.5] },
        { group: 'B', time: [1, 4], surv: [0.8, 0.4] },
      ],
      { title: 'Test', band: false },
    );
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Survival probability');
    expect((svg.match(/role-mark line/g) ?? []).length + (svg.match(/mark-line/g) ?? []).length).toBeGreaterThan(0);
  });
  it('forest plot renders labels, and each row\'s estimate and CI as numbers beside it', async () => {
    const svg = await renderSvg(forestPlotSpec([{ label: 'Age >= 65', estimate: 1.2, lower: 0.9, upper: 1.6 }, { label: 'Sex: F', estimate: 0.5, lower: 0.25, upper: 1.04, note: 'n=40' }]));
    expect(svg).toContain('Age &gt;= 65');
    expect(svg).toContain('1.20 (0.90–1.60)');
    expect(svg).toContain('0.50 (0.25–1.04)  n=40');
    expect(svg).toContain('HR (95% CI)');
  });
});

describe('number-at-risk table', () => {
  it('counts those still at risk at each tick (hand-checked)', async () => {
    const { numberAtRisk, riskTableTimes } = await import('./km-plot.js');
    expect(riskTableTimes(1022)).toEqual([0, 250, 500, 750, 1000]);
    // times 1,2,3 with 10, 7, 3 at risk: at t=0 -> 10, t=2 -> 7, t=2.5 -> 3, t=4 -> 0
    expect([0, 2, 2.5, 4].map((t) => numberAtRisk([1, 2, 3], [10, 7, 3], t))).toEqual([10, 7, 3, 0]);
    const svg = await renderSvg(kmPlotSpec([{ group: 'A', time: [1, 2, 3], surv: [0.9, 0.7, 0.5], nRisk: [10, 7, 3] }]));
    expect(svg).toContain('Number at risk');
  });
});
