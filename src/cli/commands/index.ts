import type { Command } from 'commander';

/** A subcommand module registers itself on the program. One line per command below. */
export type Register = (program: Command) => void;

import { register as analyse } from './analyse.js';
import { register as demo } from './demo.js';
import { register as riskGroups } from './risk-groups.js';
import { register as subgroups } from './subgroups.js';
import { register as km } from './km.js';
import { register as logrank } from './logrank.js';
import { register as rsf } from './rsf.js';
import { register as tdAuc } from './td-auc.js';
import { register as brier } from './brier.js';
import { register as dca } from './dca.js';
import { register as calibration } from './calibration.js';
import { register as cox } from './cox.js';
import { register as concordance } from './concordance.js';
import { register as compareC } from './compare-c.js';
import { register as lassoCox } from './lasso-cox.js';
import { register as synth } from './synth.js';
import { register as importDicom } from './import-dicom.js';
import { register as radiomics } from './radiomics.js';
import { register as trainDl } from './train-dl.js';
import { register as predictDl } from './predict-dl.js';
import { register as gradcam } from './gradcam.js';
import { register as study } from './study.js';
import { register as validateManifest } from './validate-manifest.js';
import { register as extract } from './extract.js';
import { register as train } from './train.js';
import { register as evaluate } from './evaluate.js';
import { register as predict } from './predict.js';
import { register as report } from './report.js';
import { register as de } from './de.js';
import { register as enrichment } from './enrichment.js';
import { register as genomics } from './genomics.js';

export const COMMANDS: readonly Register[] = [
  demo,
  analyse,
  de,
  enrichment,
  genomics,
  synth,
  importDicom,
  radiomics,
  trainDl,
  predictDl,
  gradcam,
  study,
  validateManifest,
  extract,
  train,
  evaluate,
  predict,
  report,
  lassoCox,
  concordance,
  compareC,
  cox,
  riskGroups,
  subgroups,
  km,
  logrank,
  rsf,
  tdAuc,
  brier,
  dca,
  calibration,
];
