import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { svgOf, table } from '../../../test/helpers/report-figures.js';
import { cIndexBarSpec, clipDecisionCurves, decisionCurveSpec, kmRiskGroupFigure, kmYLabel, subgroupForestFigure } from './figures.js';
import { ceilingModels, ROC_PALETTE, rocCurveSpec, rocStyles } from './roc-figure.js';

/** Vertices "x,y" of every line path of the SVG's line marks. */
function lineVertices(svg: string): { x: number; y: number }[][] {
  const paths = [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].flatMap((m) => [...m[1].matchAll(/ d="([^"]+)"/g)].map((d) => d[1]));
  return paths.map((d) => [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((v) => ({ x: Number(v[1]), y: Number(v[2]) })));
}

describe('clipDecisionCurves', () => {
  it('ends a piece at the crossing of the lower bound and records the lowest value below it (hand-computed)', () => {
    const s = [0.3, 0.1, -0.2, -1, null, 0.02].map((nb, k) => ({ strategy: 'a', threshold: 0.1 * (k + 1), nb }));
    const { points, exits } = clipDecisionCurves(s, -0.05);
    // 0.1 → −0.2 between thresholds 0.2 and 0.3 crosses −0.05 half-way: 0.25
    expect(points.map((p) => [p.segment, Number(p.threshold.toFixed(6)), p.nb])).toEqual([
      [1, 0.1, 0.3],
      [1, 0.2, 0.1],
      [1, 0.25, -0.05],
      [2, 0.6, 0.02],
    ]);
    expect(exits).toHaveLength(1);
    expect(exits[0].threshold).toBeCloseTo(0.25, 12);
    expect(exits[0].min).toBe(-1);
  });

  it('a curve starting below the domain re-enters at the crossing; no drawn value is below the bound', () => {
    const { points, exits } = clipDecisionCurves([{ strategy: 'b', threshold: 0, nb: -0.45 }, { strategy: 'b', threshold: 1, nb: 0.05 }], -0.05);
    expect(exits).toEqual([{ strategy: 'b', threshold: 0, min: -0.45 }]);
    expect(points[0].threshold).toBeCloseTo(0.8, 12);
    expect(points.every((p) => p.nb >= -0.05)).toBe(true);
  });
});

describe('decisionCurveSpec', () => {
  // treat all falls to −8.9 (as in the demo's OS external test at 24 months); the model has a missing value
  const th = [0.05, 0.25, 0.45, 0.55, 0.75, 0.95];
  const all = [0.48, 0.34, 0.1, -0.1, -0.98, -8.9];
  const nb = [0.48, 0.42, 0.31, null, 0.05, 0];
  const dc = table('decision_curve', ['outcome', 'model', 'cohort', 'horizon_months', 'threshold', 'net_benefit', 'net_benefit_all'], th.map((t, k) => ['os', 'm', 'external_test', 24, t, nb[k], all[k]]));

  it('draws no clipped plateau: treat all stops where it leaves the axis, and the subtitle gives its lowest value', async () => {
    const spec = decisionCurveSpec([dc], 'os', ['m'], 'external_test', 24) as unknown as { layer: { data: { values: { strategy: string; nb: number }[] } }[]; title: { subtitle: string }; encoding: unknown };
    const lo = -0.05;
    const drawn = spec.layer[0].data.values;
    expect(drawn.every((v) => v.nb >= lo - 1e-12)).toBe(true);
    expect(drawn.filter((v) => v.strategy === 'treat all' && Math.abs(v.nb - lo) < 1e-12)).toHaveLength(1);
    expect(spec.title.subtitle).toContain('treat all from threshold 0.53');
    expect(spec.title.subtitle).toContain('−8.9');
    // in the SVG, no line has more than one vertex on the axis' bottom edge (the old clamp put 3 there)
    const svg = await svgOf(spec as unknown as TopLevelSpec);
    const lines = lineVertices(svg);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.every((v) => v.y <= 240 + 1e-6)).toBe(true);
      expect(l.filter((v) => Math.abs(v.y - 240) < 0.5).length).toBeLessThanOrEqual(1);
    }
    expect(svg).toContain('Below −0.05');
  });

  it('breaks the model curve at a missing net benefit instead of bridging it', () => {
    const spec = decisionCurveSpec([dc], 'os', ['m'], 'external_test', 24) as unknown as { layer: { data: { values: { strategy: string; segment: number; threshold: number }[] } }[] };
    const m = spec.layer[0].data.values.filter((v) => v.strategy === 'm');
    expect(new Set(m.map((v) => v.segment))).toEqual(new Set([1, 2]));
    expect(m.filter((v) => v.segment === 1).map((v) => v.threshold)).toEqual([0.05, 0.25, 0.45]);
  });
});

describe('cIndexBarSpec', () => {
  const disc = table('discrimination', ['outcome', 'model', 'cohort', 'c_index', 'ci_lower', 'ci_upper'], [
    ['os', 'clinical', 'external_test', 0.708, 0.558, 0.858],
    ['os', 'mrecist', 'external_test', 0.424, 0.214, 0.633],
  ]);

  it('draws points with CI rules (no bars) on an axis that holds every interval', async () => {
    const spec = cIndexBarSpec([disc], 'os') as unknown as { spec: { width: number; layer: { mark: { type: string; clip?: boolean }; encoding: { x: { scale: { domain: number[] } } } }[] } };
    expect(spec.spec.layer.map((l) => l.mark.type)).not.toContain('bar');
    expect(spec.spec.layer.map((l) => l.mark.type)).toContain('point');
    expect(spec.spec.layer[1].encoding.x.scale.domain).toEqual([0.2, 1]);
    const svg = await svgOf(spec as unknown as TopLevelSpec);
    // every CI rule lies inside the panel (0 … 180 px): none runs into the labels left of the axis
    const rules = [...svg.matchAll(/<g class="mark-rule role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].flatMap((m) => [...m[1].matchAll(/<line [^>]*?transform="translate\(([-\d.e]+),[-\d.e]+\)" x2="([-\d.e]+)"/g)]);
    expect(rules.length).toBeGreaterThanOrEqual(3); // the 0.5 reference and both CIs
    for (const r of rules) {
      const x0 = Number(r[1]);
      const x1 = x0 + Number(r[2]);
      expect(Math.min(x0, x1)).toBeGreaterThanOrEqual(0);
      expect(Math.max(x0, x1)).toBeLessThanOrEqual(180);
    }
  });
});

/** CIE76 colour difference of two "#rrggbb" colours (sRGB, D65). */
function deltaE(a: string, b: string): number {
  const lab = (h: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const X = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047);
    const Y = f(0.2126 * r + 0.7152 * g + 0.0722 * bl);
    const Z = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
    return [116 * Y - 16, 500 * (X - Y), 200 * (Y - Z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

describe('ROC figure styles', () => {
  const models = ['clinical', 'score-albi', 'score-crafity', 'score-bclc', 'score-child-pugh', 'radiomics', 'mrecist', 'imaging', 'mmf-cox', 'mmf-rsf', 'oracle', 'oracle-imaging'];

  it('gives the 12 study models and the chance line clearly different colours (ΔE ≥ 25)', () => {
    const { domain, colours } = rocStyles(models);
    expect(domain).toEqual([...models, 'chance']);
    for (let i = 0; i < colours.length; i++) for (let j = i + 1; j < colours.length; j++) expect(deltaE(colours[i], colours[j]), `${domain[i]} vs ${domain[j]}`).toBeGreaterThanOrEqual(25);
    expect(ROC_PALETTE.length).toBeGreaterThanOrEqual(models.length);
  });

  it('dashes the oracle rows only, and draws MMF then the clinical benchmark last', () => {
    const fams = table('models', ['outcome', 'model', 'label', 'family'], models.map((m) => ['os', m, m, m.startsWith('oracle') ? 'ceiling' : 'clinical']));
    const ceilings = ceilingModels([fams], 'os');
    expect([...ceilings]).toEqual(['oracle', 'oracle-imaging']);
    const { dashes } = rocStyles(models, ceilings);
    models.forEach((m, k) => expect(dashes[k][1] > 0, m).toBe(m.startsWith('oracle')));
    const roc = table('roc_curves', ['outcome', 'model', 'cohort', 'horizon_months', 'point', 'fpr', 'tpr'], models.flatMap((m) => [['os', m, 'external_test', 12, 0, 0, 0], ['os', m, 'external_test', 12, 1, 1, 1]]));
    const spec = rocCurveSpec([roc, fams], 'os', models, 'external_test', [12]) as unknown as { spec: { layer: { transform: { filter: { oneOf: string[] } }[]; mark: { strokeWidth: number } }[] } };
    const layers = spec.spec.layer;
    expect(layers.slice(-3).map((l) => l.transform[0].filter.oneOf)).toEqual([['mmf-cox'], ['mmf-rsf'], ['clinical']]);
    // each drawn over a thicker one, so coinciding curves all stay visible
    const w = layers.slice(-3).map((l) => l.mark.strokeWidth);
    expect(w[0]).toBeGreaterThan(w[1]);
    expect(w[1]).toBeGreaterThan(w[2]);
  });
});

describe('kmRiskGroupFigure', () => {
  it('labels the y-axis by outcome: progression-free probability for PFS', () => {
    expect(kmYLabel('pfs')).toBe('Progression-free probability');
    expect(kmYLabel('os')).toBe('Survival probability');
    const km = table('km_curves', ['outcome', 'model', 'cohort', 'group', 'time_months', 'surv', 'n_risk', 'n_censor'], [
      ['pfs', 'mmf-cox', 'training', 'low', 2, 0.9, 10, 0],
      ['pfs', 'mmf-cox', 'training', 'high', 1, 0.8, 10, 1],
    ]);
    const f = kmRiskGroupFigure([km], 'pfs', 'mmf-cox', 'training');
    expect(f?.kind).toBe('km');
    if (f?.kind === 'km') expect(f.options.yLabel).toBe('Progression-free probability');
  });
});

describe('subgroup forest figure', () => {
  const cols = ['outcome', 'model', 'cohort', 'variable', 'level', 'n', 'events', 'hr', 'hr_lower', 'hr_upper', 'p', 'reason'];
  const t = [
    table('subgroups', cols, [
      ['os', 'mmf-cox', 'external_test', null, null, 20, 10, 3, 1.2, 7.5, 0.02, null],
      ['os', 'mmf-cox', 'external_test', 'sex', 'F', 5, 0, null, null, null, null, 'not estimable: no events among the 5 patients'],
      ['os', 'mmf-cox', 'external_test', 'sex', 'M', 15, 10, 2.8, 1.1, 7.1, 0.03, null],
      ['os', 'mmf-cox', 'external_test', 'centre', 'C1', 0, 0, null, null, null, null, 'not estimable: no patients at this level in this cohort'],
    ]),
  ];
  it('shows a level it cannot estimate with the reason and leaves out levels without patients', () => {
    const f = subgroupForestFigure(t, 'os', 'mmf-cox', 'external_test');
    if (f === null || f.kind !== 'forest') throw new Error('expected a forest request');
    expect(f.rows.map((r) => r.label)).toEqual(['Overall (n=20)', 'sex: F (5)', 'sex: M (15)']);
    expect(f.rows[1]).toMatchObject({ estimate: null, note: 'no events among the 5 patients' });
    expect(f.rows[2]).toMatchObject({ estimate: 2.8, lower: 1.1, upper: 7.1 });
  });
});

describe('figures name models by their labels', () => {
  const disc = table('discrimination', ['outcome', 'model', 'label', 'cohort', 'n', 'events', 'c_index', 'se', 'ci_lower', 'ci_upper'], [
    ['os', 'clinical', 'Clinical benchmark', 'external_test', 20, 10, 0.7, 0.05, 0.6, 0.8],
    ['os', 'mmf-cox', 'MMF (Cox)', 'external_test', 20, 10, 0.72, 0.05, 0.62, 0.82],
  ]);
  it('the C-index axis shows "MMF (Cox)" and "Clinical benchmark", not the ids', async () => {
    const spec = cIndexBarSpec([disc], 'os')!;
    const svg = await svgOf(spec);
    expect(svg).toContain('MMF (Cox)');
    expect(svg).toContain('Clinical benchmark');
    expect(svg).not.toMatch(/>mmf-cox</);
  });
});
