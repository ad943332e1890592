import { describe, expect, it } from 'vitest';
import { demoTimeLine } from './demo.js';

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
});
