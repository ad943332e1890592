import type { Rng } from '../core/rng.js';
import { createRng } from '../core/rng.js';
import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';
import type { SynthPatient } from './clinical.js';
import { generatePatient, patientRng } from './clinical.js';
import type { ClinicalModel } from './clinical-model.js';
import { resolveClinicalModel } from './clinical-model.js';
import type { SynthConfig } from './config.js';
import type { FollowUpRecord } from './followup.js';
import { drawFollowUp } from './followup.js';
import type { GeneUniverse } from './gene-universe.js';
import type { ImagingTraits } from './imaging-traits.js';
import { drawImagingTraits } from './imaging-traits.js';
import type { HazardModel, LinearPredictors, SynthOutcome } from './outcomes.js';
import { calibrateHazardModel, drawFrailtyZ, drawOutcome, linearPredictors } from './outcomes.js';
import type { RnaSeqCounts } from './rnaseq.js';
import { drawGeneParameters, drawSampleCounts } from './rnaseq.js';

/** What `generateCohort` needs. */
export interface GenerateCohortOptions {
  readonly patients: number;
  readonly centres: number;
  readonly seed: number;
  readonly config: SynthConfig;
  /** Gene universe for RNA-seq; null skips RNA-seq. */
  readonly geneUniverse: GeneUniverse | null;
}

/** A generated cohort held in memory (the phantom module reads `traits` from here). */
export interface SynthCohort {
  readonly seed: number;
  readonly config: SynthConfig;
  readonly clinicalModel: ClinicalModel;
  readonly hazardModel: HazardModel;
  readonly patients: readonly SynthPatient[];
  readonly traits: readonly ImagingTraits[];
  readonly predictors: readonly LinearPredictors[];
  readonly outcomes: readonly SynthOutcome[];
  readonly followUps: readonly FollowUpRecord[];
  readonly rnaseq: RnaSeqCounts | null;
}

/**
 * Generate a cohort. Patient i uses only its own stream `fork("patient:i")` of the seed, forked
 * again per component (clinical, imaging-traits, outcome, followup, rnaseq), and the hazard model
 * is calibrated on a fixed reference population, so patient i is identical whatever the cohort
 * size (for the same seed, configuration and number of centres).
 */
export function generateCohort(o: GenerateCohortOptions): SynthCohort {
  if (!Number.isInteger(o.patients) || o.patients < 1) {
    throw new HccError('E_OPTION', 'synth: patients must be a positive integer', { issues: [issueError('bad_option', ['patients'], 'patients must be a positive integer', { received: String(o.patients) })] });
  }
  if (!Number.isInteger(o.seed)) {
    throw new HccError('E_OPTION', 'synth: seed must be an integer', { issues: [issueError('bad_option', ['seed'], 'seed must be an integer', { received: String(o.seed) })] });
  }
  const cm = resolveClinicalModel(o.config, o.centres);
  const hm = calibrateHazardModel(o.config, cm);
  const root = createRng(o.seed);
  const patients: SynthPatient[] = [];
  const traits: ImagingTraits[] = [];
  const predictors: LinearPredictors[] = [];
  const outcomes: SynthOutcome[] = [];
  const followUps: FollowUpRecord[] = [];
  const streams: Rng[] = [];
  for (let i = 0; i < o.patients; i++) {
    const pr = patientRng(root, i);
    streams.push(pr);
    const p = generatePatient(i, pr.fork('clinical'), cm);
    const t = drawImagingTraits(pr.fork('imaging-traits'), p);
    const lp = linearPredictors(p, t, drawFrailtyZ(pr), o.config, hm);
    const out = drawOutcome(pr.fork('outcome'), lp, o.config, hm);
    patients.push(p);
    traits.push(t);
    predictors.push(lp);
    outcomes.push(out);
    followUps.push(drawFollowUp(pr.fork('followup'), p, t, out, lp, hm, o.config));
  }
  let rnaseq: RnaSeqCounts | null = null;
  if (o.geneUniverse) {
    const gp = drawGeneParameters(root.fork('genes'), o.geneUniverse, o.config);
    const chosen = streams.map((s, i) => ({ i, s: s.fork('rnaseq') })).filter(({ s }) => s.uniform() < o.config.rnaseq.fraction);
    const nG = gp.genes.length;
    const counts = new Int32Array(nG * chosen.length);
    const librarySizes = new Float64Array(chosen.length);
    const riskZ = new Float64Array(chosen.length);
    chosen.forEach(({ i, s }, k) => {
      riskZ[k] = predictors[i].osTotal / hm.osTotalSd;
      librarySizes[k] = drawSampleCounts(s.fork('counts'), gp, riskZ[k], o.config, counts, k * nG);
    });
    rnaseq = {
      genes: gp.genes,
      sampleIds: chosen.map(({ i }) => `RNA${patients[i].id.slice(3)}`),
      patientIds: chosen.map(({ i }) => patients[i].id),
      counts,
      librarySizes,
      riskZ,
      programmeName: o.geneUniverse.programmeName,
      responders: gp.genes.filter((_, g) => gp.log2FcPerSd[g] !== 0),
    };
  }
  return { seed: o.seed, config: o.config, clinicalModel: cm, hazardModel: hm, patients, traits, predictors, outcomes, followUps, rnaseq };
}
