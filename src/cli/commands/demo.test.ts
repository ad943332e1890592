import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPLETION_FILE, parseSynthConfig } from '../../synth/index.js';
import { demoTimeLine, prepareDemoCohort } from './demo.js';

const timings = { generate_s: 65, study_s: 8, deep_stage_s: 0.3, models_and_evaluation_s: 0.2 };
// What a reused Ensemble-DL stage carries: the parts of the run that computed it.
const stored = { load: 12, ensemble: 84, scoring: 2, crossFit: 62, gradCam: 3 };

describe('demoTimeLine', () => {
  it("prints the Ensemble-DL stage's parts when this run computed it", () => {
    expect(demoTimeLine({ ...timings, deep_stage_s: 164 }, stored, false)).toBe(
      'time: generate 65 s, study 8 s (Ensemble-DL stage 164 s: ensemble training 84 s, cross-fitting 62 s, images, scoring and Grad-CAM 17 s; models and evaluation 0 s, the rest radiomics, report and genomics)',
    );
  });

  it("does not print an earlier run's training times as this run's when the stage was reused whole", () => {
    const line = demoTimeLine(timings, stored, true);
    expect(line).toContain('Ensemble-DL stage reused from an earlier run, 0 s;');
    expect(line).not.toContain('ensemble training 84 s');
  });

  it('says the cohort was reused rather than generated', () => {
    expect(demoTimeLine({ ...timings, generate_s: 2.2 }, stored, true, true)).toMatch(/^time: cohort reused \(checked in 2 s\), study 8 s/);
  });
});

describe('prepareDemoCohort', () => {
  // The demo's generator with small, coarse phantoms (the default RNA-seq gene sets, as the demo uses).
  const config = parseSynthConfig({ images: { spacingScale: 4, gzipLevel: 1 } });

  it('generates on the first run, reuses the complete cohort on a rerun (saying so without progress bars), regenerates for another seed', () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-demo-cohort-'));
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    const first = prepareDemoCohort(out, { patients: 6, seed: 3, progress: false, config, log });
    expect(first.dir).toBe(join(out, 'cohort', 'synthetic-hcc-ici-seed3-n6'));
    expect(first.status).toBe('generated');
    expect(lines).toEqual([`synthetic cohort: generating ${first.dir} (not generated yet)`, expect.stringMatching(new RegExp(`^synthetic cohort: generated ${first.dir} \\(6 patients, seed 3, \\d+ s\\)$`))]);
    const rec = join(first.dir, COMPLETION_FILE);
    const stamp = statSync(rec).mtimeMs;
    const generatedAt = (JSON.parse(readFileSync(rec, 'utf8')) as { generatedAt: string }).generatedAt;

    lines.length = 0;
    const again = prepareDemoCohort(out, { patients: 6, seed: 3, progress: false, config, log });
    expect(again.status).toBe('reused');
    expect(again.dir).toBe(first.dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^synthetic cohort: reused ${first.dir} \\(6 patients, seed 3, generated ${generatedAt}; \\d+ files checked against their SHA-256 in [\\d.]+ s\\)$`));
    expect(statSync(rec).mtimeMs).toBe(stamp); // not regenerated

    lines.length = 0;
    const other = prepareDemoCohort(out, { patients: 6, seed: 4, progress: false, config, log });
    expect(other.status).toBe('generated');
    expect(other.dir).toBe(join(out, 'cohort', 'synthetic-hcc-ici-seed4-n6'));
    expect(lines[0]).toBe(`synthetic cohort: generating ${other.dir} (not generated yet)`);
  });
});
