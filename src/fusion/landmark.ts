import type { Table } from '../core/table.js';
import type { OutcomeColumns } from './cohort-data.js';

/** Months per week (a month is 30.4375 days). */
export const MONTHS_PER_WEEK = 7 / 30.4375;

/** Column added to the working table with the response category at the landmark. */
export const RESPONSE_COLUMN = 'mrecist_at_landmark';

/** Response groups used as the predictor (CR and PR pooled: objective response). */
export const RESPONSE_LEVELS = ['CR/PR', 'SD', 'PD'] as const;

/** Whether a response scan at `weeks` is known by a landmark at `landmarkMonths` (who enters a landmark analysis, and whom the exported landmark model scores). */
export function scannedByLandmark(weeks: number, landmarkMonths: number): boolean {
  return weeks * MONTHS_PER_WEEK <= landmarkMonths;
}

/** The response group of an mRECIST category (CR and PR pooled; 'CR/PR' itself accepted), null for NE or anything else. */
export function responseGroupOf(category: string | null | undefined): string | null {
  return category === 'CR' || category === 'PR' || category === 'CR/PR' ? 'CR/PR' : category === 'SD' || category === 'PD' ? category : null;
}

/** Who enters a landmark analysis and who does not, per reason. */
export interface LandmarkPopulation {
  readonly landmarkMonths: number;
  /** Cohort rows in the analysis: under observation beyond the landmark, response known by it. */
  readonly rows: readonly number[];
  /** Response group per cohort row (null outside the analysis). */
  readonly response: readonly (string | null)[];
  readonly excluded: {
    /** Event or censoring at or before the landmark (their response cannot predict what already happened). */
    readonly eventOrCensoredBeforeLandmark: number;
    /** First scan after the landmark, or no scan time. */
    readonly scanAfterLandmark: number;
    /** Not evaluable (NE) or no response recorded. */
    readonly notEvaluable: number;
  };
}

/**
 * The landmark population of a response predictor. Response is measured during follow-up, so
 * using it as a baseline covariate credits responders with the time they had to survive to be
 * scanned (immortal-time bias). The landmark method fixes the time origin at L: only patients
 * still under observation after L (time > L) whose response was assessed at or before L enter;
 * their times restart at L (t − L). Patients with the event or censored at or before L are
 * excluded, as are patients scanned after L and not-evaluable responses.
 * @see Anderson, Cain, Gelber. J Clin Oncol 1983;1:710–719 (landmark analysis of response)
 */
export function landmarkPopulation(table: Table, rows: readonly number[], outcome: OutcomeColumns, landmarkMonths: number): LandmarkPopulation {
  const weeks = table.cells.get('followup_weeks');
  const resp = table.cells.get('mrecist');
  const response: (string | null)[] = new Array(table.nRows).fill(null);
  const kept: number[] = [];
  let early = 0;
  let late = 0;
  let ne = 0;
  for (const r of rows) {
    if (!(outcome.time[r] > landmarkMonths)) {
      early++;
      continue;
    }
    const w = weeks?.[r];
    if (w === null || w === undefined || !scannedByLandmark(Number(w), landmarkMonths)) {
      late++;
      continue;
    }
    const group = responseGroupOf(resp?.[r]);
    if (group === null) {
      ne++;
      continue;
    }
    response[r] = group;
    kept.push(r);
  }
  return { landmarkMonths, rows: kept, response, excluded: { eventOrCensoredBeforeLandmark: early, scanAfterLandmark: late, notEvaluable: ne } };
}

/** The working table with the landmark response column added. */
export function withResponseColumn(table: Table, response: readonly (string | null)[]): Table {
  const cells = new Map(table.cells);
  cells.set(RESPONSE_COLUMN, [...response]);
  return { ...table, columns: [...cells.keys()], cells };
}
