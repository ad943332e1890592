import { HccError } from '../../core/errors.js';
import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueKey, issueWarning, ok } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { SurvivalForest } from '../../survival/index.js';
import { applyDesign, predictSurvivalForest, survivalConfidenceBand, survivalForestFromJson } from '../../survival/index.js';
import { stepIndex } from '../cox-model.js';
import { responseGroupOf, scannedByLandmark } from '../landmark.js';
import { radiomicsScoreOf } from './radiomics-score.js';
import type { DerivedInputIssues } from './image-cells.js';
import type { FittedCoxModel, FittedForestModel, FittedModel, FittedRadiomicsModel, FittedStudy } from './types.js';

/** One prediction: a patient, an outcome's model, a horizon. */
export interface PatientPrediction {
  readonly patientId: string;
  readonly outcome: string;
  readonly model: string;
  /**
   * The study's `predictions.csv` `risk`: (x − training means)'β̂ for a Cox model; for the forest
   * (`mmf-rsf`) its mortality Σ_t Ĥ(t | x) over the training death times.
   */
  readonly linearPredictor: number;
  /** By the training cut-off(s): 'low' / 'high' (or 'intermediate' with tertiles); null when the model has none. */
  readonly riskGroup: string | null;
  readonly horizonMonths: number;
  /**
   * The landmark (months) of a landmark model (mRECIST), else null. With a landmark, the horizon
   * counts from it and S is the probability, for a patient alive at the landmark, of surviving
   * `horizonMonths` more months.
   */
  readonly landmarkMonths: number | null;
  /** S(h | x) = exp(−Λ0(h) e^{lp}) (Cox); exp(−Ĥ(h | x)) (forest). */
  readonly survival: number;
  /**
   * 95 % CI of S(h | x) on the log scale with the Tsiatis variance (R `survfit.coxph` defaults); NaN
   * only where R gives NA. null for the forest: it has no closed-form variance of S(h | x) (an
   * infinitesimal-jackknife interval would need each tree's in-bag counts, which are not kept).
   */
  readonly lower95: number | null;
  readonly upper95: number | null;
  /** Standard error of Λ(h | x) (= se of log S); null for the forest. */
  readonly stdErrCumhaz: number | null;
}

/** Options of {@link predictFittedStudy}. */
export interface PredictFittedOptions {
  /** Name of the table in issues (file name). */
  readonly source?: string;
  /** Patient id column (default: the study's, `patient_id`). */
  readonly idColumn?: string;
  /** Score only these model ids (default every model). */
  readonly models?: readonly string[];
  /** Only these outcomes (default every outcome). */
  readonly outcomes?: readonly string[];
  /** A patient × model that cannot be scored is left out with a warning (default: every problem is an error). */
  readonly skipInvalid?: boolean;
  /** Confidence level (default 0.95). */
  readonly confLevel?: number;
  /**
   * Problems of the steps that derived input columns from the patients' images (`--images`,
   * `--dl-model`): a derived cell left empty is reported by the problem that emptied it (once,
   * with the models that needed it) instead of as a `missing_value` of the derived column.
   */
  readonly derived?: readonly DerivedInputIssues[];
}

/** Result of {@link predictFittedStudy}. */
export interface FittedPredictions {
  readonly rows: readonly PatientPrediction[];
  readonly models: readonly { outcome: string; model: string; scored: number }[];
}

/** Value of a model input for one patient, or the issue that stops it (null cell, not a number, out of range, unknown level). */
function inputValue(m: FittedModel, inp: FittedModel['inputs'][number], cell: string | null, pid: string, row: number, source: string): { value: string | null; issue: Issue | null } {
  const path = [source, 'row', row, inp.column];
  const who = `patient ${pid} (row ${row})`;
  if (cell === null) return { value: null, issue: issueError('missing_value', path, `${who}: "${inp.column}" is missing`, { expected: inp.kind === 'factor' ? levelsOf(m, inp.modelColumn).join(', ') : 'a number', received: 'NA' }) };
  if (inp.transform === 'response_group') {
    const group = responseGroupOf(cell);
    const levels = levelsOf(m, inp.modelColumn);
    if (group === null || !levels.includes(group)) return { value: null, issue: issueError('unknown_level', path, `${who}: "${inp.column}" is "${cell}"; the landmark model scores ${levels.join(', ')} (CR and PR pooled; a not-evaluable response has no landmark prediction)`, { expected: 'CR, PR, SD or PD', received: cell }) };
    return { value: group, issue: null };
  }
  if (inp.kind === 'factor') {
    const levels = levelsOf(m, inp.modelColumn);
    if (!levels.includes(cell)) return { value: null, issue: issueError('unknown_level', path, `${who}: "${inp.column}" has level "${cell}", not seen in training`, { expected: levels.join(', '), received: cell }) };
    return { value: cell, issue: null };
  }
  const x = Number(cell);
  if (!Number.isFinite(x)) return { value: null, issue: issueError('not_a_number', path, `${who}: "${inp.column}" is not a number`, { expected: 'a number', received: cell }) };
  if (inp.transform === 'landmark_scan') {
    const L = m.kind === 'forest' ? null : m.landmark ?? null;
    if (L === null) throw new HccError('E_INTERNAL', `${m.outcome}/${m.id}: a landmark_scan input on a model without a landmark`);
    // as landmarkPopulation: a scan after the landmark leaves the patient out
    if (!scannedByLandmark(x, L.months)) return { value: null, issue: issueError('out_of_range', path, `${who}: the response was assessed at week ${x}, after the landmark (week ${fmtWeeks(L.weeks)}); the landmark model scores only responses known by the landmark`, { expected: `<= ${fmtWeeks(L.weeks)} weeks`, received: cell }) };
    return { value: cell, issue: null };
  }
  if (inp.transform === 'log10p1') {
    if (!(x > -1)) return { value: null, issue: issueError('out_of_range', path, `${who}: "${inp.column}" must exceed -1 for log10(1 + x)`, { expected: '> -1', received: cell }) };
    return { value: String(Math.log10(1 + x)), issue: null };
  }
  return { value: cell, issue: null };
}

/**
 * The ComBat centre of one patient for a radiomics model: a training centre is harmonised with its
 * estimates; an unseen centre is scored unharmonised with a warning when the study left such centres
 * as they were (`unseenCentres: none`), else it is an `unknown_level` issue (the study standardised
 * unseen centres with the moments of all their cohort patients, which one new patient cannot give).
 */
function centreValue(m: FittedRadiomicsModel, cell: string | null, pid: string, row: number, source: string): { value: string | null; issue: Issue | null; warning: Issue | null } {
  const c = m.radiomics.combat!;
  const path = [source, 'row', row, c.centreColumn];
  const who = `patient ${pid} (row ${row})`;
  const known = c.centres.map((b) => b.centre);
  if (cell === null) return { value: null, issue: issueError('missing_value', path, `${who}: "${c.centreColumn}" is missing (ComBat harmonisation needs the centre)`, { expected: known.join(', '), received: 'NA' }), warning: null };
  if (known.includes(cell)) return { value: cell, issue: null, warning: null };
  if (c.unseenCentres === 'none') return { value: cell, issue: null, warning: issueWarning('unknown_level', path, `${who}: centre "${cell}" had no training patients; its radiomic features are scored without ComBat harmonisation, as the study scores unseen centres (unseenCentres: none)`, { expected: known.join(', '), received: cell }) };
  return { value: null, issue: issueError('unknown_level', path, `${who}: centre "${cell}" had no training patients, so ComBat has no estimates for it (the study standardised unseen centres with their own cohort moments, which a new patient alone cannot give)`, { expected: known.join(', '), received: cell }), warning: null };
}

/** The radiomics score column of the checked rows `good` (raw feature cells → ComBat → Σ β x). */
function radiomicsScoreTable(m: FittedRadiomicsModel, cells: Map<string, (string | null)[]>, good: readonly number[], nRows: number, source: string): Table {
  const score: (string | null)[] = new Array(nRows).fill(null);
  const centres = m.radiomics.combat ? cells.get(m.radiomics.combat.centreColumn)! : null;
  for (const r of good) {
    const raw = m.radiomics.selected.map((f) => Number(cells.get(f.feature)![r]));
    score[r] = String(radiomicsScoreOf(m.radiomics, raw, centres ? centres[r] : null));
  }
  return { source, columns: [m.radiomics.scoreColumn], nRows, cells: new Map([[m.radiomics.scoreColumn, score]]) };
}

/**
 * Which image step derives an input column of a model: `Ensemble-DL` for `ensemble_dl_<outcome>`,
 * `radiomics` for a radiomics model's feature columns (not its ComBat centre column), else null.
 */
function derivedKindOf(m: FittedModel, column: string): 'Ensemble-DL' | 'radiomics' | null {
  if (/^ensemble_dl_\w+$/.test(column)) return 'Ensemble-DL';
  if (m.kind === 'radiomics' && m.radiomics.selected.some((f) => f.feature === column)) return 'radiomics';
  return null;
}

/** How to give an image-derived column a model lacks ('' for any other column). */
function derivedHint(m: FittedModel, column: string): string {
  if (derivedKindOf(m, column) !== 'Ensemble-DL') return '';
  return `: it is the Ensemble-DL score; give --dl-model (the study's models/dl) with the patients' image_<phase> and mask columns, or a "${column}" column`;
}

/** The problems that kept an image step from filling row `r` of its columns (the row's own, else the table's), or null. */
function derivedWhy(step: DerivedInputIssues | null, r: number): { issues: readonly Issue[]; table: boolean } | null {
  if (!step) return null;
  if (step.rowIssues[r]?.length) return { issues: step.rowIssues[r], table: false };
  return step.tableIssues.length ? { issues: step.tableIssues, table: true } : null;
}

const fmtWeeks = (w: number): string => String(Number(w.toFixed(3)));

function levelsOf(m: FittedModel, column: string): readonly string[] {
  return m.design.factors.find((f) => f.column === column)?.levels ?? [];
}


/**
 * S(h | x) with its standard error from a fitted model alone (no training data):
 * Λ(h|x) = Λ0(h) r, r = e^{lp}; Var Λ = r² [V0(h) + d' V d], d = Λ0(h)(x − m) − Σ dΛ0 x̄
 * (the Tsiatis / Link variance with β̂ uncertainty, as `predictSurvival` and R `survfit.coxph`).
 */
export function fittedSurvivalAt(m: FittedCoxModel | FittedRadiomicsModel, dx: ArrayLike<number>, lp: number, h: number): { survival: number; stdErrCumhaz: number; before: boolean } {
  const j = stepIndex(m.baseline.time, h);
  if (j < 0) return { survival: 1, stdErrCumhaz: 0, before: true };
  const p = m.design.p;
  const H = m.baseline.cumhaz[j];
  const r0 = Math.exp(lp);
  const d = new Float64Array(p);
  for (let a = 0; a < p; a++) d[a] = H * dx[a] - m.baseline.xbar[j * p + a];
  let q = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) q += d[a] * m.variance[a * p + b] * d[b];
  const varh = (m.baseline.varHazard[j] + q) * r0 * r0;
  return { survival: Math.exp(-H * r0), stdErrCumhaz: Math.sqrt(Math.max(varh, 0)), before: false };
}

const forests = new WeakMap<FittedForestModel, SurvivalForest>();

/**
 * The forest of an exported forest model, checked and rebuilt once per model object.
 * @param path where the forest sits, for issue paths
 * @throws HccError `E_INPUT` naming the bad field of a corrupted forest
 */
export function fittedForestOf(m: FittedForestModel, path: readonly (string | number)[] = ['models', m.outcome, m.id, 'forest']): SurvivalForest {
  let f = forests.get(m);
  if (!f) {
    f = survivalForestFromJson(m.forest, path);
    forests.set(m, f);
  }
  return f;
}

/** Last time at which a model's curve changes (later horizons carry its last value forward). */
function lastCurveTime(m: FittedModel): number {
  if (m.kind === 'forest') return m.forest.deathTimes[m.forest.deathTimes.length - 1];
  return m.baseline.time[m.baseline.time.length - 1];
}

const groupOf = (m: FittedModel, risk: number): string | null => (m.riskGroups ? m.riskGroups.labels[m.riskGroups.cutoffs.filter((cut) => risk > cut).length] : null);

/**
 * Forest predictions of the encoded rows `x`: risk Σ_t Ĥ(t | x) and S(h | x) = exp(−Ĥ(h | x)) with
 * Ĥ the right-continuous step function on the training death times (S = 1 before the first), exactly
 * as the study scores its non-training patients (`fitForestPredictions`); no CI.
 */
function forestRows(m: FittedForestModel, x: Float64Array, ids: readonly string[]): PatientPrediction[] {
  const pred = predictSurvivalForest(fittedForestOf(m), x);
  const times = Array.from(pred.time);
  const T = times.length;
  const out: PatientPrediction[] = [];
  ids.forEach((id, c) => {
    const risk = pred.risk[c];
    const group = groupOf(m, risk);
    for (const h of m.horizonsMonths) {
      const j = stepIndex(times, h);
      const survival = Math.exp(-(j < 0 ? 0 : pred.chf[c * T + j]));
      out.push({ patientId: id, outcome: m.outcome, model: m.id, linearPredictor: risk, riskGroup: group, horizonMonths: h, landmarkMonths: null, survival, lower95: null, upper95: null, stdErrCumhaz: null });
    }
  });
  return out;
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
 * the empty cells they explain, once per cell with the models that needed it. Every problem is collected at once,
 * naming patient id, row and column: a needed column absent from the table (`missing_column`), an
 * empty cell (`missing_value`), a value that is not a number (`not_a_number`), a factor level
 * unseen in training (`unknown_level`), a value outside a transform's domain (`out_of_range`).
 * With `skipInvalid` those patient × model pairs are left out and the issues become warnings.
 */
export function predictFittedStudy(fitted: FittedStudy, table: Table, options: PredictFittedOptions = {}): Result<FittedPredictions> {
  const source = options.source ?? table.source;
  const idColumn = options.idColumn ?? fitted.patientIdColumn;
  const confLevel = options.confLevel ?? 0.95;
  const issues: Issue[] = [];
  const ids = table.cells.get(idColumn);
  if (!ids) return fail([issueError('missing_column', [source, idColumn], `the patients table has no id column "${idColumn}"`, { expected: idColumn, received: table.columns.join(', ') })]);
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id === null) issues.push(issueError('missing_value', [source, 'row', i + 1, idColumn], `row ${i + 1}: the patient id is empty`, { expected: 'a patient id', received: 'NA' }));
    else if (seen.has(id)) issues.push(issueError('duplicate_id', [source, 'row', i + 1, idColumn], `row ${i + 1}: patient id "${id}" also on row ${seen.get(id)}`, { expected: 'unique patient ids', received: id }));
    else seen.set(id, i + 1);
  });
  const models = fitted.models.filter((m) => (!options.models || options.models.includes(m.id)) && (!options.outcomes || options.outcomes.includes(m.outcome)));
  if (options.models) for (const id of options.models) if (!fitted.models.some((m) => m.id === id)) issues.push(issueError('bad_option', ['models', id], `model "${id}" is not in the fitted study`, { expected: [...new Set(fitted.models.map((m) => m.id))].join(', '), received: id }));
  if (issues.length) return fail(issues);
  // A landmark model needs the response at the landmark, which patients scored at baseline do not
  // have yet: unless asked for by name, its problems leave patients unscored by it with a warning.
  const lenient = (m: FittedModel): boolean => m.kind !== 'forest' && (m.landmark ?? null) !== null && !(options.models ?? []).includes(m.id);
  const derived = options.derived ?? [];
  const stepOf = (column: string) => derived.find((d) => d.columns.includes(column)) ?? null;
  const absentOf = (m: FittedModel) => [...new Set(m.inputs.map((i) => i.column).filter((c) => !table.cells.has(c)))];
  // Likewise a model whose only absent inputs are image-derived (Ensemble-DL scores, radiomic
  // features) that no step was asked to derive: patients files often hold the clinical columns only.
  // Unless named in `models` it is left out with a warning saying how to score it; when no model
  // can be scored, these are errors.
  const imageOnlyAbsent = (m: FittedModel) => {
    const absent = absentOf(m);
    return absent.length > 0 && absent.every((c) => derivedKindOf(m, c) !== null && stepOf(c) === null);
  };
  // scorable: every input column there, none filled by an image step that could read no patient
  const scorable = models.filter((m) => absentOf(m).length === 0 && !m.inputs.some((i) => stepOf(i.column)?.tableIssues.length));
  const optional = (m: FittedModel): boolean => lenient(m) || (!(options.models ?? []).includes(m.id) && imageOnlyAbsent(m) && scorable.some((x) => !lenient(x)));
  const onlyThese = [...new Set(scorable.filter((m) => !lenient(m)).map((m) => m.id))];
  const rowIssues = new Map<string, Issue>();
  const lenientIssues = new Map<string, Issue>();
  const centreWarnings = new Map<number, Issue>();
  const skipped: Issue[] = [];
  const absentIssues = new Map<string, { issue: Issue; by: FittedModel[]; hint: string }>();
  const addAbsent = (key: string, issue: Issue, m: FittedModel, hint = '') => {
    const e = absentIssues.get(key);
    if (e) {
      if (!e.by.includes(m)) e.by.push(m); // one entry per model, however many of its columns the issue stops
    }
    else absentIssues.set(key, { issue, by: [m], hint });
  };
  for (const m of models) {
    const absent = absentOf(m);
    const radiomic = absent.filter((c) => derivedKindOf(m, c) === 'radiomics' && !stepOf(c)?.tableIssues.length);
    for (const c of absent) {
      const step = stepOf(c);
      if (step?.tableIssues.length) for (const t of step.tableIssues) addAbsent(issueKey(t), t, m);
      else if (!radiomic.includes(c)) {
        const is = issueError('missing_column', [source, c], `column "${c}" is absent`, { expected: `a column "${c}"`, received: 'absent' });
        addAbsent(issueKey(is), is, m, derivedHint(m, c));
      }
    }
    if (radiomic.length && m.kind === 'radiomics') {
      // one issue per model, not one per feature (a model may read a hundred)
      const ex = m.radiomics.extraction;
      const shown = radiomic.slice(0, 3).map((c) => `"${c}"`).join(', ') + (radiomic.length > 3 ? `, … (${radiomic.length - 3} more)` : '');
      const what = radiomic.length > 1 ? `${radiomic.length} radiomic feature columns are absent: ${shown}` : `column ${shown} is absent`;
      const hint = `: give the selected features (mmf extract's features/radiomic_features.csv joined by patient id) or extract them from the images with --images (columns ${ex.imageColumn}, ${ex.maskColumn})`;
      addAbsent(`missing_column|${m.outcome}/${m.id}`, issueError('missing_column', [source, radiomic[0]], what, { expected: `the model's ${m.radiomics.selected.length} selected feature column(s)`, received: 'absent' }), m, hint);
    }
  }
  const used = new Set<string>();
  const derivedBy = new Map<string, Set<string>>();
  const out: PatientPrediction[] = [];
  const counts: { outcome: string; model: string; scored: number }[] = [];
  for (const m of models) {
    if (absentOf(m).length) {
      counts.push({ outcome: m.outcome, model: m.id, scored: 0 });
      continue;
    }
    const cells = new Map<string, (string | null)[]>();
    for (const inp of m.inputs) cells.set(inp.modelColumn, new Array(table.nRows).fill(null));
    const good: number[] = [];
    for (let r = 0; r < table.nRows; r++) {
      const pid = ids[r] ?? `row ${r + 1}`;
      let okRow = true;
      for (const inp of m.inputs) {
        const cell = table.cells.get(inp.column)![r];
        const why = cell === null ? derivedWhy(stepOf(inp.column), r) : null;
        if (why) {
          okRow = false;
          const into = lenient(m) ? lenientIssues : rowIssues;
          for (const is of why.issues) {
            const key = issueKey(is);
            used.add(key);
            if (why.table) {
              // an image column the table lacks: one issue for the table, with the models it stops
              if (!absentIssues.get(key)?.by.includes(m)) addAbsent(key, is, m);
              continue;
            }
            derivedBy.set(key, (derivedBy.get(key) ?? new Set()).add(`${m.outcome}/${m.id}`));
            if (!into.has(key)) into.set(key, is);
          }
          continue;
        }
        const isCentre = m.kind === 'radiomics' && m.radiomics.combat !== null && inp.column === m.radiomics.combat.centreColumn;
        const v: { value: string | null; issue: Issue | null; warning?: Issue | null } = isCentre ? centreValue(m, cell, pid, r + 1, source) : inputValue(m, inp, cell, pid, r + 1, source);
        if (v.warning && !centreWarnings.has(r)) centreWarnings.set(r, v.warning);
        if (v.issue) {
          okRow = false;
          const key = `${r}|${inp.column}|${v.issue.code}`;
          const into = lenient(m) ? lenientIssues : rowIssues;
          if (!into.has(key)) into.set(key, v.issue);
          // every model the cell stops, not only the first (a clinical column feeds several)
          derivedBy.set(key, (derivedBy.get(key) ?? new Set()).add(`${m.outcome}/${m.id}`));
        } else cells.get(inp.modelColumn)![r] = v.value;
      }
      if (okRow) good.push(r);
    }
    counts.push({ outcome: m.outcome, model: m.id, scored: good.length });
    if (!good.length) continue;
    const encoded: Table = m.kind === 'radiomics' ? radiomicsScoreTable(m, cells, good, table.nRows, source) : { source, columns: [...cells.keys()], nRows: table.nRows, cells };
    const x = applyDesign(encoded, good, m.design);
    if (!x.ok) throw new HccError('E_INTERNAL', `encoding checked rows for ${m.id} failed`, { issues: x.issues });
    if (m.kind === 'forest') {
      out.push(...forestRows(m, x.value, good.map((r) => ids[r]!)));
      continue;
    }
    const p = m.design.p;
    good.forEach((r, c) => {
      let lp = 0;
      const dx = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        dx[j] = x.value[c * p + j] - m.means[j];
        lp += (x.value[c * p + j] - m.means[j]) * m.coef[j];
      }
      const group = groupOf(m, lp);
      const s = m.horizonsMonths.map((h) => fittedSurvivalAt(m, dx, lp, h));
      const band = survivalConfidenceBand(s.map((v) => v.survival), s.map((v) => v.stdErrCumhaz), 'log', confLevel);
      m.horizonsMonths.forEach((h, k) => {
        const before = s[k].before;
        out.push({ patientId: ids[r]!, outcome: m.outcome, model: m.id, linearPredictor: lp, riskGroup: group, horizonMonths: h, landmarkMonths: m.landmark?.months ?? null, survival: s[k].survival, lower95: before ? 1 : band.lower[k], upper95: before ? 1 : band.upper[k], stdErrCumhaz: s[k].stdErrCumhaz });
      });
    });
  }
  for (const { issue, by, hint } of absentIssues.values()) {
    const left = by.every(optional);
    const landmark = by.every(lenient) ? '; the landmark model scores patients whose response at the landmark is known' : '';
    const more = landmark
      ? ''
      : left && onlyThese.length
        ? `; to score only the models these columns allow: --models ${onlyThese.join(',')}`
        : !options.skipInvalid && onlyThese.length
          ? `; or leave ${by.length > 1 ? 'them' : 'it'} out: --models ${onlyThese.join(',')}, or --skip-invalid`
          : '';
    const iss = { ...issue, message: `${issue.message} (needed by ${by.map((m) => `${m.outcome}/${m.id}`).join(', ')}${landmark})${hint}${more}` };
    if (options.skipInvalid || left) skipped.push(iss);
    else issues.push(iss);
  }
  const named = (m: Map<string, Issue>) => [...m].map(([key, is]) => (derivedBy.has(key) ? { ...is, message: `${is.message} (needed by ${[...derivedBy.get(key)!].join(', ')})` } : is));
  if (options.skipInvalid) skipped.push(...named(rowIssues));
  else issues.push(...named(rowIssues));
  skipped.push(...named(lenientIssues));
  if (issues.length) return fail(issues);
  const warnings = skipped.map((i) => issueWarning(i.code, i.path, `not scored: ${i.message}`, { expected: i.expected, received: i.received }));
  warnings.push(...centreWarnings.values());
  // problems of an image step that no chosen model needed (or that a given cell made up for)
  const extra = new Set<string>();
  for (const d of derived) {
    for (const is of [...d.tableIssues, ...d.rowIssues.flat()]) {
      const key = issueKey(is);
      if (used.has(key) || absentIssues.has(key) || extra.has(key)) continue;
      extra.add(key);
      warnings.push(issueWarning(is.code, is.path, `${is.message} (no ${d.step} input; no chosen model needed it)`, { expected: is.expected, received: is.received }));
    }
  }
  // only for models that scored someone: a model left out (absent input) carried nothing forward
  models.forEach((m, k) => {
    if (counts[k].scored === 0) return;
    if (m.riskGroups === null) warnings.push(issueWarning('single_group', ['model', m.outcome, m.id], `${m.outcome}/${m.id}: risk_group is NA: the training risks gave no risk groups (the training cut-off left every training patient in one group, or could not be learned; see the study's risk_groups notes); its survival predictions stand`, { expected: 'risk groups learned on the training patients', received: 'none' }));
    const last = lastCurveTime(m);
    const beyond = m.horizonsMonths.filter((h) => h > last);
    // rounded down to 0.1 month, so every horizon listed is still after the time shown
    const shown = String(Math.floor(last * 10) / 10);
    if (beyond.length) warnings.push(issueWarning('time_beyond_followup', ['model', m.outcome, m.id], `${m.outcome}/${m.id}: horizon(s) ${beyond.join(', ')} months after the last training time ${shown}; the last value is carried forward`, { expected: `horizons <= ${shown}` }));
  });
  return ok({ rows: out, models: counts }, warnings);
}
