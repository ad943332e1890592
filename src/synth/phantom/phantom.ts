import type { Rng } from '../../core/rng.js';
import { createRng } from '../../core/rng.js';
import { IDENTITY3 } from '../../core/geometry.js';
import type { Mask, Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import type { SynthPatient } from '../clinical.js';
import { patientRng } from '../clinical.js';
import type { SynthCohort } from '../cohort.js';
import type { FollowUpRecord } from '../followup.js';
import type { ImagingTraits } from '../imaging-traits.js';
import type { AnatomyPlan } from './anatomy.js';
import { planAnatomy } from './anatomy.js';
import type { ImageConfig, ScannerProfile } from './image-config.js';
import { scannerFor } from './image-config.js';
import type { PhantomGrid } from './rasterise.js';
import { MASK_LABELS, phantomGrid, rasterisePhantom } from './rasterise.js';
import type { PhantomPhase } from './render.js';
import { PHANTOM_PHASES, phaseDelayS, renderPhase } from './render.js';

/** What a phantom is drawn from: the patient's clinical row, latent traits and (optionally) follow-up record. */
export interface PhantomInput {
  readonly patient: SynthPatient;
  readonly traits: ImagingTraits;
  /** Gives the second target lesion its measured size; absent → drawn. */
  readonly followUp?: FollowUpRecord;
}

/** One patient's 3-phase CT and label mask on one grid. */
export interface PhantomImages {
  readonly patientId: string;
  readonly plan: AnatomyPlan;
  readonly grid: PhantomGrid;
  readonly scanner: ScannerProfile;
  /** HU volumes (int16), identity direction, LPS. */
  readonly phases: Readonly<Record<PhantomPhase, Volume<Int16Array>>>;
  /** Acquisition delay (s) of each phase after injection. */
  readonly delaysS: Readonly<Record<PhantomPhase, number>>;
  /** 1 liver, 2 tumour, 3 thrombus. */
  readonly mask: Mask;
  /** Tissue class per voxel (see TISSUE), for tests and diagnostics. */
  readonly tissue: Uint8Array;
}

/** The phantom stream of patient `index`: `fork("patient:i").fork("phantom")` of the cohort seed. */
export function phantomRng(seed: number, index: number): Rng {
  return patientRng(createRng(seed), index).fork('phantom');
}

/**
 * Render a patient's phantom from its phantom stream `rng` with a centre's scanner profile: the
 * anatomy is planned from the clinical row and traits (`planAnatomy`), painted on the centre's
 * grid (field of view / (spacing × spacingScale)), and each phase rendered with its own noise stream.
 * Deterministic: same inputs and stream → identical voxels.
 */
export function renderPhantom(input: PhantomInput, rng: Rng, images: ImageConfig, scanner: ScannerProfile): PhantomImages {
  const plan = planAnatomy(rng.fork('anatomy'), { patient: input.patient, traits: input.traits, followUp: input.followUp });
  const grid = phantomGrid(images.fieldOfViewMm, scanner.pixelSpacingMm * images.spacingScale, scanner.sliceThicknessMm * images.spacingScale);
  const r = rasterisePhantom(plan, grid);
  const geometry = { shape: grid.shape, spacing: grid.spacing, origin: grid.origin, direction: IDENTITY3 };
  const phases = {} as Record<PhantomPhase, Volume<Int16Array>>;
  const delaysS = {} as Record<PhantomPhase, number>;
  for (const ph of PHANTOM_PHASES) {
    phases[ph] = makeVolume({ ...geometry, data: renderPhase(r, plan, ph, images, scanner, rng.fork(`noise:${ph}`)) }, `phantom ${input.patient.id} ${ph}`);
    delaysS[ph] = phaseDelayS(ph, images, scanner, plan);
  }
  const mask: Mask = { ...makeVolume({ ...geometry, data: r.mask }, `phantom ${input.patient.id} mask`), labels: MASK_LABELS };
  return { patientId: input.patient.id, plan, grid, scanner, phases, delaysS, mask, tissue: r.tissue };
}

/** Render patient `index` of a generated cohort with its centre's scanner (configuration `c.config.images`). */
export function renderCohortPhantom(c: SynthCohort, index: number, images: ImageConfig = c.config.images): PhantomImages {
  const p = c.patients[index];
  return renderPhantom({ patient: p, traits: c.traits[index], followUp: c.followUps[index] }, phantomRng(c.seed, index), images, scannerFor(images, p.centre));
}
