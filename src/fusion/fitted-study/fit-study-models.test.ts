import { describe, expect, it } from 'vitest';
import { parseStudySettings } from '../settings.js';
import type { StudySettings } from '../settings.js';
import { mmfSkippedNote } from './fit-study-models.js';

function settings(raw: unknown): StudySettings {
  const r = parseStudySettings(raw);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.value;
}

describe('mmfSkippedNote', () => {
  it('says that no score column is set (and how to set one) when scoreColumn is null and the Ensemble-DL stage is off', () => {
    const n = mmfSkippedNote(settings({}), 'os');
    expect(n).toBe('os: no imaging score (settings.models.mmf.scoreColumn is null and the Ensemble-DL stage is off; set a score column, e.g. --score-column, or run with --deep); MMF is skipped');
    expect(n).not.toMatch(/null absent/);
  });

  it('names the missing column and where its name came from', () => {
    expect(mmfSkippedNote(settings({ models: { mmf: { scoreColumn: 'img_{outcome}' } } }), 'pfs')).toBe('pfs: imaging score column "img_pfs" (from settings.models.mmf.scoreColumn) is not in the cohort; MMF is skipped');
    expect(mmfSkippedNote(settings({ models: { ensembleDl: { enabled: true } } }), 'os')).toBe('os: imaging score column "ensemble_dl_os" (from the Ensemble-DL stage) is not in the cohort; MMF is skipped');
  });
});
