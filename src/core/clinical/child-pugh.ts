import type { Issue, Result } from '../issues.js';
import { fail, ok } from '../issues.js';
import { checkLevel, checkValue, PLAUSIBLE } from './lab-checks.js';
import { bilirubinUmolLToMgDl, roundForCutoff } from './units.js';

/** Ascites grade as scored by Child-Pugh. */
export type AscitesGrade = 'none' | 'mild' | 'moderate-severe';
/** Hepatic encephalopathy grade as scored by Child-Pugh (West Haven 1–2 vs 3–4). */
export type EncephalopathyGrade = 'none' | 'grade-1-2' | 'grade-3-4';

export const ASCITES_GRADES: readonly AscitesGrade[] = ['none', 'mild', 'moderate-severe'];
export const ENCEPHALOPATHY_GRADES: readonly EncephalopathyGrade[] = ['none', 'grade-1-2', 'grade-3-4'];

/** The five Child-Pugh items. Laboratory units are in the names. */
export interface ChildPughInput {
  readonly bilirubinUmolPerL: number;
  readonly albuminGPerL: number;
  readonly inr: number;
  readonly ascites: AscitesGrade;
  readonly encephalopathy: EncephalopathyGrade;
}

/** Child-Pugh class. */
export type ChildPughClass = 'A' | 'B' | 'C';

/** Points per item, the total and the class. */
export interface ChildPughResult {
  readonly points: { readonly bilirubin: 1 | 2 | 3; readonly albumin: 1 | 2 | 3; readonly inr: 1 | 2 | 3; readonly ascites: 1 | 2 | 3; readonly encephalopathy: 1 | 2 | 3 };
  /** Total 5–15. */
  readonly score: number;
  readonly childPughClass: ChildPughClass;
  /** Class and score, e.g. "A5", "B7". */
  readonly label: string;
}

/** Points for a value with a middle band inclusive at both ends: < lo → 1, lo..hi → 2, > hi → 3. */
function bandPoints(x: number, lo: number, hi: number): 1 | 2 | 3 {
  return x < lo ? 1 : x <= hi ? 2 : 3;
}

/** Class from a total score: A 5–6, B 7–9, C 10–15. */
export function childPughClassOf(score: number): ChildPughClass {
  return score <= 6 ? 'A' : score <= 9 ? 'B' : 'C';
}

/**
 * Child-Pugh (Child-Turcotte-Pugh) score: each item 1–3 points, total 5–15, class A 5–6, B 7–9,
 * C 10–15. Bilirubin < 2 / 2–3 / > 3 mg/dL (compared in mg/dL after converting µmol/L / 17.1);
 * albumin > 35 / 28–35 / < 28 g/L (Pugh's 2.8 g/dL cut); INR < 1.7 / 1.7–2.3 / > 2.3; ascites
 * none / mild / moderate-severe; encephalopathy none / grade 1–2 / grade 3–4. Middle bands are
 * inclusive at both ends (cohort-priors.md §1.2).
 *
 * Input problems are returned as issues: `missing_value`, `out_of_range`, `unknown_level`, and
 * `suspect_unit` (albumin below 10 "g/L" is g/dL — an error; bilirubin below 3 "µmol/L" may be
 * mg/dL — a warning).
 *
 * @see Pugh RNH et al., Br J Surg 1973;60:646–649.
 */
export function childPugh(input: ChildPughInput): Result<ChildPughResult> {
  const issues: Issue[] = [
    ...checkValue(input.bilirubinUmolPerL, PLAUSIBLE.bilirubinUmolPerL, ['bilirubinUmolPerL']),
    ...checkValue(input.albuminGPerL, PLAUSIBLE.albuminGPerL, ['albuminGPerL']),
    ...checkValue(input.inr, PLAUSIBLE.inr, ['inr']),
    ...checkLevel(input.ascites, ASCITES_GRADES, ['ascites']),
    ...checkLevel(input.encephalopathy, ENCEPHALOPATHY_GRADES, ['encephalopathy']),
  ];
  if (issues.some((i) => i.severity === 'error')) return fail(issues);
  const points = {
    bilirubin: bandPoints(roundForCutoff(bilirubinUmolLToMgDl(input.bilirubinUmolPerL)), 2, 3),
    albumin: (input.albuminGPerL > 35 ? 1 : input.albuminGPerL >= 28 ? 2 : 3) as 1 | 2 | 3,
    inr: bandPoints(input.inr, 1.7, 2.3),
    ascites: (ASCITES_GRADES.indexOf(input.ascites) + 1) as 1 | 2 | 3,
    encephalopathy: (ENCEPHALOPATHY_GRADES.indexOf(input.encephalopathy) + 1) as 1 | 2 | 3,
  };
  const score = points.bilirubin + points.albumin + points.inr + points.ascites + points.encephalopathy;
  const cls = childPughClassOf(score);
  return ok({ points, score, childPughClass: cls, label: `${cls}${score}` }, issues);
}
