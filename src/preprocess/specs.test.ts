import { describe, expect, it } from 'vitest';
import type { StageSpec } from './specs.js';
import { parsePipeline, parseStageSpec, serializeStageSpec } from './specs.js';

const EXAMPLES: unknown[] = [
  { kind: 'resample', spacingMm: [1, 1, 1], interpolation: 'linear' },
  { kind: 'resample', spacingMm: [0.8, 0.8, 2.5], interpolation: 'bspline', outputType: 'float64' },
  { kind: 'resample-mask', spacingMm: [1, 1, 1] },
  { kind: 'resample-mask', spacingMm: [2, 2, 2], method: 'nearest', threshold: 0.4 },
  { kind: 'window-hu', lowerHu: -100, upperHu: 240 },
  { kind: 'normalise', method: 'z-score', maskLabels: [1, 2] },
  { kind: 'normalise', method: 'min-max', range: [-1, 1] },
  { kind: 'crop-around-mask', labels: [2], marginMm: 10, sizeVoxels: [64, 64, 32], fillValue: -1024 },
  { kind: 'reorient', orientation: 'RAS' },
  { kind: 'stack-phases', phases: ['arterial', 'portal', 'delayed'] },
  { kind: 'augment', flipProbability: [0.5, 0, 0], rotate90: { probability: 0.5 }, contrast: { probability: 1, factorRange: [0.8, 1.2] }, zoom: { probability: 0.3, factorRange: [0.9, 1.1] } },
];

describe('stage specs', () => {
  it('cover every kind', () => {
    const kinds = new Set(EXAMPLES.map((e) => (e as { kind: string }).kind));
    expect([...kinds].sort()).toEqual(['augment', 'crop-around-mask', 'normalise', 'reorient', 'resample', 'resample-mask', 'stack-phases', 'window-hu']);
  });
  for (const e of EXAMPLES) {
    it(`${(e as { kind: string }).kind}: parse(serialize(spec)) deep-equals spec`, () => {
      const r = parseStageSpec(e);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const again = parseStageSpec(JSON.parse(serializeStageSpec(r.value)));
      expect(again.ok && again.value).toEqual(r.value);
      // defaults were applied and the given fields kept
      expect(r.value).toMatchObject(e as object);
    });
  }
  it('applies documented defaults', () => {
    const r = parseStageSpec({ kind: 'resample', spacingMm: [1, 1, 1] });
    expect(r.ok && r.value).toEqual({ kind: 'resample', spacingMm: [1, 1, 1], interpolation: 'linear', outputType: 'float32' });
    const m = parseStageSpec({ kind: 'resample-mask', spacingMm: [1, 1, 1] });
    expect(m.ok && (m.value as Extract<StageSpec, { kind: 'resample-mask' }>).threshold).toBe(0.5);
  });
  it('reports bad fields as bad_option issues with paths, all collected', () => {
    const r = parsePipeline([{ kind: 'resample', spacingMm: [1, -1, 1], interpolation: 'cubic' }, { kind: 'window-hu', lowerHu: 300, upperHu: 100 }, { kind: 'blur' }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.every((i) => i.code === 'bad_option')).toBe(true);
    const paths = r.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('0.spacingMm.1');
    expect(paths).toContain('0.interpolation');
    expect(paths).toContain('1.upperHu');
    expect(paths).toContain('2.kind');
  });
  it('rejects an orientation naming one axis twice', () => {
    expect(parseStageSpec({ kind: 'reorient', orientation: 'LRS' }).ok).toBe(false);
    expect(parseStageSpec({ kind: 'reorient', orientation: 'SLA' }).ok).toBe(true);
  });
});
