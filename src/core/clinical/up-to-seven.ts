import type { Issue, Result } from '../issues.js';
import { fail, issueError, ok } from '../issues.js';
import { checkValue, PLAUSIBLE } from './lab-checks.js';

/** Up-to-seven criterion result. */
export interface UpToSevenResult {
  /** Tumour count + largest diameter in cm. */
  readonly sum: number;
  /** True when sum ≤ 7 (within the criterion). */
  readonly within: boolean;
}

/**
 * Up-to-seven criterion: within when (number of tumours) + (largest diameter in cm) ≤ 7.
 * Count must be a positive integer.
 *
 * @see Mazzaferro V et al., Lancet Oncol 2009;10:35–43.
 */
export function upToSeven(input: { readonly tumourCount: number; readonly largestDiameterCm: number }): Result<UpToSevenResult> {
  const issues: Issue[] = [...checkValue(input.largestDiameterCm, PLAUSIBLE.diameterCm, ['largestDiameterCm'])];
  if (!Number.isInteger(input.tumourCount) || input.tumourCount < 1) {
    issues.push(issueError('out_of_range', ['tumourCount'], `tumourCount = ${input.tumourCount} is not a positive integer`, { expected: 'an integer ≥ 1', received: String(input.tumourCount) }));
  }
  if (issues.some((i) => i.severity === 'error')) return fail(issues);
  const sum = input.tumourCount + input.largestDiameterCm;
  return ok({ sum, within: sum <= 7 + 1e-9 }, issues);
}
