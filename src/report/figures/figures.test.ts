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

describe('KM plot layout and labels', () => {
  const curves = [
    { group: 'high risk', time: [1, 2, 3], surv: [0.9, 0.7, 0.5], nRisk: [15, 9, 3] },
    { group: 'low risk', time: [1, 4], surv: [0.95, 0.8], nRisk: [13, 8] },
  ];

  it('titles the y-axis with the given label (PFS), "Survival probability" by default', async () => {
    const pfs = await renderSvg(kmPlotSpec(curves, { yLabel: 'Progression-free probability' }));
    expect(pfs).toContain('Progression-free probability');
    expect(pfs).not.toContain('Survival probability');
    expect(await renderSvg(kmPlotSpec(curves))).toContain('Survival probability');
  });

  it('draws no frame around the number-at-risk table (its left edge ran through the numbers at time 0)', async () => {
    const svg = await renderSvg(kmPlotSpec(curves));
    const frameOf = (group: string) => new RegExp(`class="mark-group role-scope ${group}"[^>]*><g[^>]*><path class="background"([^>]*)>`).exec(svg)?.[1];
    // the plot keeps its frame (so the check can see one), the table has none
    expect(frameOf('concat_0_group')).toMatch(/stroke="/);
    expect(frameOf('concat_1_group')).toBeDefined();
    expect(frameOf('concat_1_group')).not.toMatch(/stroke="/);
    expect(svg).toMatch(/>15<\/text>/);
  });
});

describe('forest plot rows that are not estimable', () => {
  it('keep their line with the reason as text and no mark, and both panels keep the rows in order', async () => {
    const rows = [
      { label: 'Overall (n=20)', estimate: 2.5, lower: 1.2, upper: 5.1 },
      { label: 'sex: F (5)', estimate: null, lower: null, upper: null, note: 'no events among the 5 patients' },
      { label: 'sex: M (15)', estimate: 3.1, lower: 1.1, upper: 8.7 },
    ];
    const spec = forestPlotSpec(rows) as unknown as { hconcat: { layer?: { data?: { values: unknown[] }; encoding?: { y?: { scale?: { domain: string[] } } } }[]; encoding?: { y?: { scale?: { domain: string[] } } } }[] };
    const plot = spec.hconcat[0].layer!;
    expect(plot[0].data!.values).toHaveLength(2); // CI rules of the two estimable rows only
    expect(plot[1].data!.values).toHaveLength(2);
    expect(plot[0].encoding!.y!.scale!.domain).toEqual(rows.map((r) => r.label));
    expect(spec.hconcat[1].encoding!.y!.scale!.domain).toEqual(rows.map((r) => r.label));
    const svg = await renderSvg(forestPlotSpec(rows));
    expect(svg).toContain('not estimable: no events among the 5 patients');
    expect(svg).toContain('sex: F (5)');
    expect(svg).toContain('3.10 (1.10–8.70)');
  });
});
