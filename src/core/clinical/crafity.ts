import type { Issue, Result } from '../issues.js';
import { fail, ok } from '../issues.js';
import { checkValue, PLAUSIBLE } from './lab-checks.js';

/** CRAFITY components and score. */
export interface CrafityResult {
  /** AFP ≥ 100 ng/mL. */
  readonly afpHigh: boolean;
  /** CRP ≥ 1 mg/dL. */
  readonly crpHigh: boolean;
  /** 0, 1 or 2. */
  readonly score: 0 | 1 | 2;
}

/**
 * CRAFITY score = [CRP ≥ 1 mg/dL] + [AFP ≥ 100 ng/mL] (0–2), a prognostic score for patients with
 * HCC on PD-(L)1-based immunotherapy. CRP in mg/dL (divide mg/L by 10 first: `crpMgLToMgDl`).
 *
 * @see Scheiner B et al., J Hepatol 2022;76:353–363.
 */
export function crafity(input: { readonly afpNgPerMl: number; readonly crpMgPerDl: number }): Result<CrafityResult> {
  const issues: Issue[] = [
    ...checkValue(input.afpNgPerMl, PLAUSIBLE.afpNgPerMl, ['afpNgPerMl']),
    ...checkValue(input.crpMgPerDl, PLAUSIBLE.crpMgPerDl, ['crpMgPerDl']),
  ];
  if (issues.some((i) => i.severity === 'error')) return fail(issues);
  const afpHigh = input.afpNgPerMl >= 100;
  const crpHigh = input.crpMgPerDl >= 1;
  return ok({ afpHigh, crpHigh, score: ((afpHigh ? 1 : 0) + (crpHigh ? 1 : 0)) as 0 | 1 | 2 }, issues);
}
