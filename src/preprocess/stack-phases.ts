import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';
import type { Volume } from '../core/volume.js';
import { assertSameGrid } from '../core/volume.js';
import type { Grid } from './resample-grid.js';
import { gridOf } from './resample-grid.js';
import { resolveSpec } from './resolve-spec.js';
import type { StackPhasesSpec } from './specs.js';
import type { StageOutput } from './stage-output.js';
import { runRecorded } from './stage-output.js';

/** Phases stacked as channels: channel-first Float32Array, `data[c * voxels + voxelIndex]`. */
export interface ChannelStack {
  readonly data: Float32Array;
  readonly channels: readonly string[];
  readonly grid: Grid;
}

/**
 * Stage `stack-phases`: stack the named phase volumes (e.g. arterial, portal, delayed) as channels in
 * the order of `phases`. All must share one grid within `toleranceMm` (`assertSameGrid`); resample
 * phases onto a reference grid first (`resampleToGrid`) when they do not. Throws `E_INPUT`
 * (`unknown_phase`) when a named phase is missing.
 * @see MONAI ConcatItemsd, TorchIO Subject
 */
export function stackPhases(phases: Readonly<Record<string, Volume>>, spec: Omit<StackPhasesSpec, 'kind' | 'toleranceMm'> & Partial<StackPhasesSpec>): StageOutput<ChannelStack> {
  const s = resolveSpec('stack-phases', spec);
  const missing = s.phases.filter((p) => !(p in phases));
  if (missing.length) {
    throw new HccError('E_INPUT', `stack-phases: phase(s) ${missing.join(', ')} not given`, { issues: missing.map((p) => issueError('unknown_phase', ['phases', p], `phase "${p}" is missing`, { expected: s.phases.join(', '), received: Object.keys(phases).join(', ') })) });
  }
  const inputs: Record<string, Volume> = {};
  for (const p of s.phases) inputs[p] = phases[p];
  return runRecorded('stack-phases', s, inputs, () => {
    const ref = phases[s.phases[0]];
    for (const p of s.phases.slice(1)) assertSameGrid(ref, phases[p], { toleranceMm: s.toleranceMm }, `phases ${s.phases[0]} and ${p}`);
    const n = ref.data.length;
    const data = new Float32Array(n * s.phases.length);
    s.phases.forEach((p, c) => data.set(phases[p].data as ArrayLike<number>, c * n));
    return { value: { data, channels: [...s.phases], grid: gridOf(ref) } };
  });
}
