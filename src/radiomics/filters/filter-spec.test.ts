import { describe, expect, it } from 'vitest';
import { IDENTITY3 } from '../../core/geometry.js';
import { HccError } from '../../core/errors.js';
import { applyFilter } from './apply-filter.js';
import type { FilterSpecInput } from './filter-spec.js';
import { parseFilterSpec } from './filter-spec.js';

const EXAMPLES: readonly FilterSpecInput[] = [
  { kind: 'mean', supportVoxels: 5, dimensions: '3d', padding: 'mirror' },
  { kind: 'log', sigmaMm: 1.5, dimensions: '2d', padding: 'nearest' },
  { kind: 'laws', kernel: 'L5E5E5', dimensions: '3d', padding: 'mirror', rotationInvariant: true, energyDistance: 7 },
  { kind: 'gabor', sigmaMm: 5, lambdaMm: 2, gamma: 1.5, rotationInvariant: true, thetaStepRad: Math.PI / 8, planes: 'orthogonal', padding: 'mirror' },
  { kind: 'wavelet', family: 'db3', subband: 'HHH', level: 2, dimensions: '3d', padding: 'periodic', rotationInvariant: true },
  { kind: 'simoncelli', level: 2, dimensions: '3d', padding: 'periodic' },
  { kind: 'riesz', order: [1, 0, 0], band: { kind: 'log', sigmaMm: 3 }, dimensions: '3d', padding: 'zero' },
  { kind: 'riesz', order: [0, 2], band: { kind: 'simoncelli', level: 1 }, dimensions: '2d', padding: 'mirror', grid: 'dft' },
];

describe('FilterSpecSchema', () => {
  for (const spec of EXAMPLES) {
    it(`${spec.kind}: parse(serialize(parse(spec))) deep-equals parse(spec), defaults filled`, () => {
      const a = parseFilterSpec(spec);
      expect(a.ok).toBe(true);
      if (!a.ok) return;
      const b = parseFilterSpec(JSON.parse(JSON.stringify(a.value)));
      expect(b).toEqual(a);
    });
  }

  it('fills documented defaults', () => {
    const r = parseFilterSpec({ kind: 'log', sigmaMm: 3, dimensions: '3d', padding: 'zero' });
    expect(r.ok && r.value).toEqual({ kind: 'log', sigmaMm: 3, truncation: 4, dimensions: '3d', padding: 'zero' });
    const w = parseFilterSpec({ kind: 'wavelet', family: 'haar', subband: 'LLH', dimensions: '3d', padding: 'zero' });
    expect(w.ok && w.value).toMatchObject({ level: 1, rotationInvariant: false });
  });

  it('reports every problem as a bad_option issue with its path', () => {
    const r = parseFilterSpec({ kind: 'mean', supportVoxels: 4, dimensions: '4d', padding: 'reflect' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['filter.dimensions', 'filter.padding', 'filter.supportVoxels']);
    expect(r.issues.every((i) => i.code === 'bad_option' && i.severity === 'error')).toBe(true);
  });

  it('checks kernel/sub-band length against dimensions and the Gabor angular step', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'laws', kernel: 'L5S5', dimensions: '3d', padding: 'zero' }, 'filter.kernel'],
      [{ kind: 'wavelet', family: 'coif1', subband: 'LHL', dimensions: '2d', padding: 'zero' }, 'filter.subband'],
      [{ kind: 'gabor', sigmaMm: 1, lambdaMm: 1, gamma: 1, rotationInvariant: true, padding: 'zero' }, 'filter.thetaStepRad'],
      [{ kind: 'wavelet', family: 'sym4', subband: 'LH', dimensions: '2d', padding: 'zero' }, 'filter.family'],
      [{ kind: 'median', padding: 'zero' }, 'filter.kind'],
      [{ kind: 'riesz', order: [1, 0], band: { kind: 'log', sigmaMm: 3 }, dimensions: '3d', padding: 'zero' }, 'filter.order'],
      [{ kind: 'riesz', order: [0, 0, 0], band: { kind: 'log', sigmaMm: 3 }, dimensions: '3d', padding: 'zero' }, 'filter.order'],
      [{ kind: 'riesz', order: [1, 0, 0], band: { kind: 'gabor' }, dimensions: '3d', padding: 'zero' }, 'filter.band.kind'],
      [{ kind: 'simoncelli', level: 0, dimensions: '3d', padding: 'zero' }, 'filter.level'],
    ];
    for (const [raw, path] of cases) {
      const r = parseFilterSpec(raw);
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.path.join('.'))).toContain(path);
    }
  });

  it('applyFilter throws E_OPTION for a bad spec and returns the resolved spec with the map', () => {
    const img = { data: new Float32Array(27).fill(2), shape: [3, 3, 3] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: IDENTITY3 };
    expect(() => applyFilter(img, { kind: 'mean', supportVoxels: 2, dimensions: '3d', padding: 'zero' } as FilterSpecInput)).toThrow(HccError);
    const r = applyFilter(img, { kind: 'mean', supportVoxels: 3, dimensions: '3d', padding: 'nearest' });
    expect(r.diagnostics.spec).toEqual({ kind: 'mean', supportVoxels: 3, dimensions: '3d', padding: 'nearest' });
    expect(r.diagnostics.min).toBeCloseTo(2, 6);
    expect(r.diagnostics.max).toBeCloseTo(2, 6);
  });
});
