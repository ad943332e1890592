import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCohort } from '../../src/synth/index.js';
import { cohort } from './helpers.js';

function writeTo(seed: number): { dir: string; files: string[] } {
  const dir = join(mkdtempSync(join(tmpdir(), 'mmf-synth-')), 'synthetic-test');
  writeCohort(cohort(120, seed, { rnaseq: true }), dir);
  return { dir, files: readdirSync(dir).sort() };
}

describe('reproducibility', () => {
  const a = writeTo(7);
  const b = writeTo(7);
  const other = writeTo(8);
  it('writes the expected files, marked synthetic', () => {
    expect(a.files).toEqual(['README.txt', 'clinical.csv', 'cohort.json', 'counts.csv', 'followup.csv', 'oracle.csv', 'outcomes.csv', 'samples.csv']);
    const meta = JSON.parse(readFileSync(join(a.dir, 'cohort.json'), 'utf8'));
    expect(meta.synthetic).toBe(true);
    expect(meta.patients).toBe(120);
    expect(readFileSync(join(a.dir, 'README.txt'), 'utf8').startsWith('SYNTHETIC DATA')).toBe(true);
    expect(readFileSync(join(a.dir, 'clinical.csv'), 'utf8').split('\n').length).toBe(122);
  });
  it('same seed gives byte-identical files', () => {
    for (const f of a.files) expect(readFileSync(join(b.dir, f)).equals(readFileSync(join(a.dir, f))), f).toBe(true);
  });
  it('a different seed gives different data files', () => {
    for (const f of ['clinical.csv', 'outcomes.csv', 'followup.csv', 'counts.csv', 'oracle.csv']) {
      expect(readFileSync(join(other.dir, f)).equals(readFileSync(join(a.dir, f))), f).toBe(false);
    }
  });
  it('patient i is identical whatever the cohort size', () => {
    const small = cohort(30, 7);
    const large = cohort(859, 7);
    expect(small.patients).toEqual(large.patients.slice(0, 30));
    expect(small.outcomes).toEqual(large.outcomes.slice(0, 30));
    expect(small.followUps).toEqual(large.followUps.slice(0, 30));
    expect(small.predictors).toEqual(large.predictors.slice(0, 30));
  });
});
