import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/io/index.js';
import { runCli } from '../helpers/cli.js';

// Integration of issue #4 (mmf synth with CT phantoms) and issue #7 (the study manifest reader):
// the generator's manifest.csv must give every patient its phase images and mask, and the split
// must follow the generator's intent (the last centre is the external test).
describe('a synthetic cohort with images reads as a study manifest', () => {
  it('joins manifest.csv image paths and splits the last centre out as external test', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mmf-synth-man-'));
    const cfg = join(base, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ images: { spacingScale: 3 } }));
    const out = join(base, 'synthetic-m');
    const r = await runCli(['synth', '--patients', '8', '--seed', '5', '--out', out, '--no-rnaseq', '--no-progress', '--config', cfg]);
    expect(r.code).toBe(0);
    const m = readManifest(out);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    const cohort = m.value;
    const cells = cohort.table.cells as ReadonlyMap<string, readonly (string | null)[]>;
    for (const phase of ['arterial', 'portal_venous', 'delayed']) {
      for (const kind of ['image', 'mask']) {
        const col = cells.get(`${kind}_${phase}`);
        expect(col, `${kind}_${phase}`).toBeDefined();
        expect(col!.length).toBe(8);
        for (const p of col!) expect(existsSync(p!), `${kind} ${phase} ${p}`).toBe(true);
      }
    }
    const centre = cells.get('centre')!;
    cohort.split.forEach((s: string, i: number) => {
      if (centre[i] === 'C4') expect(s).toBe('external_test');
      else expect(s).not.toBe('external_test');
    });
  });
});
