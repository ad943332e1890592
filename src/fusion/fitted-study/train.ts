import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StudyCohort } from '../../io/index.js';
import type { StudySettings } from '../settings.js';
import { openStudyStore } from '../store.js';
import { writeFileAtomic } from '../write-tables.js';
import { buildFittedStudy } from './build.js';
import type { StudyModelFits } from './fit-study-models.js';
import { fitStudyModels } from './fit-study-models.js';
import { fittedStudyPath } from './load.js';
import type { FittedStudy } from './types.js';

/** Result of {@link trainStudy}. */
export interface TrainStudyResult {
  readonly path: string;
  readonly fitted: FittedStudy;
  readonly fits: StudyModelFits;
  readonly stats: { readonly reused: number; readonly computed: number };
}

/**
 * Fit every model on the training split into the study store of `outDir` (the keys `runStudy`
 * uses) and write `outDir/models/fitted-study.json`.
 */
export function trainStudy(cohort: StudyCohort, settings: StudySettings, outDir: string, onStep?: (label: string, reused: boolean) => void): TrainStudyResult {
  const store = openStudyStore(outDir);
  const fits = fitStudyModels(cohort, settings, store, onStep);
  const fitted = buildFittedStudy(cohort, settings, fits);
  const path = fittedStudyPath(outDir);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, JSON.stringify(fitted) + '\n');
  return { path, fitted, fits, stats: { ...store.stats } };
}
