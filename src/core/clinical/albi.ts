import type { Issue, Result } from '../issues.js';
import { fail, ok } from '../issues.js';
import { checkValue, PLAUSIBLE } from './lab-checks.js';

/** ALBI grade (Johnson 2015). */
export type AlbiGrade = 1 | 2 | 3;
/** Modified ALBI grade (Hiraoka 2017): grade 2 split at −2.270. */
export type MalbiGrade = '1' | '2a' | '2b' | '3';

export const MALBI_GRADES: readonly MalbiGrade[] = ['1', '2a', '2b', '3'];

/** Cut-offs: grade 1 ≤ −2.60 < grade 2 ≤ −1.39 < grade 3; mALBI 2a ≤ −2.270 < 2b. */
export const ALBI_CUTOFFS = { grade1Max: -2.6, grade2aMax: -2.27, grade2Max: -1.39 } as const;

/** ALBI score with its grade and modified grade. */
export interface AlbiResult {
  readonly score: number;
  readonly grade: AlbiGrade;
  readonly mAlbiGrade: MalbiGrade;
}

/** Grade and modified grade of an ALBI score. */
export function albiGrades(score: number): { grade: AlbiGrade; mAlbiGrade: MalbiGrade } {
  if (score <= ALBI_CUTOFFS.grade1Max) return { grade: 1, mAlbiGrade: '1' };
  if (score <= ALBI_CUTOFFS.grade2aMax) return { grade: 2, mAlbiGrade: '2a' };
  if (score <= ALBI_CUTOFFS.grade2Max) return { grade: 2, mAlbiGrade: '2b' };
  return { grade: 3, mAlbiGrade: '3' };
}

/**
 * Albumin-bilirubin (ALBI) score
 * `ALBI = 0.66 · log10(bilirubin µmol/L) − 0.085 · albumin g/L`, graded 1 (≤ −2.60),
 * 2 (−2.60 < ALBI ≤ −1.39), 3 (> −1.39); modified ALBI splits grade 2 into 2a (≤ −2.270) and 2b.
 * Bilirubin must be > 0 (log). Units are checked as in `childPugh` (albumin < 10 g/L is taken for
 * g/dL: error `suspect_unit`).
 *
 * @see Johnson PJ et al., J Clin Oncol 2015;33:550–558 (ALBI); Hiraoka A et al., Liver Cancer 2017;6:325–336 (mALBI).
 */
export function albi(input: { readonly bilirubinUmolPerL: number; readonly albuminGPerL: number }): Result<AlbiResult> {
  const issues: Issue[] = [
    ...checkValue(input.bilirubinUmolPerL, { ...PLAUSIBLE.bilirubinUmolPerL, min: Number.MIN_VALUE }, ['bilirubinUmolPerL']),
    ...checkValue(input.albuminGPerL, PLAUSIBLE.albuminGPerL, ['albuminGPerL']),
  ];
  if (issues.some((i) => i.severity === 'error')) return fail(issues);
  const score = 0.66 * Math.log10(input.bilirubinUmolPerL) - 0.085 * input.albuminGPerL;
  return ok({ score, ...albiGrades(score) }, issues);
}
