import type { Issue, Result } from '../issues.js';
import { fail, issueError, ok } from '../issues.js';
import type { ChildPughClass } from './child-pugh.js';
import { checkLevel, checkValue, PLAUSIBLE } from './lab-checks.js';

/** BCLC stage (2022 update). */
export type BclcStage = '0' | 'A' | 'B' | 'C' | 'D';
export const BCLC_STAGES: readonly BclcStage[] = ['0', 'A', 'B', 'C', 'D'];

/** What BCLC staging needs. */
export interface BclcInput {
  /** ECOG performance status 0–4. */
  readonly ecog: number;
  readonly childPughClass: ChildPughClass;
  /** Macrovascular (portal) invasion, any Vp grade. */
  readonly macrovascularInvasion: boolean;
  readonly extrahepaticSpread: boolean;
  /** Number of intrahepatic nodules (≥ 1). */
  readonly tumourCount: number;
  /** Largest nodule diameter, cm. */
  readonly largestDiameterCm: number;
}

/** Stage and the rule that decided it. */
export interface BclcResult {
  readonly stage: BclcStage;
  /** Which rule matched first, in words (for reports). */
  readonly rule: string;
}

/**
 * BCLC stage by the 2022 update, encoded as ordered rules (first match wins):
 * D — Child-Pugh C (end-stage liver function) or ECOG 3–4;
 * C — macrovascular invasion and/or extrahepatic spread, or ECOG 1–2;
 * 0 — single nodule ≤ 2 cm; A — single nodule, or 2–3 nodules all ≤ 3 cm;
 * B — otherwise (multinodular beyond A). "Preserved liver function" is taken as Child-Pugh A or B
 * (the generator population's practice, cohort-priors.md §1.5); the 2022 refinements of B into
 * three sub-groups are not encoded. `tumourCount` is the nodule count: with 2–3 nodules
 * `largestDiameterCm` ≤ 3 means all are ≤ 3 cm.
 *
 * @see Reig M et al., J Hepatol 2022;76:681–693.
 */
export function bclcStage(input: BclcInput): Result<BclcResult> {
  const issues: Issue[] = [
    ...checkLevel(input.childPughClass, ['A', 'B', 'C'] as const, ['childPughClass']),
    ...checkValue(input.largestDiameterCm, PLAUSIBLE.diameterCm, ['largestDiameterCm']),
  ];
  if (!Number.isInteger(input.ecog) || input.ecog < 0 || input.ecog > 4) {
    issues.push(issueError('out_of_range', ['ecog'], `ecog = ${input.ecog} is not an ECOG performance status`, { expected: 'an integer 0–4', received: String(input.ecog) }));
  }
  if (!Number.isInteger(input.tumourCount) || input.tumourCount < 1) {
    issues.push(issueError('out_of_range', ['tumourCount'], `tumourCount = ${input.tumourCount} is not a positive integer`, { expected: 'an integer ≥ 1', received: String(input.tumourCount) }));
  }
  for (const k of ['macrovascularInvasion', 'extrahepaticSpread'] as const) {
    if (typeof input[k] !== 'boolean') issues.push(issueError('missing_value', [k], `${k} must be true or false`, { expected: 'boolean', received: String(input[k]) }));
  }
  if (issues.some((i) => i.severity === 'error')) return fail(issues);
  const r = (stage: BclcStage, rule: string): Result<BclcResult> => ok({ stage, rule }, issues);
  if (input.childPughClass === 'C') return r('D', 'end-stage liver function (Child-Pugh C)');
  if (input.ecog >= 3) return r('D', 'ECOG 3-4');
  if (input.macrovascularInvasion) return r('C', 'macrovascular invasion');
  if (input.extrahepaticSpread) return r('C', 'extrahepatic spread');
  if (input.ecog >= 1) return r('C', 'ECOG 1-2 (cancer-related symptoms)');
  if (input.tumourCount === 1) return input.largestDiameterCm <= 2 ? r('0', 'single nodule <= 2 cm') : r('A', 'single nodule');
  if (input.tumourCount <= 3 && input.largestDiameterCm <= 3) return r('A', '2-3 nodules, all <= 3 cm');
  return r('B', 'multinodular beyond BCLC A');
}
