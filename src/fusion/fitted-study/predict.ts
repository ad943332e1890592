// `mmf predict`'s scoring of new patients: check every chosen model's inputs row by row, score the
// rows that pass, and report every problem at once (the plan, cell checks, scoring and issue
// bookkeeping live in their own files: predict-plan, model-input-value, score-rows, predict-issues).
import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, ok } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { centreInputValue, modelInputValue } from './model-input-value.js';
import { addAbsentColumnIssues, predictIssues, scoredModelWarnings } from './predict-issues.js';
import { derivedWhy, planPrediction } from './predict-plan.js';
import type { FittedPredictions, PatientPrediction, PredictFittedOptions } from './predict-types.js';
import type { CheckedCells } from './score-rows.js';
import { scoreCheckedRows } from './score-rows.js';
import type { FittedStudy } from './types.js';

/** Empty or duplicate patient ids (`missing_value`, `duplicate_id`), naming the row. */
function idIssues(ids: readonly (string | null)[], idColumn: string, source: string): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id === null) issues.push(issueError('missing_value', [source, 'row', i + 1, idColumn], `row ${i + 1}: the patient id is empty`, { expected: 'a patient id', received: 'NA' }));
    else if (seen.has(id)) issues.push(issueError('duplicate_id', [source, 'row', i + 1, idColumn], `row ${i + 1}: patient id "${id}" also on row ${seen.get(id)}`, { expected: 'unique patient ids', received: id }));
    else seen.set(id, i + 1);
  });
  return issues;
}

/**
 * Score new patients with every model of a fitted study: the linear predictor (centred at the
 * training means, as the study's predictions), the risk group by the training cut-off(s), and
 * S(h | x) with a 95 % CI at each of the model's horizons (the MMF forest: its risk and S(h | x),
 * no CI, see {@link PatientPrediction}). The radiomics model reads its selected raw feature columns
 * (`tumour.<id>` / `ring.<id>`, and the centre with ComBat), harmonises them with the training
 * centre's ComBat estimates, forms the LASSO score and scores it like a Cox model. The mRECIST
 * landmark model reads the response category (`mrecist`, CR and PR pooled) and the scan week
 * (`followup_weeks`, at or before the landmark) and predicts for a patient alive at the landmark,
 * horizons counted from it (`landmarkMonths`); unless it is named in `models`, a patient it cannot
 * score (no response column, a not-evaluable response, a scan after the landmark) is left out of it
 * with a warning, since patients scored at baseline have no response yet. Likewise a model whose only
 * absent columns are image-derived (`ensemble_dl_<outcome>`, radiomic features) with no step asked to
 * derive them is, unless named in `models` or nothing else can be scored, left out with a
 * `missing_column` warning saying how to give them. The problems of those steps (`derived`) replace
 * the empty cells they explain. Every problem is collected at once, once per code and place
 * (`issueKey`: a cell that several models read, or a mask that both image steps read, is one issue
 * listing every model it stops), naming patient id, row and column: a needed column absent from the
 * table (`missing_column`), an empty cell (`missing_value`), a value that is not a number
 * (`not_a_number`), a factor level unseen in training (`unknown_level`), a value outside a
 * transform's domain (`out_of_range`). With `skipInvalid` those patient × model pairs are left out
 * and the issues become warnings.
 */
export function predictFittedStudy(fitted: FittedStudy, table: Table, options: PredictFittedOptions = {}): Result<FittedPredictions> {
  const source = options.source ?? table.source;
  const idColumn = options.idColumn ?? fitted.patientIdColumn;
  const confLevel = options.confLevel ?? 0.95;
  const ids = table.cells.get(idColumn);
  if (!ids) return fail([issueError('missing_column', [source, idColumn], `the patients table has no id column "${idColumn}"`, { expected: idColumn, received: table.columns.join(', ') })]);
  const early = idIssues(ids, idColumn, source);
  if (options.models) for (const id of options.models) if (!fitted.models.some((m) => m.id === id)) early.push(issueError('bad_option', ['models', id], `model "${id}" is not in the fitted study`, { expected: [...new Set(fitted.models.map((m) => m.id))].join(', '), received: id }));
  if (early.length) return fail(early);
  const plan = planPrediction(fitted, table, options);
  const issues = predictIssues();
  for (const m of plan.models) addAbsentColumnIssues(issues, m, plan, source);
  const out: PatientPrediction[] = [];
  const counts: { outcome: string; model: string; scored: number }[] = [];
  for (const m of plan.models) {
    if (plan.absentOf(m).length) {
      counts.push({ outcome: m.outcome, model: m.id, scored: 0 });
      continue;
    }
    const lenient = plan.lenient(m);
    const cells: CheckedCells = new Map();
    for (const inp of m.inputs) cells.set(inp.modelColumn, new Array(table.nRows).fill(null));
    const good: number[] = [];
    for (let r = 0; r < table.nRows; r++) {
      const pid = ids[r] ?? `row ${r + 1}`;
      let okRow = true;
      for (const inp of m.inputs) {
        const cell = table.cells.get(inp.column)![r];
        const why = cell === null ? derivedWhy(plan.stepOf(inp.column), r) : null;
        if (why) {
          // an image-derived cell left empty: the step's problems say why (an image column the
          // table lacks: one issue for the table, with the models it stops)
          okRow = false;
          for (const is of why.issues) {
            if (why.table) issues.addTableIssue(is, m);
            else issues.addRowIssue(is, m, lenient);
          }
          continue;
        }
        const isCentre = m.kind === 'radiomics' && m.radiomics.combat !== null && inp.column === m.radiomics.combat.centreColumn;
        const v = isCentre ? centreInputValue(m, cell, pid, r + 1, source) : modelInputValue(m, inp, cell, pid, r + 1, source);
        if (v.warning) issues.addRowWarning(r, v.warning);
        if (v.issue) {
          okRow = false;
          issues.addRowIssue(v.issue, m, lenient);
        } else cells.get(inp.modelColumn)![r] = v.value;
      }
      if (okRow) good.push(r);
    }
    counts.push({ outcome: m.outcome, model: m.id, scored: good.length });
    out.push(...scoreCheckedRows(m, cells, good, ids, table.nRows, source, confLevel));
  }
  const { errors, warnings } = issues.settle(plan, options.skipInvalid ?? false, options.derived ?? []);
  if (errors.length) return fail(errors);
  warnings.push(...scoredModelWarnings(plan.models, counts.map((c) => c.scored)));
  return ok({ rows: out, models: counts }, warnings);
}
