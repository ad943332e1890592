// The problems `predictFittedStudy` finds, each reported once with every model it stops, and how
// they end: errors, or warnings for what is left unscored.
import type { Issue } from '../../core/issues.js';
import { issueError, issueKey, issueWarning } from '../../core/issues.js';
import { lastCurveTime } from './fitted-survival.js';
import type { DerivedInputIssues } from './image-cells.js';
import type { PredictPlan } from './predict-plan.js';
import { derivedHint, derivedKindOf } from './predict-plan.js';
import type { FittedModel } from './types.js';

/** Problems collected over every chosen model, each once (by `issueKey`) with the models it stops. */
export interface PredictIssues {
  /**
   * A problem of a whole column that stops `m`: an absent column, or an image step that could read no
   * patient. Keyed by `issueKey` unless `key` is given (one entry for several columns).
   * @param hint appended to the message (how to give the column)
   */
  addTableIssue(issue: Issue, m: FittedModel, hint?: string, key?: string): void;
  /** A problem of one row's cell that stops `m` (`lenient`: left unscored with a warning whatever `skipInvalid`). */
  addRowIssue(issue: Issue, m: FittedModel, lenient: boolean): void;
  /** A warning about a row that does not stop it (an unseen centre scored unharmonised), once per row. */
  addRowWarning(row: number, warning: Issue): void;
  /**
   * The errors (nothing is scored when there is one) and the warnings: the problems left as warnings
   * (`not scored: …`), the row warnings, and the problems of the image steps `derived` that no chosen
   * model needed.
   */
  settle(plan: PredictPlan, skipInvalid: boolean, derived: readonly DerivedInputIssues[]): { errors: Issue[]; warnings: Issue[] };
}

const nameOf = (m: FittedModel): string => `${m.outcome}/${m.id}`;

/** An empty {@link PredictIssues}. */
export function predictIssues(): PredictIssues {
  const tableIssues = new Map<string, { issue: Issue; by: FittedModel[]; hint: string }>();
  const rowIssues = new Map<string, Issue>();
  const lenientIssues = new Map<string, Issue>();
  const neededBy = new Map<string, Set<string>>();
  const rowWarnings = new Map<number, Issue>();
  const named = (m: Map<string, Issue>) => [...m].map(([key, is]) => ({ ...is, message: `${is.message} (needed by ${[...neededBy.get(key)!].join(', ')})` }));
  return {
    addTableIssue(issue, m, hint = '', key = issueKey(issue)) {
      const e = tableIssues.get(key);
      if (!e) tableIssues.set(key, { issue, by: [m], hint });
      else if (!e.by.includes(m)) e.by.push(m); // one entry per model, however many of its columns the issue stops
    },
    addRowIssue(issue, m, lenient) {
      const key = issueKey(issue);
      const into = lenient ? lenientIssues : rowIssues;
      if (!into.has(key)) into.set(key, issue);
      // every model the cell stops, not only the first (a clinical column, or a mask that two image steps read)
      neededBy.set(key, (neededBy.get(key) ?? new Set()).add(nameOf(m)));
    },
    addRowWarning(row, warning) {
      if (!rowWarnings.has(row)) rowWarnings.set(row, warning);
    },
    settle(plan, skipInvalid, derived) {
      const errors: Issue[] = [];
      const skipped: Issue[] = [];
      for (const { issue, by, hint } of tableIssues.values()) {
        const left = by.every(plan.optional);
        const landmark = by.every(plan.lenient) ? '; the landmark model scores patients whose response at the landmark is known' : '';
        const more = landmark
          ? ''
          : left && plan.onlyThese.length
            ? `; to score only the models these columns allow: --models ${plan.onlyThese.join(',')}`
            : !skipInvalid && plan.onlyThese.length
              ? `; or leave ${by.length > 1 ? 'them' : 'it'} out: --models ${plan.onlyThese.join(',')}, or --skip-invalid`
              : '';
        const iss = { ...issue, message: `${issue.message} (needed by ${by.map(nameOf).join(', ')}${landmark})${hint}${more}` };
        if (skipInvalid || left) skipped.push(iss);
        else errors.push(iss);
      }
      if (skipInvalid) skipped.push(...named(rowIssues));
      else errors.push(...named(rowIssues));
      skipped.push(...named(lenientIssues));
      const warnings = skipped.map((i) => issueWarning(i.code, i.path, `not scored: ${i.message}`, { expected: i.expected, received: i.received }));
      warnings.push(...rowWarnings.values());
      // problems of an image step that no chosen model needed (or that a given cell made up for)
      const reported = new Set([...tableIssues.keys(), ...rowIssues.keys(), ...lenientIssues.keys()]);
      for (const d of derived) {
        for (const is of [...d.tableIssues, ...d.rowIssues.flat()]) {
          const key = issueKey(is);
          if (reported.has(key)) continue;
          reported.add(key);
          warnings.push(issueWarning(is.code, is.path, `${is.message} (no ${d.step} input; no chosen model needed it)`, { expected: is.expected, received: is.received }));
        }
      }
      return { errors, warnings };
    },
  };
}

/**
 * The problems of the input columns `m` lacks: an image step that read no patient (its table
 * issues), an absent column (`missing_column`, with how to give an image-derived one), and for a
 * radiomics model one issue for all its absent feature columns (a model may read a hundred).
 */
export function addAbsentColumnIssues(issues: PredictIssues, m: FittedModel, plan: PredictPlan, source: string): void {
  const absent = plan.absentOf(m);
  const radiomic = absent.filter((c) => derivedKindOf(m, c) === 'radiomics' && !plan.stepOf(c)?.tableIssues.length);
  for (const c of absent) {
    const step = plan.stepOf(c);
    if (step?.tableIssues.length) for (const t of step.tableIssues) issues.addTableIssue(t, m);
    else if (!radiomic.includes(c)) issues.addTableIssue(issueError('missing_column', [source, c], `column "${c}" is absent`, { expected: `a column "${c}"`, received: 'absent' }), m, derivedHint(m, c));
  }
  if (radiomic.length && m.kind === 'radiomics') {
    const ex = m.radiomics.extraction;
    const shown = radiomic.slice(0, 3).map((c) => `"${c}"`).join(', ') + (radiomic.length > 3 ? `, … (${radiomic.length - 3} more)` : '');
    const what = radiomic.length > 1 ? `${radiomic.length} radiomic feature columns are absent: ${shown}` : `column ${shown} is absent`;
    const hint = `: give the selected features (mmf extract's features/radiomic_features.csv joined by patient id) or extract them from the images with --images (columns ${ex.imageColumn}, ${ex.maskColumn})`;
    issues.addTableIssue(issueError('missing_column', [source, radiomic[0]], what, { expected: `the model's ${m.radiomics.selected.length} selected feature column(s)`, received: 'absent' }), m, hint, `missing_column|${nameOf(m)}`);
  }
}

/**
 * Warnings of the models that scored someone: risk groups NA (`single_group`: no training risk
 * groups), horizons after the last training time (`time_beyond_followup`: the last value carried forward).
 */
export function scoredModelWarnings(models: readonly FittedModel[], scored: readonly number[]): Issue[] {
  const warnings: Issue[] = [];
  // only for models that scored someone: a model left out (absent input) carried nothing forward
  models.forEach((m, k) => {
    if (scored[k] === 0) return;
    if (m.riskGroups === null) warnings.push(issueWarning('single_group', ['model', m.outcome, m.id], `${nameOf(m)}: risk_group is NA: the training risks gave no risk groups (the training cut-off left every training patient in one group, or could not be learned; see the study's risk_groups notes); its survival predictions stand`, { expected: 'risk groups learned on the training patients', received: 'none' }));
    const last = lastCurveTime(m);
    const beyond = m.horizonsMonths.filter((h) => h > last);
    // rounded down to 0.1 month, so every horizon listed is still after the time shown
    const shown = String(Math.floor(last * 10) / 10);
    if (beyond.length) warnings.push(issueWarning('time_beyond_followup', ['model', m.outcome, m.id], `${nameOf(m)}: horizon(s) ${beyond.join(', ')} months after the last training time ${shown}; the last value is carried forward`, { expected: `horizons <= ${shown}` }));
  });
  return warnings;
}
