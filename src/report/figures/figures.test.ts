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
  it('forest plot renders labels', async () => {
    const svg = await renderSvg(forestPlotSpec([{ label: 'Age >= 65', estimate: 1.2, lower: 0.9, upper: 1.6 }]));
    expect(svg).toContain('Age &gt;= 65');
  });
});
