import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';

/** Contrast phases of a liver CT study. */
export const CONTRAST_PHASES = ['non_contrast', 'arterial', 'portal_venous', 'delayed'] as const;
export type ContrastPhase = (typeof CONTRAST_PHASES)[number];

/** What is known about one series. */
export interface PhaseEvidence {
  /** Phase written in the cohort manifest (wins over everything else when present). */
  readonly manifestPhase?: string;
  /** DICOM SeriesDescription (0008,103E). */
  readonly seriesDescription?: string;
  /** DICOM ContrastBolusStartTime (0018,1042), TM "HHMMSS.frac". */
  readonly contrastBolusStartTime?: string;
  /** DICOM AcquisitionTime (0008,0032) or SeriesTime, TM. */
  readonly acquisitionTime?: string;
  /** Names the series in issues. */
  readonly source?: string;
}

/** Result of {@link identifyPhase}. */
export interface PhaseIdentification {
  /** null when no rule decided (an `unknown_phase` warning says why). */
  readonly phase: ContrastPhase | null;
  readonly basis: 'manifest' | 'description' | 'timing' | 'none';
  /** Delay after contrast start in seconds, from the description ("35s", "3 min") or the DICOM times. */
  readonly delaySeconds: number | null;
  readonly issues: readonly Issue[];
}

/**
 * Keyword rules, applied to the description lower-cased with `_ - / ( ) :` and non-decimal dots turned into spaces and
 * digits split from letters ("ART35s" → "art 35 s"); a keyword matches whole words only.
 * "late arterial" / "late art" is arterial (late is a modifier there); "late" alone is delayed.
 */
export const PHASE_KEYWORDS: Readonly<Record<ContrastPhase, readonly string[]>> = {
  non_contrast: ['nc', 'non contrast', 'noncontrast', 'plain', 'native', 'pre', 'precontrast', 'pre contrast', 'unenhanced', 'without contrast', 'w o'],
  arterial: ['art', 'arterial', 'arteriel', 'hap', 'lap', 'eap', 'early arterial', 'late arterial'],
  portal_venous: ['pv', 'pvp', 'portal', 'portal venous', 'portovenous', 'venous', 'ven', 'vp'],
  delayed: ['delay', 'delayed', 'del', 'equilibrium', 'equil', 'eq', 'late', 'transitional', 'tp'],
};

/**
 * Timing bands in seconds after contrast injection (typical multiphase liver CT protocols, e.g. the
 * LI-RADS CT technique: late arterial ≈ 35–45 s, portal venous ≈ 60–80 s, delayed ≈ 3–5 min):
 * [10, 50) arterial, [50, 120) portal venous, ≥ 120 delayed. Below 10 s nothing is decided.
 */
export const PHASE_TIMING_BANDS_S = { arterialFrom: 10, portalVenousFrom: 50, delayedFrom: 120 } as const;

function normalise(text: string): string {
  return ` ${text.toLowerCase().replace(/(?<!\d)\.|\.(?!\d)/g, ' ').replace(/[_\-/():,;+]+/g, ' ').replace(/(\d)([a-z])/g, '$1 $2').replace(/([a-z])(\d)/g, '$1 $2').replace(/\s+/g, ' ').trim()} `;
}

/** Parse a manifest phase value (names and the same keywords as descriptions); null when unknown. */
export function parsePhaseName(value: string): ContrastPhase | null {
  const v = normalise(value).trim().replace(/ /g, '_');
  if ((CONTRAST_PHASES as readonly string[]).includes(v)) return v as ContrastPhase;
  const hits = phasesInText(value);
  return hits.length === 1 ? hits[0] : null;
}

function phasesInText(text: string): ContrastPhase[] {
  let t = normalise(text);
  const hits = new Set<ContrastPhase>();
  // "late arterial" must not count as "late" (delayed)
  for (const phrase of [' late arterial ', ' late art ']) {
    if (t.includes(phrase)) {
      hits.add('arterial');
      t = t.split(phrase).join(' ');
    }
  }
  for (const phase of CONTRAST_PHASES) {
    for (const k of PHASE_KEYWORDS[phase]) if (t.includes(` ${k} `)) hits.add(phase);
  }
  // "non contrast" also contains "contrast"; "portal venous" contains "venous": same phase, no conflict
  return [...hits];
}

/** Delay in seconds written in a description: "35s", "35 sec", "3min", "3 min", "180 s". */
export function delayFromDescription(text: string): number | null {
  const m = normalise(text).match(/ (\d+(?:\.\d+)?) ?(s|sec|secs|second|seconds|min|mins|minute|minutes|m) /);
  if (!m) return null;
  const v = Number(m[1]);
  return m[2].startsWith('m') ? v * 60 : v;
}

/** Seconds since midnight of a DICOM TM value ("HHMMSS.ffffff", "HH:MM:SS" also accepted). */
export function secondsOfDicomTime(tm: string): number | null {
  const t = tm.trim().replace(/:/g, '');
  const m = t.match(/^(\d{2})(\d{2})?(\d{2})?(\.\d+)?$/);
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Number(m[4] ?? 0);
}

/** Phase implied by a delay (see {@link PHASE_TIMING_BANDS_S}). */
export function phaseFromDelay(seconds: number): ContrastPhase | null {
  const b = PHASE_TIMING_BANDS_S;
  if (seconds >= b.delayedFrom) return 'delayed';
  if (seconds >= b.portalVenousFrom) return 'portal_venous';
  if (seconds >= b.arterialFrom) return 'arterial';
  return null;
}

/**
 * Decide the contrast phase of one series. Rules, in order:
 * 1. a manifest value wins (phase names or the description keywords; an unrecognised value is an
 *    `unknown_phase` **error**);
 * 2. SeriesDescription keywords ({@link PHASE_KEYWORDS}); when they name one phase it is used, and a
 *    delay that points to another phase gives an `inferred_value` warning (the label wins: it is what the
 *    radiographer chose);
 * 3. the delay, from the description ("ART 35s" → 35 s, "DELAY 3min" → 180 s) or from
 *    AcquisitionTime − ContrastBolusStartTime, mapped by {@link PHASE_TIMING_BANDS_S};
 * 4. otherwise null with an `unknown_phase` warning (also when keywords name several phases and no
 *    delay breaks the tie).
 */
export function identifyPhase(e: PhaseEvidence): PhaseIdentification {
  const source = e.source ?? 'series';
  const issues: Issue[] = [];
  let delay = e.seriesDescription ? delayFromDescription(e.seriesDescription) : null;
  if (delay === null && e.contrastBolusStartTime && e.acquisitionTime) {
    const a = secondsOfDicomTime(e.acquisitionTime);
    const s = secondsOfDicomTime(e.contrastBolusStartTime);
    if (a !== null && s !== null) delay = a >= s ? a - s : a + 86400 - s; // across midnight
  }
  if (e.manifestPhase !== undefined && e.manifestPhase.trim() !== '') {
    const p = parsePhaseName(e.manifestPhase);
    if (p === null) {
      issues.push(issueError('unknown_phase', [source, 'phase'], `manifest phase "${e.manifestPhase}" is not a known contrast phase`, { expected: CONTRAST_PHASES.join(', '), received: e.manifestPhase }));
      return { phase: null, basis: 'none', delaySeconds: delay, issues };
    }
    return { phase: p, basis: 'manifest', delaySeconds: delay, issues };
  }
  const byDelay = delay === null ? null : phaseFromDelay(delay);
  const hits = e.seriesDescription ? phasesInText(e.seriesDescription) : [];
  if (hits.length === 1) {
    if (byDelay !== null && byDelay !== hits[0]) {
      issues.push(issueWarning('inferred_value', [source, 'SeriesDescription'], `description says ${hits[0]} but the delay of ${delay} s suggests ${byDelay}; the description was used`, { received: e.seriesDescription }));
    }
    return { phase: hits[0], basis: 'description', delaySeconds: delay, issues };
  }
  if (byDelay !== null && (hits.length === 0 || hits.includes(byDelay))) return { phase: byDelay, basis: 'timing', delaySeconds: delay, issues };
  const why = hits.length > 1 ? `description names several phases (${hits.join(', ')})` : 'no phase keyword or contrast timing found';
  issues.push(issueWarning('unknown_phase', [source, 'SeriesDescription'], `cannot identify the contrast phase: ${why}`, { expected: 'a manifest phase, a keyword such as ART/PV/DELAY, or contrast timing', received: e.seriesDescription ?? 'no description' }));
  return { phase: null, basis: 'none', delaySeconds: delay, issues };
}
