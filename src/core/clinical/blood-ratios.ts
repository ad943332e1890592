import type { Issue, Result } from '../issues.js';
import { fail, issueError, ok } from '../issues.js';
import { checkValue, PLAUSIBLE } from './lab-checks.js';

/** Neutrophil-to-lymphocyte and platelet-to-lymphocyte ratios. */
export interface BloodRatios {
  readonly nlr: number;
  readonly plr: number;
}

/**
 * NLR = neutrophils / lymphocytes and PLR = platelets / lymphocytes, all counts in the same unit
 * (10^9/L). Lymphocytes must be > 0.
 *
 * @see Dharmapuri S et al., Cancer Med 2020;9:4962–4970 (NLR ≥ 5, PLR in HCC on nivolumab).
 */
export function bloodRatios(input: { readonly neutrophils: number; readonly lymphocytes: number; readonly platelets: number }): Result<BloodRatios> {
  const issues: Issue[] = [
    ...checkValue(input.neutrophils, PLAUSIBLE.neutrophils, ['neutrophils']),
    ...checkValue(input.lymphocytes, PLAUSIBLE.lymphocytes, ['lymphocytes']),
    ...checkValue(input.platelets, PLAUSIBLE.platelets, ['platelets']),
  ];
  if (issues.length === 0 && input.lymphocytes === 0) {
    issues.push(issueError('out_of_range', ['lymphocytes'], 'lymphocytes = 0: the ratios are undefined', { expected: '> 0', received: '0' }));
  }
  if (issues.some((i) => i.severity === 'error')) return fail(issues);
  return ok({ nlr: input.neutrophils / input.lymphocytes, plr: input.platelets / input.lymphocytes }, issues);
}
