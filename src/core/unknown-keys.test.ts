import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { unknownKeyIssues, unknownKeyIssuesOfRejected } from './unknown-keys.js';

const schema = z.object({
  name: z.string().default('x'),
  stack: z.object({ contextMm: z.number().default(5), slices: z.number().int().default(3) }).prefault({}),
  members: z.array(z.object({ id: z.string(), weight: z.number().default(1) })).default([]),
  scanners: z.record(z.string(), z.object({ noiseSd: z.number().default(12) })).default({}),
  notes: z.record(z.string(), z.unknown()).default({}),
  binning: z
    .discriminatedUnion('method', [
      z.object({ method: z.literal('fixed_bin_number'), nBins: z.number().int().positive() }),
      z.object({ method: z.literal('fixed_bin_size'), binWidth: z.number().positive() }),
    ])
    .default({ method: 'fixed_bin_number', nBins: 32 }),
  window: z.tuple([z.number(), z.number()]).default([-100, 240]),
});

const issuesOf = (input: unknown, path: (string | number)[] = []) => {
  const r = schema.safeParse(input);
  if (!r.success) throw new Error(`test input must parse: ${r.error.message}`);
  return unknownKeyIssues(input, r.data, path);
};

describe('unknownKeyIssues', () => {
  it('finds nothing in a valid input, whatever defaults zod added', () => {
    expect(issuesOf({})).toEqual([]);
    expect(issuesOf({ stack: { slices: 5 }, members: [{ id: 'a' }], window: [0, 1] })).toEqual([]);
  });

  it('reports unknown keys of nested objects with their full path and a suggestion', () => {
    const issues = issuesOf({ stack: { contextMM: 10, slices: 3 }, nmae: 'y', training: { weighting: 1 } }, ['s.json']);
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([
      ['unknown_key', 'error', ['s.json', 'stack', 'contextMM']],
      ['unknown_key', 'error', ['s.json', 'nmae']],
      ['unknown_key', 'error', ['s.json', 'training']],
    ]);
    expect(issues[0].message).toContain('did you mean "contextMm"?');
    expect(issues[0].received).toBe('contextMM');
    // Known keys of that level, sorted (defaults included: zod filled them in).
    expect(issues[0].expected).toBe('one of: contextMm, slices');
    expect(issues[1].message).toContain('did you mean "name"?');
    expect(issues[2].message).not.toContain('did you mean');
    // Nothing is reported inside an unknown key (training.weighting).
    expect(issues).toHaveLength(3);
  });

  it('walks arrays element by element', () => {
    const issues = issuesOf({ members: [{ id: 'a' }, { id: 'b', wieght: 2 }] });
    expect(issues.map((i) => i.path)).toEqual([['members', 1, 'wieght']]);
    expect(issues[0].message).toContain('did you mean "weight"?');
  });

  it('leaves record keys alone but checks the objects a record holds', () => {
    const issues = issuesOf({ scanners: { C1: { noiseSd: 3 }, anyName: { noiseSD: 4 } }, notes: { free: { form: 1 } } });
    expect(issues.map((i) => i.path)).toEqual([['scanners', 'anyName', 'noiseSD']]);
    expect(issues[0].message).toContain('did you mean "noiseSd"?');
  });

  it('judges a discriminated union by the variant that was chosen', () => {
    const issues = issuesOf({ binning: { method: 'fixed_bin_number', nBins: 8, binWidth: 25 } });
    expect(issues.map((i) => i.path)).toEqual([['binning', 'binWidth']]);
    expect(issues[0].expected).toBe('one of: method, nBins');
  });

  it('ignores keys whose value is undefined and stops at non-objects', () => {
    expect(issuesOf({ stack: { contextMm: undefined, oops: undefined } })).toEqual([]);
    expect(unknownKeyIssues({ a: 1 }, 'not an object')).toEqual([]);
    expect(unknownKeyIssues([{ a: 1 }], [{}, {}])).toEqual([expect.objectContaining({ path: [0, 'a'], expected: 'no keys at this level' })]);
  });

  it('with the schema, also offers optional keys the input left out (the likeliest typos)', () => {
    const opt = z.object({
      items: z.array(z.object({ column: z.string(), reference: z.string().optional() })),
      texture: z.object({ ngldmAlpha: z.number().default(0), aggregations: z.array(z.string()).optional() }).prefault({}),
      byId: z.record(z.string(), z.object({ label: z.string().optional() })).default({}),
      bins: z.discriminatedUnion('method', [z.object({ method: z.literal('n'), nBins: z.number() }), z.object({ method: z.literal('w'), width: z.number(), lowerBound: z.number().optional() })]).optional(),
    });
    const input = { items: [{ column: 'a', referance: 'x' }], texture: { aggregation: ['3d'] }, byId: { P1: { lable: 'y' } }, bins: { method: 'w', width: 2, lowerbound: 0 } };
    const parsed = opt.parse(input);
    const without = unknownKeyIssues(input, parsed);
    const withSchema = unknownKeyIssues(input, parsed, [], opt);
    expect(without.map((i) => i.path)).toEqual(withSchema.map((i) => i.path));
    expect(withSchema.map((i) => i.path)).toEqual([['items', 0, 'referance'], ['texture', 'aggregation'], ['byId', 'P1', 'lable'], ['bins', 'lowerbound']]);
    expect(without.map((i) => i.message.includes('did you mean'))).toEqual([false, false, false, false]);
    expect(withSchema.map((i) => i.message.match(/did you mean "(.*)"/)?.[1])).toEqual(['reference', 'aggregations', 'label', 'lowerBound']);
    expect(withSchema[1].expected).toBe('one of: aggregations, ngldmAlpha');
    // The chosen union variant's keys only: nBins (other variant) is not offered.
    expect(withSchema[3].expected).toBe('one of: lowerBound, method, width');
  });

  it('cuts a long list of known keys', () => {
    const known = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${String(i).padStart(2, '0')}`, i]));
    const [issue] = unknownKeyIssues({ ...known, zzz: 1 }, known);
    expect(issue.expected).toMatch(/^one of: k00, k01, .*, k19, … \(5 more\)$/);
  });
});

describe('unknownKeyIssuesOfRejected', () => {
  it('finds unknown keys next to bad values and missing required keys', () => {
    const input = { stack: { contextMM: 10, slices: 2.5 }, members: [{ weight: 1, idd: 'a' }], binning: { method: 'fixed_bin_size', binWidth: -1, nBins: 3 } };
    expect(schema.safeParse(input).success).toBe(false);
    const issues = unknownKeyIssuesOfRejected(schema, input, ['cfg']);
    // members[0] lacks its required id: the whole members key is dropped, so keys inside it are not examined.
    expect(issues.map((i) => i.path)).toEqual([['cfg', 'stack', 'contextMM']]);
    expect(issues[0].message).toContain('did you mean "contextMm"?');
    // The input itself is left as it was.
    expect(input.stack.slices).toBe(2.5);
    expect(input.members).toHaveLength(1);
  });
  it('drops keys a strict object reports itself, without reporting them twice', () => {
    const strict = z.object({ a: z.number().default(1), inner: z.object({ b: z.number().default(2) }).prefault({}) }).strict();
    expect(unknownKeyIssuesOfRejected(strict, { a: 'x', extra: 1, inner: { bb: 3 } }).map((i) => i.path)).toEqual([['inner', 'bb']]);
  });
  it('gives up (no issues) when the input cannot be repaired', () => {
    expect(unknownKeyIssuesOfRejected(schema, 42)).toEqual([]);
    expect(unknownKeyIssuesOfRejected(z.object({ id: z.string() }), { idd: 'a' })).toEqual([]);
  });
});
