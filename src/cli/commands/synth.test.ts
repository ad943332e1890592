import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

describe('mmf synth', () => {
  afterEach(() => vi.restoreAllMocks());
  it('writes the tabular cohort into a clearly named sub-folder and reports the files as JSON', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'mmf-cli-'));
    const io = capture();
    const code = await main(['synth', '--patients', '40', '--centres', '3', '--seed', '5', '--out', parent, '--no-rnaseq', '--no-images', '--json']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.dir).toBe(join(parent, 'synthetic-hcc-ici-seed5-n40'));
    expect(r.synthetic).toBe(true);
    expect(r.files.map((f: { name: string }) => f.name)).toEqual(['clinical.csv', 'outcomes.csv', 'followup.csv', 'oracle.csv']);
    const meta = JSON.parse(readFileSync(join(r.dir, 'cohort.json'), 'utf8'));
    expect(meta.synthetic).toBe(true);
    expect(meta.centres).toEqual(['C1', 'C2', 'C3']);
    expect(existsSync(join(r.dir, 'README.txt'))).toBe(true);
  });
  it('a folder named synthetic-* is used as given; the text output lists the files', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mmf-cli-')), 'synthetic-demo');
    const io = capture();
    const code = await main(['synth', '--patients', '10', '--seed', '1', '--out', dir, '--no-rnaseq', '--no-images']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(io.out()).toContain(`SYNTHETIC cohort written to ${dir}`);
    expect(io.out()).toContain('clinical.csv');
    expect(io.out()).not.toContain('images:');
    expect(existsSync(join(dir, 'manifest.csv'))).toBe(false);
    expect(existsSync(join(dir, 'clinical.csv'))).toBe(true);
  });
  it('bad --patients exits 2 with a bad_option message; --help shows an example and describes the CT phantoms', async () => {
    const io = capture();
    expect(await main(['synth', '--patients', 'many', '--out', tmpdir()])).toBe(2);
    expect(io.err()).toContain('bad_option');
    expect(await main(['synth', '--help'])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out()).toContain('mmf synth --patients 859 --centres 4 --seed 7');
    expect(io.out()).toContain('3-phase contrast CT phantoms');
    expect(io.out()).toContain('--no-images');
  });
});
