import { describe, expect, it } from 'vitest';
import { parseStudySettings } from '../../src/fusion/index.js';

// A bad settings value must say what was expected and show the value found (not the zod code).
describe('settings value errors show the expected type / values / bound and the value found', () => {
  const issuesOf = (raw: unknown) => {
    const r = parseStudySettings(raw, 'settings.json');
    if (r.ok) throw new Error('expected errors');
    return r.issues.map((i) => ({ path: i.path.join('.'), expected: i.expected, received: i.received, message: i.message }));
  };

  it('a string where a number goes: expected a number, found "36"', () => {
    const [i] = issuesOf({ horizonsMonths: { os: [12, 24, '36'] } });
    expect(i).toMatchObject({ path: 'settings.json.horizonsMonths.os.2', expected: 'a number', received: '"36"' });
    expect(i.received).not.toBe('invalid_type');
    expect(i.message).toContain('docs/study-pipeline.md §2');
  });

  it('an unknown enum value lists the allowed ones; a bound names the limit; the value is shown as JSON', () => {
    const issues = issuesOf({ seed: 'x', models: { radiomics: { preset: 'nope' } }, evaluation: { bootstrapResamples: -3 } });
    expect(issues.map((i) => [i.path, i.expected, i.received])).toEqual([
      ['settings.json.seed', 'a number', '"x"'],
      ['settings.json.models.radiomics.preset', 'one of "phantom", "A", "B", "C", "D", "E"', '"nope"'],
      ['settings.json.evaluation.bootstrapResamples', 'a number >= 0', '-3'],
    ]);
  });

  it('a long value is shortened', () => {
    const [i] = issuesOf({ seed: 'y'.repeat(200) });
    expect(i.received!.length).toBeLessThanOrEqual(80);
    expect(i.received!.endsWith('...')).toBe(true);
  });
});
