import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('mmf synth (images by default, progress bar on stderr)', () => {
  const base = mkdtempSync(join(tmpdir(), 'mmf-synth-cli-'));
  const cfg = join(base, 'cfg.json');
  writeFileSync(cfg, JSON.stringify({ images: { spacingScale: 3 } }));

  it('writes images, masks and the manifest, and draws progress with an ETA', async () => {
    const out = join(base, 'synthetic-a');
    const r = await runCli(['synth', '--patients', '4', '--seed', '3', '--out', out, '--no-rnaseq', '--config', cfg, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.imagesWritten).toBe(true);
    expect(j.images.files).toBeGreaterThanOrEqual(16);
    expect(j.files.map((f: { name: string }) => f.name)).toContain('manifest.csv');
    expect(existsSync(join(out, 'images', 'SYN00001', 'portal_venous.nii.gz'))).toBe(true);
    expect(readFileSync(join(out, 'manifest.csv'), 'utf8').split('\n').length).toBe(6);
    expect(r.err).toMatch(/images \[#+\] 4\/4 100% elapsed \d+:\d\d ETA 0:00/);
  });

  it('--no-images writes the tables only; --no-progress is silent', async () => {
    const out = join(base, 'synthetic-b');
    const r = await runCli(['synth', '--patients', '3', '--seed', '3', '--out', out, '--no-rnaseq', '--no-images', '--no-progress']);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'images'))).toBe(false);
    expect(existsSync(join(out, 'manifest.csv'))).toBe(false);
    expect(r.err).toBe('');
    expect(JSON.parse(readFileSync(join(out, 'cohort.json'), 'utf8')).images.written).toBe(false);
  });

  it('a bad image option is a coded error (exit 2)', async () => {
    const bad = join(base, 'bad.json');
    writeFileSync(bad, JSON.stringify({ images: { spacingScale: 0 } }));
    const r = await runCli(['synth', '--patients', '2', '--out', join(base, 'synthetic-c'), '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('spacingScale');
  });
});
