import type { StudyCohort } from '../../io/index.js';
import { SPLITS } from '../../io/index.js';
import type { NamedTable } from '../evaluate.js';
import type { StudySettings } from '../settings.js';
import { HccError } from '../../core/errors.js';
import { TRIPOD_AI_ITEMS, tripodAiSectionLabel } from './tripod-ai-items.js';

/**
 * A TRIPOD+AI checklist filled from what a study run actually did (settings, cohorts, result
 * tables), not from what a manuscript might say: each item gets a status — `reported` (the report
 * or the results hold it, `where` names the place), `not applicable`, or `not done` (the run did
 * not do it, or it is the authors' to write). Item numbers, sections and topic headings follow the
 * official TRIPOD+AI checklist (Collins et al., BMJ 2024;385:e078378; `TRIPOD_AI_ITEMS`, which names
 * the copies it was checked against); the topics are short paraphrases, not the checklist's text.
 */

/** Status of one checklist item. */
export type TripodStatus = 'reported' | 'not applicable' | 'not done';

/** One checklist row. */
export interface TripodItem {
  readonly item: string;
  readonly section: string;
  readonly topic: string;
  readonly status: TripodStatus;
  readonly detail: string;
  /** Report section (and results table) holding it; empty when not reported. */
  readonly where: string;
}

/** Report section titles the checklist points to (the report writes the same headings). */
export const REPORT_SECTIONS = {
  header: 'Study report (header)',
  discrimination: 'Discrimination',
  comparison: 'Comparison with the reference',
  roc: 'Time-dependent AUC and ROC',
  brier: 'Brier score and IBS',
  riskGroups: 'Risk groups',
  subgroups: 'Subgroups',
  calibration: 'Calibration and clinical usefulness',
  nomogram: 'Nomogram',
  modelCard: 'Model card',
  tripod: 'TRIPOD+AI checklist',
  settings: 'Settings and provenance',
  notes: 'Notes and warnings',
} as const;

/** What the checklist is filled from. */
export interface TripodInput {
  readonly tables: readonly NamedTable[];
  readonly notes: readonly string[];
  readonly warnings: readonly { readonly message: string }[];
  readonly settings: StudySettings;
  readonly cohort: Pick<StudyCohort, 'name' | 'synthetic' | 'counts'> & Partial<Pick<StudyCohort, 'table' | 'split' | 'skipped'>> & { readonly facts?: CohortFacts };
}

/**
 * What the checklist reads from the cohort table, kept in provenance.json so `mmf report` (which has
 * the results but not the cohort) fills the same checklist: patients, centres and events per
 * cohort, and missing values of the candidate and score columns.
 */
export interface CohortFacts {
  readonly summary: readonly CohortSummaryRow[];
  readonly missing: readonly { column: string; missing: number; n: number }[];
}

/** The imaging score column MMF fuses: the settings' score column, else the Ensemble-DL OS score, else none. */
function scoreColumnOf(s: StudySettings): string | null {
  return s.models.mmf.scoreColumn ?? (s.models.ensembleDl.enabled ? 'ensemble_dl_os' : null);
}

/** The candidate and score columns whose missing values the checklist reports. */
function checklistColumns(s: StudySettings): string[] {
  const scoreCol = scoreColumnOf(s);
  return [...s.models.clinical.candidates.map((c) => c.column), ...(scoreCol ? [scoreCol] : [])];
}

/** The cohort facts to keep with the results (see {@link CohortFacts}). */
export function cohortFacts(cohort: TripodInput['cohort'], s: StudySettings): CohortFacts {
  return { summary: cohortSummary(cohort, s.outcomes), missing: missingCounts(cohort, checklistColumns(s)) };
}

/** Patients, centres and events per cohort (from the cohort table when given). */
export interface CohortSummaryRow {
  readonly cohort: string;
  readonly n: number;
  readonly centres: readonly string[] | null;
  /** Per outcome: patients with the outcome and events; null without the cohort table. */
  readonly outcomes: Readonly<Record<string, { readonly n: number; readonly events: number } | null>>;
}

/** Patients, centres and events per split; events need the cohort table (canonical `<outcome>_time` / `<outcome>_event`). */
export function cohortSummary(cohort: TripodInput['cohort'], outcomes: readonly string[]): CohortSummaryRow[] {
  if (!cohort.table && cohort.facts) return [...cohort.facts.summary];
  return SPLITS.map((split) => {
    const rows = cohort.split ? cohort.split.flatMap((s, i) => (s === split ? [i] : [])) : null;
    const centreCells = cohort.table?.cells.get('centre');
    const centres = rows && centreCells ? [...new Set(rows.map((r) => centreCells[r]).filter((v): v is string => v !== null))].sort() : null;
    const out: Record<string, { n: number; events: number } | null> = {};
    for (const o of outcomes) {
      const t = cohort.table?.cells.get(`${o}_time`);
      const e = cohort.table?.cells.get(`${o}_event`);
      if (!rows || !t || !e) {
        out[o] = null;
        continue;
      }
      const withOutcome = rows.filter((r) => t[r] !== null && e[r] !== null && Number.isFinite(Number(t[r])));
      out[o] = { n: withOutcome.length, events: withOutcome.filter((r) => Number(e[r]) === 1).length };
    }
    return { cohort: split, n: cohort.counts[split], centres, outcomes: out };
  });
}

/** Missing values per column among the given columns (cohort table required). */
export function missingCounts(cohort: TripodInput['cohort'], columns: readonly string[]): { column: string; missing: number; n: number }[] {
  const tab = cohort.table;
  if (!tab) return cohort.facts ? cohort.facts.missing.filter((m) => columns.includes(m.column)) : [];
  return columns.flatMap((c) => {
    const cells = tab.cells.get(c);
    return cells ? [{ column: c, missing: cells.filter((v) => v === null).length, n: cells.length }] : [];
  });
}

function rowsOf(tables: readonly NamedTable[], name: string): number {
  return tables.find((t) => t.name === name)?.rows.length ?? 0;
}

function col(tables: readonly NamedTable[], name: string, column: string): (string | number | null)[] {
  const t = tables.find((x) => x.name === name);
  const j = t ? t.columns.indexOf(column) : -1;
  return t && j >= 0 ? t.rows.map((r) => r[j]) : [];
}

/** Centres per cohort from the subgroup table (centre rows) and the cohorts with a risk group × centre interaction test. */
export function centreAnalysis(tables: readonly NamedTable[]): { centres: Map<string, string[]>; tested: { cohort: string; outcome: string; levels: string; p: number | null }[] } {
  const sg = tables.find((t) => t.name === 'subgroups');
  const centres = new Map<string, string[]>();
  if (sg) {
    const j = (c: string) => sg.columns.indexOf(c);
    for (const r of sg.rows) {
      if (r[j('variable')] !== 'centre') continue;
      const cohort = String(r[j('cohort')]);
      const list = centres.get(cohort) ?? [];
      if (!list.includes(String(r[j('level')]))) list.push(String(r[j('level')]));
      centres.set(cohort, list);
    }
  }
  const it = tables.find((t) => t.name === 'subgroup_interactions');
  // A test exists where the cohort has two or more centres and p was computed (single-level rows carry p = null and a reason).
  const tested = it
    ? it.rows.filter((r) => r[it.columns.indexOf('variable')] === 'centre' && typeof r[it.columns.indexOf('p')] === 'number' && String(r[it.columns.indexOf('levels')]).split(';').length > 1).map((r) => ({ cohort: String(r[it.columns.indexOf('cohort')]), outcome: String(r[it.columns.indexOf('outcome')]), levels: String(r[it.columns.indexOf('levels')]), p: typeof r[it.columns.indexOf('p')] === 'number' ? (r[it.columns.indexOf('p')] as number) : null }))
    : [];
  return { centres, tested };
}

/** The TRIPOD+AI checklist of this run. */
export function tripodAiChecklist(input: TripodInput): TripodItem[] {
  const { tables, settings: s, cohort } = input;
  const S = REPORT_SECTIONS;
  const outcomes = s.outcomes.map((o) => o.toUpperCase()).join(' and ');
  const summary = cohortSummary(cohort, s.outcomes);
  const sizes = summary.map((r) => `${r.cohort} n=${r.n}${s.outcomes.map((o) => (r.outcomes[o] ? `, ${o.toUpperCase()} events ${r.outcomes[o]!.events}` : '')).join('')}${r.centres ? ` (centres ${r.centres.join(', ')})` : ''}`).join('; ');
  const models = [...new Set(col(tables, 'models', 'model').map(String))];
  const candidates = s.models.clinical.candidates.map((c) => (c.transform === 'log10p1' ? `log10(1+${c.column})` : c.kind === 'factor' ? `${c.column} (factor)` : c.column));
  const scoreCol = scoreColumnOf(s);
  const missing = missingCounts(cohort, checklistColumns(s)).filter((m) => m.missing > 0);
  const skipped = cohort.skipped?.length ?? 0;
  const has = (name: string) => rowsOf(tables, name) > 0;
  const measures = [
    has('discrimination') && "Harrell's C with 95% CI",
    has('comparisons') && 'compareC and paired-bootstrap comparison with the reference',
    has('td_auc') && 'time-dependent AUC (IPCW)',
    has('roc_curves') && 'time-dependent ROC curves',
    has('brier') && 'Brier score and IBS',
    has('calibration') && 'calibration by risk groups',
    has('decision_curve') && 'decision curves',
    has('risk_groups') && 'risk groups (HR, log-rank)',
  ].filter(Boolean) as string[];
  const subgroupVars = [...new Set(col(tables, 'subgroups', 'variable').filter((v) => v !== null).map(String))];
  const syn = cohort.synthetic;
  const authors = 'manuscript item: for the authors to write';
  const rows = new Map<string, Omit<TripodItem, 'item' | 'section'>>();
  const add = (item: string, topic: string, status: TripodStatus, detail: string, where = '') => {
    if (rows.has(item)) throw new HccError('E_INTERNAL', `TRIPOD+AI item ${item} filled twice`);
    rows.set(item, { topic, status, detail, where: status === 'reported' ? where : '' });
  };
  const centreSubgroup = subgroupVars.includes('centre');
  // Heterogeneity across centres as the run did it: the centre interaction only exists in cohorts with more than one centre.
  const ca = centreAnalysis(tables);
  const multi = [...new Set(ca.tested.map((x) => x.cohort))];
  const single = [...ca.centres.entries()].filter(([, l]) => l.length === 1).map(([k, l]) => `${k} (${l[0]})`);
  const centreDetail = multi.length
    ? `risk-group HR within each centre, with the likelihood-ratio risk group × centre interaction test where a cohort has more than one centre: ${multi.map((k) => `${k} (centres ${ca.tested.find((x) => x.cohort === k)!.levels.split(';').join(', ')}; ${ca.tested.filter((x) => x.cohort === k).map((x) => `${x.outcome.toUpperCase()} p = ${x.p === null ? 'NA' : x.p.toPrecision(2)}`).join(', ')})`).join('; ')}${single.length ? `; single-centre cohorts (centre row = overall row, no interaction): ${single.join(', ')}` : ''}; across cohorts: performance per cohort`
    : centreSubgroup
      ? `no cohort has more than one centre${single.length ? ` (${single.join(', ')})` : ''}: a centre row repeats its cohort's overall HR and no centre interaction can be tested; only performance per cohort`
      : 'per-cohort performance only (centre is not a subgroup variable)';
  const centreWhere = `${S.subgroups}; results/subgroups.csv, subgroup_interactions.csv`;
  // The Ensemble-DL members' early stopping (and possibly the combiner) used the internal-validation patients.
  const dm = tables.find((t) => t.name === 'deep_members');
  const dmCell = (c: string) => (dm && dm.rows.length && dm.columns.includes(c) ? dm.rows[0][dm.columns.indexOf(c)] : null);
  const nValid = dmCell('n_valid');
  const deepValid = typeof nValid === 'number' && nValid > 0;
  const deepCombinerValid = dmCell('combiner_fitted_on') === 'validation';
  const deepUse = deepValid ? `the internal-validation patients (${nValid}) chose the Ensemble-DL members' early-stopping epoch${deepCombinerValid ? ' and fitted the ensemble combiner' : ''}, so internal-validation C of Ensemble-DL and MMF is optimistic; the external test cohort was not used for any choice` : '';
  add('1', 'Title', 'not done', authors);
  add('2', 'Abstract (see TRIPOD+AI for Abstracts)', 'not done', authors);
  add('3a', 'Healthcare context and rationale, existing models', 'not done', authors);
  add('3b', 'Target population, intended purpose and users', 'reported', 'research use: patients with unresectable HCC starting immune-checkpoint inhibitors; not a medical device', S.modelCard);
  add('3c', 'Known health inequalities between sociodemographic groups', 'not done', authors);
  add('4', 'Objectives (development and/or evaluation)', 'reported', `development on training, evaluation on internal validation and external test, for ${outcomes}`, S.header);
  add('5a', 'Sources of data (development and evaluation), representativeness', 'reported', `cohort ${cohort.name}${syn ? ' (SYNTHETIC, generated data)' : ''}; input files and SHA-256 in provenance`, `${S.settings} (results/provenance.json)`);
  add('5b', 'Dates of accrual and end of follow-up', 'not done', 'the manifest carries no accrual dates');
  add('6a', 'Setting, number and location of centres', summary.some((r) => r.centres) ? 'reported' : 'not done', summary.some((r) => r.centres) ? sizes : 'centres not available to the report', S.tripod);
  add('6b', 'Eligibility criteria', 'not done', `study-specific; the pipeline used every valid manifest row${skipped ? ` (${skipped} invalid row(s) skipped)` : ''}`);
  // without the cohort table (`mmf report` from a study folder): the facts kept in provenance, or the subgroup rows
  const regimen = cohort.table ? cohort.table.cells.has('regimen') : (cohort.facts?.missing.some((m) => m.column === 'regimen') ?? false) || col(tables, 'subgroups', 'variable').includes('regimen');
  add('6c', 'Treatments received and how they were handled', regimen ? 'reported' : 'not done', regimen ? 'regimen is a candidate variable and a subgroup' : 'no treatment column', S.subgroups);
  add('7', 'Data pre-processing and quality checking', 'reported', `manifest validation (types, ranges, levels, PFS <= OS, files); transforms: ${s.models.clinical.candidates.filter((c) => c.transform !== 'none').map((c) => `${c.transform}(${c.column})`).join(', ') || 'none'}${s.models.radiomics.enabled ? '; radiomics preprocessing per settings' : ''}`, S.settings);
  add('8a', 'Outcome definition, time horizon, how and when assessed', 'reported', `${outcomes} in months from treatment start; horizons ${s.outcomes.map((o) => `${o.toUpperCase()} ${s.horizonsMonths[o].join('/')}`).join(', ')} months`, S.settings);
  add('8b', 'Qualifications and characteristics of outcome assessors (subjective assessment)', 'not done', authors);
  add('8c', 'Blinding of outcome assessment', 'not done', authors);
  add('9a', 'Choice and pre-selection of initial predictors', 'reported', `clinical candidates: ${candidates.join(', ')}${scoreCol ? `; imaging score ${scoreCol}` : ''}`, S.settings);
  add('9b', 'Predictor definitions, how and when measured, blinding', 'not done', 'column definitions are in the manifest, not in the report');
  add('9c', 'Qualifications and characteristics of predictor assessors (subjective measurement)', 'not done', authors);
  add('10', 'Study size and its justification', 'not done', `no sample-size calculation; patients and events per cohort are reported (${sizes})`);
  add('11', 'Handling of missing data', 'reported', `complete-case analysis per model (no imputation): a patient missing a covariate of a model is not scored by it${missing.length ? `; missing values: ${missing.map((m) => `${m.column} ${m.missing}/${m.n}`).join(', ')}` : '; no missing values in the candidate variables'}`, `${S.tripod}; results/models.csv (scored)`);
  add('12a', 'How the data were used (partitioning for development and evaluation)', 'reported', `${deepValid ? `every model fitted on training only, except that ${deepUse}` : 'every model fitted on training only; internal validation and external test not used for any choice'}; cut-offs learned on training predictions and applied unchanged to internal validation and external test`, deepValid ? `${S.header}, Ensemble-DL` : S.header);
  add('12b', 'Handling of predictors (functional form, transformation, scaling)', 'reported', 'numeric predictors linear (optional log10(1+x)), factors with treatment contrasts; training factor levels only', S.settings);
  add('12c', 'Model type, building steps, tuning, internal validation', 'reported', `Cox (Efron ties); clinical benchmark: univariable LR screen p < ${s.models.clinical.screenP}, backward elimination by AIC; MMF Cox = imaging score + selected clinical variables${s.models.mmf.forest.enabled ? `; RSF ${s.models.mmf.forest.nTree} trees, min node ${s.models.mmf.forest.minNodeSize}, seed ${s.seed}` : ''}${s.models.radiomics.enabled ? `; radiomics LASSO-Cox ${s.models.radiomics.lasso.nfolds}-fold CV` : ''}${dm ? `; Ensemble-DL members with out-of-fold (cross-fitted) training scores for MMF` : ''}; no resampling-based internal validation; ${deepValid ? `the internal-validation cohort is not fully separate: ${deepUse}` : 'separate internal-validation cohort, not used for any choice'}`, `${S.settings}; results/clinical_screen.csv, clinical_elimination.csv`);
  add('12d', 'Heterogeneity across clusters (e.g. centres)', multi.length ? 'reported' : 'not done', centreDetail, centreWhere);
  add('12e', 'Performance measures and plots, model comparison', measures.length ? 'reported' : 'not done', measures.join('; '), `${S.discrimination}, ${S.comparison}, ${S.roc}${has('brier') ? `, ${S.brier}` : ''}, ${S.calibration}`);
  add('12f', 'Model updating (e.g. recalibration) after evaluation', 'not applicable', 'models are applied unchanged to the evaluation cohorts');
  add('12g', 'How predictions were calculated for evaluation', 'reported', 'Cox: S(h; x) = exp(−Λ0(h) exp((x − m)\'β)) with the training baseline; forest: OOB on training, ensemble CHF elsewhere', S.nomogram);
  add('13', 'Class imbalance methods', 'not applicable', 'time-to-event outcomes; no resampling or reweighting');
  add('14', 'Approaches to model fairness', subgroupVars.length ? 'reported' : 'not done', subgroupVars.length ? `risk-group HR within subgroups: ${subgroupVars.join(', ')}` : 'no subgroup analysis', S.subgroups);
  add('15', 'Model output, classification thresholds', 'reported', `linear predictor, predicted survival at the horizons, risk groups by ${s.evaluation.cutoff} cut-offs of training predictions`, `${S.riskGroups}, ${S.nomogram}`);
  add('16', 'Differences between development and evaluation data', summary.some((r) => Object.values(r.outcomes).some(Boolean)) ? 'reported' : 'not done', `patients, centres and events per cohort: ${sizes}`, S.tripod);
  add('17', 'Ethics approval and informed consent', syn ? 'not applicable' : 'not done', syn ? 'synthetic data' : authors);
  add('18a', 'Funding and role of funders', 'not done', authors);
  add('18b', 'Conflicts of interest', 'not done', authors);
  add('18c', 'Protocol', 'not done', authors);
  add('18d', 'Registration', 'not done', authors);
  add('18e', 'Data sharing', syn ? 'reported' : 'not done', syn ? 'synthetic cohort, regenerable from its seed' : authors, S.header);
  add('18f', 'Code sharing', 'reported', 'mmf version, full settings and provenance (input hashes) make the run repeatable', S.settings);
  add('19', 'Patient and public involvement', 'not done', authors);
  add('20a', 'Flow of participants, with and without the outcome', 'reported', `${sizes}${skipped ? `; ${skipped} invalid row(s) skipped` : ''}; patients scored per model in results/models.csv`, S.tripod);
  add('20b', 'Participant characteristics overall and per data source', 'not done', 'no table of baseline characteristics');
  add('20c', 'Predictor distributions, evaluation vs development', 'not done', 'not tabulated');
  add('21', 'Participants and events in each analysis', has('discrimination') ? 'reported' : 'not done', 'n and events per model and cohort', `${S.discrimination} (results/discrimination.csv)`);
  add('22', 'Full model (for individual predictions)', has('model_coefficients') || has('nomogram_points') ? 'reported' : 'not done', `Cox coefficients of every model${has('nomogram_points') ? '; nomogram with baseline survival at the horizons' : ''}`, `${S.nomogram}; results/model_coefficients.csv, nomogram_totals.csv`);
  add('23a', 'Performance with confidence intervals, incl. key subgroups', has('discrimination') ? 'reported' : 'not done', `${measures.join('; ')}${has('subgroups') ? '; risk-group HR within subgroups' : ''}`, `${S.discrimination}, ${S.comparison}, ${S.roc}${has('brier') ? `, ${S.brier}` : ''}${has('subgroups') ? `, ${S.subgroups}` : ''}`);
  add('23b', 'Heterogeneity of performance across clusters', multi.length ? 'reported' : 'not done', centreDetail, centreWhere);
  add('24', 'Results of model updating', 'not applicable', 'no model updating');
  add('25', 'Interpretation, incl. fairness', 'not done', authors);
  add('26', 'Limitations', 'reported', `model card limitations${deepValid ? ' (incl. the internal-validation patients used for Ensemble-DL early stopping)' : ''}; metrics that could not be computed are listed`, `${S.modelCard}, ${S.notes}`);
  add('27a', 'Handling of poor-quality or unavailable input data', 'reported', 'patients who cannot be scored get no prediction and are counted in warnings', S.notes);
  add('27b', 'User interaction and expertise needed', 'not done', authors);
  add('27c', 'Next steps: future research, applicability, generalisability', 'not done', authors);
  const unknown = [...rows.keys()].filter((id) => !TRIPOD_AI_ITEMS.some((d) => d.item === id));
  if (unknown.length) throw new HccError('E_INTERNAL', `not TRIPOD+AI items: ${unknown.join(', ')}`);
  return TRIPOD_AI_ITEMS.map((d) => {
    const row = rows.get(d.item);
    if (!row) throw new HccError('E_INTERNAL', `TRIPOD+AI item ${d.item} not filled`);
    return { item: d.item, section: tripodAiSectionLabel(d), ...row };
  });
}

/** The checklist as the results table `tripod_ai`. */
export function tripodAiTable(input: TripodInput): NamedTable {
  return { name: 'tripod_ai', columns: ['item', 'section', 'topic', 'status', 'detail', 'where'], rows: tripodAiChecklist(input).map((i) => [i.item, i.section, i.topic, i.status, i.detail, i.where || null]) };
}
