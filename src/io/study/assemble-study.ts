import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { StageRecord } from '../../core/provenance.js';
import { recordStage, sha256 } from '../../core/provenance.js';
import type { GridTolerance, Volume } from '../../core/volume.js';
import { gridDifference } from '../../core/volume.js';
import type { ContrastPhase, PhaseEvidence, PhaseIdentification } from './phase.js';
import { CONTRAST_PHASES, identifyPhase } from './phase.js';
import { resampleTrilinearOntoGrid } from './resample-onto-grid.js';

/** One series of a study, with whatever says which phase it is. */
export interface StudySeries extends PhaseEvidence {
  readonly volume: Volume;
  /** File or folder the series came from (named in issues). */
  readonly source: string;
}

/** Options for {@link assembleStudy}. */
export interface AssembleStudyOptions {
  /** Phase whose grid all others are resampled onto (default portal venous, see the fallback below). */
  readonly referencePhase?: ContrastPhase;
  /** Grids closer than this are treated as identical and not resampled (default 0.001 mm / 1e-4). */
  readonly gridTolerance?: GridTolerance;
  /** Value for reference-grid voxels outside a resampled phase's field of view (default −1024, air in HU). */
  readonly fillValue?: number;
}

/** One phase of an assembled study. */
export interface StudyPhase {
  readonly phase: ContrastPhase;
  readonly source: string;
  /** On the reference grid: the original volume when it already was, else a Float32 trilinear resample. */
  readonly volume: Volume;
  readonly resampled: boolean;
  /** Why the grids differed (null when not resampled). */
  readonly gridDifference: string | null;
  readonly identification: PhaseIdentification;
}

/** Result of {@link assembleStudy}. */
export interface AssembledStudy {
  readonly referencePhase: ContrastPhase;
  readonly grid: Omit<Volume, 'data' | 'frame'>;
  /** Phases in the order non-contrast, arterial, portal venous, delayed (those present). */
  readonly phases: readonly StudyPhase[];
  readonly warnings: readonly Issue[];
  readonly provenance: readonly StageRecord[];
}

const FALLBACK_REFERENCE: readonly ContrastPhase[] = ['portal_venous', 'arterial', 'delayed', 'non_contrast'];

/**
 * Identify the contrast phase of each series (`identifyPhase`: manifest, then SeriesDescription
 * keywords, then timing) and bring all phases onto one reference grid.
 *
 * **No registration is done.** Phases are aligned only through their DICOM/NIfTI geometry (world
 * LPS coordinates): a phase on a different grid is resampled (trilinear) onto the reference grid so
 * that a voxel index means the same *scanner* position in every phase. This assumes the patient did
 * not move between phases (same table position, same breath-hold depth) and that all series share
 * one frame of reference; breathing or table shifts between phases are not corrected here (a rigid
 * or deformable registration step may be added later, before this resampling).
 *
 * Reference grid: `referencePhase` when given (absent → `unknown_phase` error); otherwise portal
 * venous, falling back to arterial, delayed, non-contrast (with a warning). Errors (thrown as
 * `HccError` `E_INPUT`, collected): two series with the same phase (`duplicate_phase`, naming both
 * sources), a manifest phase that is not a phase (`unknown_phase`), no identifiable phase at all.
 * Series whose phase cannot be identified are left out with an `unknown_phase` warning.
 */
export function assembleStudy(series: readonly StudySeries[], options: AssembleStudyOptions = {}): AssembledStudy {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const byPhase = new Map<ContrastPhase, { s: StudySeries; id: PhaseIdentification }>();
  for (const s of series) {
    const id = identifyPhase({ ...s, source: s.source });
    for (const i of id.issues) (i.severity === 'error' ? errors : warnings).push(i);
    if (id.phase === null) continue;
    const prior = byPhase.get(id.phase);
    if (prior) {
      errors.push(issueError('duplicate_phase', [s.source, 'phase'], `${s.source} and ${prior.s.source} are both ${id.phase}`, { expected: 'one series per phase (set the phase in the manifest)', received: `${prior.id.basis} / ${id.basis}` }));
      continue;
    }
    byPhase.set(id.phase, { s, id });
  }
  let reference: ContrastPhase | undefined;
  if (options.referencePhase) {
    if (byPhase.has(options.referencePhase)) reference = options.referencePhase;
    else errors.push(issueError('unknown_phase', ['referencePhase'], `reference phase ${options.referencePhase} is not in the study`, { expected: [...byPhase.keys()].join(', ') || 'at least one identified phase', received: options.referencePhase }));
  } else {
    reference = FALLBACK_REFERENCE.find((p) => byPhase.has(p));
    if (reference && reference !== 'portal_venous') warnings.push(issueWarning('unknown_phase', ['referencePhase'], `no portal venous phase; the ${reference} grid is the reference`));
  }
  if (byPhase.size === 0 && errors.length === 0) errors.push(issueError('unknown_phase', ['series'], 'no series with an identifiable contrast phase', { received: series.map((s) => s.source).join(', ') || 'no series' }));
  if (errors.length || reference === undefined) throw new HccError('E_INPUT', `study: ${errors.map((e) => e.message).join('; ')}`, { issues: errors });

  const ref = byPhase.get(reference)!.s.volume;
  const grid = { shape: ref.shape, spacing: ref.spacing, origin: ref.origin, direction: ref.direction };
  const fill = options.fillValue ?? -1024;
  const tol = { toleranceMm: 1e-3, toleranceDirection: 1e-4, ...options.gridTolerance };
  const provenance: StageRecord[] = [];
  const phases: StudyPhase[] = [];
  for (const phase of CONTRAST_PHASES) {
    const entry = byPhase.get(phase);
    if (!entry) continue;
    const diff = gridDifference(grid, entry.s.volume, tol);
    let volume = entry.s.volume;
    if (diff !== null) {
      const run = recordStage('io.study.resample-trilinear', { referencePhase: reference, fillValue: fill, tolerance: tol }, { [entry.s.source]: sha256(new Uint8Array(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength)) }, () => resampleTrilinearOntoGrid(entry.s.volume, grid, fill));
      volume = run.value;
      provenance.push(run.record);
    }
    phases.push({ phase, source: entry.s.source, volume, resampled: diff !== null, gridDifference: diff, identification: entry.id });
  }
  return { referencePhase: reference, grid, phases, warnings, provenance };
}
