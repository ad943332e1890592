// One cell of a patients table as a fitted model's input: its value, or the issue that stops it.
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { responseGroupOf, scannedByLandmark } from '../landmark.js';
import type { FittedModel, FittedRadiomicsModel } from './types.js';

/** A model input cell checked: the value the model reads, or the issue that stops it; a warning that does not. */
export interface ModelInputValue {
  readonly value: string | null;
  readonly issue: Issue | null;
  readonly warning: Issue | null;
}

const fmtWeeks = (w: number): string => String(Number(w.toFixed(3)));

function levelsOf(m: FittedModel, column: string): readonly string[] {
  return m.design.factors.find((f) => f.column === column)?.levels ?? [];
}

/**
 * Value of a model input for one patient, or the issue that stops it: an empty cell
 * (`missing_value`), not a number (`not_a_number`), a level unseen in training or a response the
 * landmark model does not score (`unknown_level`), a value outside a transform's domain or a scan
 * after the landmark (`out_of_range`). The `log10p1` transform is applied.
 * @param row 1-based table row, for the issue path and message
 */
export function modelInputValue(m: FittedModel, inp: FittedModel['inputs'][number], cell: string | null, pid: string, row: number, source: string): ModelInputValue {
  const path = [source, 'row', row, inp.column];
  const who = `patient ${pid} (row ${row})`;
  const stop = (issue: Issue): ModelInputValue => ({ value: null, issue, warning: null });
  const take = (value: string): ModelInputValue => ({ value, issue: null, warning: null });
  if (cell === null) return stop(issueError('missing_value', path, `${who}: "${inp.column}" is missing`, { expected: inp.kind === 'factor' ? levelsOf(m, inp.modelColumn).join(', ') : 'a number', received: 'NA' }));
  if (inp.transform === 'response_group') {
    const group = responseGroupOf(cell);
    const levels = levelsOf(m, inp.modelColumn);
    if (group === null || !levels.includes(group)) return stop(issueError('unknown_level', path, `${who}: "${inp.column}" is "${cell}"; the landmark model scores ${levels.join(', ')} (CR and PR pooled; a not-evaluable response has no landmark prediction)`, { expected: 'CR, PR, SD or PD', received: cell }));
    return take(group);
  }
  if (inp.kind === 'factor') {
    const levels = levelsOf(m, inp.modelColumn);
    if (!levels.includes(cell)) return stop(issueError('unknown_level', path, `${who}: "${inp.column}" has level "${cell}", not seen in training`, { expected: levels.join(', '), received: cell }));
    return take(cell);
  }
  const x = Number(cell);
  if (!Number.isFinite(x)) return stop(issueError('not_a_number', path, `${who}: "${inp.column}" is not a number`, { expected: 'a number', received: cell }));
  if (inp.transform === 'landmark_scan') {
    const L = m.kind === 'forest' ? null : m.landmark ?? null;
    if (L === null) throw new HccError('E_INTERNAL', `${m.outcome}/${m.id}: a landmark_scan input on a model without a landmark`);
    // as landmarkPopulation: a scan after the landmark leaves the patient out
    if (!scannedByLandmark(x, L.months)) return stop(issueError('out_of_range', path, `${who}: the response was assessed at week ${x}, after the landmark (week ${fmtWeeks(L.weeks)}); the landmark model scores only responses known by the landmark`, { expected: `<= ${fmtWeeks(L.weeks)} weeks`, received: cell }));
    return take(cell);
  }
  if (inp.transform === 'log10p1') {
    if (!(x > -1)) return stop(issueError('out_of_range', path, `${who}: "${inp.column}" must exceed -1 for log10(1 + x)`, { expected: '> -1', received: cell }));
    return take(String(Math.log10(1 + x)));
  }
  return take(cell);
}

/**
 * The ComBat centre of one patient for a radiomics model: a training centre is harmonised with its
 * estimates; an unseen centre is scored unharmonised with a warning when the study left such centres
 * as they were (`unseenCentres: none`), else it is an `unknown_level` issue (the study standardised
 * unseen centres with the moments of all their cohort patients, which one new patient cannot give).
 * @param row 1-based table row, for the issue path and message
 */
export function centreInputValue(m: FittedRadiomicsModel, cell: string | null, pid: string, row: number, source: string): ModelInputValue {
  const c = m.radiomics.combat!;
  const path = [source, 'row', row, c.centreColumn];
  const who = `patient ${pid} (row ${row})`;
  const known = c.centres.map((b) => b.centre);
  if (cell === null) return { value: null, issue: issueError('missing_value', path, `${who}: "${c.centreColumn}" is missing (ComBat harmonisation needs the centre)`, { expected: known.join(', '), received: 'NA' }), warning: null };
  if (known.includes(cell)) return { value: cell, issue: null, warning: null };
  if (c.unseenCentres === 'none') return { value: cell, issue: null, warning: issueWarning('unknown_level', path, `${who}: centre "${cell}" had no training patients; its radiomic features are scored without ComBat harmonisation, as the study scores unseen centres (unseenCentres: none)`, { expected: known.join(', '), received: cell }) };
  return { value: null, issue: issueError('unknown_level', path, `${who}: centre "${cell}" had no training patients, so ComBat has no estimates for it (the study standardised unseen centres with their own cohort moments, which a new patient alone cannot give)`, { expected: known.join(', '), received: cell }), warning: null };
}
