import type { Issue, Result } from '../issues.js';
import { fail, issueError, ok } from '../issues.js';
import { roundForCutoff } from './units.js';

/** Target-lesion or overall response category. */
export type ResponseCategory = 'CR' | 'PR' | 'SD' | 'PD';
/** Non-target lesion status; 'none' when the patient has no non-target lesions. */
export type NonTargetStatus = 'CR' | 'non-CR/non-PD' | 'PD' | 'none';
/** Which criteria measure the sums: mRECIST (viable, arterially enhancing) or RECIST 1.1 (whole lesion). */
export type ResponseCriteria = 'mRECIST' | 'RECIST1.1';

/** Sums of target-lesion diameters (mm) at baseline, at the nadir so far and now. */
export interface TargetSums {
  /** Baseline sum (> 0: at least one measurable target). */
  readonly baselineSumMm: number;
  /** Smallest sum recorded since treatment start, baseline included (≤ baseline). */
  readonly nadirSumMm: number;
  readonly currentSumMm: number;
}

/** Per-time-point response with the percentage changes it was decided from. */
export interface TargetResponseResult {
  readonly category: ResponseCategory;
  /** 100 · (current − baseline) / baseline. */
  readonly changeFromBaselinePct: number;
  /** 100 · (current − nadir) / nadir; Infinity when the nadir is 0 and lesions reappeared. */
  readonly changeFromNadirPct: number;
}

function checkSums(s: TargetSums): Issue[] {
  const issues: Issue[] = [];
  for (const k of ['baselineSumMm', 'nadirSumMm', 'currentSumMm'] as const) {
    const v = s[k];
    if (!Number.isFinite(v) || v < 0) issues.push(issueError('out_of_range', [k], `${k} = ${v} is not a diameter sum`, { expected: 'a finite number ≥ 0 (mm)', received: String(v) }));
  }
  if (issues.length) return issues;
  if (s.baselineSumMm <= 0) issues.push(issueError('out_of_range', ['baselineSumMm'], 'no measurable target lesion at baseline', { expected: '> 0 mm', received: String(s.baselineSumMm) }));
  if (s.nadirSumMm > s.baselineSumMm) issues.push(issueError('out_of_range', ['nadirSumMm'], 'the nadir cannot exceed the baseline sum (the baseline counts as a measurement)', { expected: `≤ ${s.baselineSumMm}`, received: String(s.nadirSumMm) }));
  return issues;
}

/**
 * Target-lesion response at one time point.
 * mRECIST (sums of longest *viable*, arterially enhancing diameters): CR = no viable target tissue
 * left (sum 0); PD = ≥ 20 % increase over the nadir; PR = ≥ 30 % decrease from baseline; else SD.
 * RECIST 1.1 (whole-lesion sums): the same, except PD also needs an absolute increase ≥ 5 mm and
 * CR needs every target gone (sum 0; lymph-node short axes < 10 mm are the caller's to zero).
 * PD is tested before PR (a rise from the nadir after a response is progression).
 *
 * @see Lencioni R, Llovet JM, Semin Liver Dis 2010;30:52–60 (mRECIST); Eisenhauer EA et al., Eur J Cancer 2009;45:228–247 (RECIST 1.1).
 */
export function targetResponse(sums: TargetSums, criteria: ResponseCriteria = 'mRECIST'): Result<TargetResponseResult> {
  const issues = checkSums(sums);
  if (issues.length) return fail(issues);
  const { baselineSumMm: b, nadirSumMm: n, currentSumMm: c } = sums;
  const fromBaseline = roundForCutoff((100 * (c - b)) / b);
  const fromNadir = n > 0 ? roundForCutoff((100 * (c - n)) / n) : c > 0 ? Infinity : 0;
  const res = (category: ResponseCategory): Result<TargetResponseResult> => ok({ category, changeFromBaselinePct: fromBaseline, changeFromNadirPct: fromNadir });
  if (c === 0) return res('CR');
  const grew = fromNadir >= 20 && (criteria === 'mRECIST' || roundForCutoff(c - n) >= 5);
  if (grew) return res('PD');
  if (fromBaseline <= -30) return res('PR');
  return res('SD');
}

/**
 * Overall response at one time point from target, non-target and new lesions (RECIST 1.1 logic,
 * used by mRECIST too): any new lesion or non-target PD → PD; target PD → PD; target CR with
 * non-target CR (or none) → CR; target CR with persisting non-target → PR; target PR → PR;
 * target SD → SD.
 *
 * @see Lencioni & Llovet 2010, Table 4; Eisenhauer 2009, Table 1.
 */
export function overallResponse(target: ResponseCategory, nonTarget: NonTargetStatus, newLesion: boolean): ResponseCategory {
  if (newLesion || nonTarget === 'PD' || target === 'PD') return 'PD';
  if (target === 'CR') return nonTarget === 'CR' || nonTarget === 'none' ? 'CR' : 'PR';
  return target;
}

/** Objective response (CR or PR). */
export function isObjectiveResponse(c: ResponseCategory): boolean {
  return c === 'CR' || c === 'PR';
}
