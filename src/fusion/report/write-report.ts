import type { TopLevelSpec } from 'vega-lite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../core/version.js';
export { markdownToHtml } from './markdown-html.js';
export type { MarkdownToHtmlOptions } from './markdown-html.js';
import type { NamedTable } from '../evaluate.js';
import type { StudyRunResult } from '../run-study.js';
import type { StudySettings } from '../settings.js';
import type { TripodInput } from '../evaluation/tripod-ai.js';
import { cohortSummary, REPORT_SECTIONS, tripodAiChecklist, tripodAiTable } from '../evaluation/tripod-ai.js';
import { tableToRecords, writeFileAtomic, writeTables } from '../write-tables.js';
import type { ExplainabilityInput } from './explain-sections.js';
import { summariseNotes, summariseWarnings } from './warning-summary.js';
import { explainabilitySections } from './explain-sections.js';
import { escapeHtml, markdownToHtml, prefixSvgIds } from './markdown-html.js';
import { readGenomicsBlock } from './genomics-block.js';
import { earlierReportFiles, removeReportFiles, writeReportRecord } from './report-files.js';
import type { FigureRenderer, FigureRequest } from './figures.js';
import { calibrationSpec, cIndexBarSpec, cohortLabel, decisionCurveSpec, kmRiskGroupFigure, modelLabels, recordsOf, subgroupForestFigure } from './figures.js';
export { modelLabels } from './figures.js';
import { nomogramSpec } from './nomogram-figure.js';
import { rocCurveSpec } from './roc-figure.js';
import { aucTable, brierTable, centreLine, comparisonTable, discriminationTable, interactionLine, nomogramTables, num, riskGroupTable, SPLITS } from './result-tables.js';
export { brierTable, centreLine, interactionLine, reversedTerms, riskGroupTable } from './result-tables.js';

/** What the report reads of the cohort: name, counts, and (optionally) the table and split for the TRIPOD+AI cohort summary. */
export type ReportCohort = TripodInput['cohort'];

/** Files the report wrote. */
export interface StudyReportFiles {
  readonly markdown: string;
  readonly html: string;
  /** Figure name → SVG file. */
  readonly figures: Readonly<Record<string, string>>;
}

/** A piece of the report: Markdown text or a figure. */
export type ReportBlock = { kind: 'md'; text: string } | { kind: 'figure'; name: string; caption: string; figure: FigureRequest } | { kind: 'html'; html: string; markdown: string };

function wrap(spec: TopLevelSpec | null): FigureRequest | null {
  return spec ? { kind: 'vega', spec } : null;
}

function tripodSection(result: Pick<StudyRunResult, 'tables' | 'notes' | 'warnings'>, settings: StudySettings, cohort: ReportCohort): string {
  const summary = cohortSummary(cohort, settings.outcomes);
  const head = `| cohort | patients | centres | ${settings.outcomes.map((o) => `${o.toUpperCase()} events / n`).join(' | ')} |`;
  const sep = '|---|---:|---|' + settings.outcomes.map(() => '---:').join('|') + '|';
  const body = summary.map((r) => `| ${cohortLabel(r.cohort)} | ${r.n} | ${r.centres ? r.centres.join(', ') : 'NA'} | ${settings.outcomes.map((o) => (r.outcomes[o] ? `${r.outcomes[o]!.events} / ${r.outcomes[o]!.n}` : 'NA')).join(' | ')} |`);
  const items = tripodAiChecklist({ ...result, settings, cohort });
  const counts = (st: string) => items.filter((i) => i.status === st).length;
  const list = ['| item | topic | status | detail | where in the report |', '|---|---|---|---|---|', ...items.map((i) => `| ${i.item} | ${i.topic} | ${i.status} | ${i.detail.replace(/\|/g, '/')} | ${i.where || '—'} |`)];
  return `## ${REPORT_SECTIONS.tripod}\n\nFilled from what this run did (TRIPOD+AI, Collins et al., BMJ 2024;385:e078378; topics paraphrased): ${counts('reported')} item(s) reported, ${counts('not applicable')} not applicable, ${counts('not done')} not done (most of them manuscript items for the authors). Also written as results/tripod_ai.csv.\n\n${[head, sep, ...body].join('\n')}\n\n${list.join('\n')}`;
}

/** Whether the Ensemble-DL members used the internal-validation patients (early stopping, possibly the combiner). */
function deepUsedValidation(t: readonly NamedTable[]): { used: boolean; combiner: boolean } {
  const m0 = recordsOf(t, 'deep_members', {})[0];
  return { used: !!m0 && typeof m0.n_valid === 'number' && m0.n_valid > 0, combiner: !!m0 && m0.combiner_fitted_on === 'validation' };
}

/** Settings and provenance, pretty-printed: fenced JSON in report.md, collapsible `<pre>` blocks in the HTML. */
function settingsBlock(settings: StudySettings, provenance: unknown): ReportBlock {
  const parts = [
    { title: 'Settings', file: 'results/settings.json', json: JSON.stringify(settings, null, 2) },
    { title: 'Provenance', file: 'results/provenance.json', json: JSON.stringify(provenance, null, 2) },
  ];
  return {
    kind: 'html',
    markdown: `## ${REPORT_SECTIONS.settings}\n\n` + parts.map((p) => `${p.title} (${p.file}):\n\n\`\`\`json\n${p.json}\n\`\`\``).join('\n\n'),
    html: `<h2>${REPORT_SECTIONS.settings}</h2>\n` + parts.map((p) => `<details><summary>${p.title} (${p.file})</summary><pre class="json">${escapeHtml(p.json)}</pre></details>`).join('\n'),
  };
}

/** The report's blocks (Markdown text and figures) in order; `genomics` (a ready block) goes before the notes and warnings. */
export function studyReportBlocks(result: Pick<StudyRunResult, 'tables' | 'notes' | 'warnings'>, settings: StudySettings, cohort: ReportCohort, provenance: unknown, explain: ExplainabilityInput | null = null, genomics: ReportBlock | null = null): ReportBlock[] {
  const t = result.tables;
  const ref = settings.evaluation.reference;
  const sub = settings.evaluation.subgroupCohort;
  const b: ReportBlock[] = [];
  const md = (text: string) => b.push({ kind: 'md', text });
  const vega = wrap;
  const fig = (name: string, caption: string, figure: FigureRequest | null) => figure && b.push({ kind: 'figure', name, caption, figure });
  const c = cohort.counts;
  const dv = deepUsedValidation(t);
  const fittedOn = dv.used
    ? `Every model was fitted on the training cohort only, with one exception: the Ensemble-DL members chose their early-stopping epoch on the internal-validation patients${dv.combiner ? ' (and the ensemble combiner was fitted on them)' : ''}, so internal-validation results of Ensemble-DL and MMF are optimistic; the external test cohort was not used for any choice.`
    : 'Every model was fitted on the training cohort only; the internal-validation and external test cohorts were not used for any choice.';
  md(`# ${reportTitle(cohort)}\n\nmmf ${VERSION}. Patients: training ${c.training}, internal validation ${c.internal_validation}, external test ${c.external_test}. ${fittedOn} Cut-offs were learned on training predictions and applied unchanged. Reference model for comparisons, risk groups and subgroups: \`${ref}\`.`);
  for (const outcome of settings.outcomes) {
    const O = outcome.toUpperCase();
    md(`## ${O}\n\n### Discrimination (Harrell's C, 95% CI)\n\n${discriminationTable(t, outcome)}`);
    fig(`${outcome}-c-index`, `${O}: Harrell's C with 95% CI per model and cohort.`, vega(cIndexBarSpec(t, outcome)));
    const cmp = comparisonTable(t, outcome);
    if (cmp) md(`### ${REPORT_SECTIONS.comparison} (${ref})\n\n${cmp}`);
    const hz = settings.horizonsMonths[outcome];
    const aucs = aucTable(t, outcome, hz);
    if (aucs) {
      md(`### ${REPORT_SECTIONS.roc}\n\nCumulative/dynamic AUC with inverse-probability-of-censoring weights (timeROC definition) per cohort at ${hz.join(' / ')} months (landmark models: months from the landmark; NA/— where a horizon has no case or no control). The figure shows the ROC curves (whose trapezoid areas are these AUCs) on the external test cohort, one panel per horizon; every curve point, horizon and cohort is in results/roc_curves.csv.\n\n${aucs}`);
      const rocModels = [...new Set(recordsOf(t, 'roc_curves', { outcome, cohort: 'external_test' }).map((r) => String(r.model)))];
      fig(`${outcome}-roc`, `${O}: time-dependent ROC curves at ${hz.join(', ')} months, external test (dashed: chance).`, vega(rocCurveSpec(t, outcome, rocModels, 'external_test', hz)));
    }
    const bt = brierTable(t, outcome, hz);
    if (bt) md(`### ${REPORT_SECTIONS.brier}\n\nBrier score at ${hz.join(' / ')} months on the external test cohort (inverse-probability-of-censoring weights; in brackets the null model's, i.e. the Kaplan–Meier estimate without predictors) and the integrated Brier score (IBS) from 0 to ${hz[hz.length - 1]} months; lower is better. Every cohort: results/brier.csv.\n\n${bt}`);
    const rg = riskGroupTable(t, outcome, ref);
    if (rg) md(`### Risk groups of ${ref}\n\n${rg}`);
    for (const s of SPLITS) fig(`${outcome}-km-${s}`, `${O}: Kaplan-Meier curves by ${ref} risk group, ${cohortLabel(s)} (numbers at risk below).`, kmRiskGroupFigure(t, outcome, ref, s));
    const centre = centreLine(t, outcome, ref, sub);
    md(`### Subgroups (${cohortLabel(sub)})\n\n${[interactionLine(t, outcome, ref, sub, centre ? ['centre'] : []), centre].filter(Boolean).join(' ')}`);
    fig(`${outcome}-forest-${sub}`, `${O}: hazard ratio of high vs low ${ref} risk within subgroups, ${cohortLabel(sub)}.`, subgroupForestFigure(t, outcome, ref, sub));
    const h = settings.horizonsMonths[outcome][1] ?? settings.horizonsMonths[outcome][0];
    md(`### Calibration and clinical usefulness at ${h} months`);
    fig(`${outcome}-calibration-${h}`, `${O}: calibration of ${ref} at ${h} months, external test.`, vega(calibrationSpec(t, outcome, ref, 'external_test', h)));
    const models = [...new Set(recordsOf(t, 'decision_curve', { outcome }).map((r) => String(r.model)))].filter((m) => m === ref || m === 'clinical' || m === 'radiomics');
    fig(`${outcome}-dca-${h}`, `${O}: decision curves at ${h} months, external test.`, vega(decisionCurveSpec(t, outcome, models, 'external_test', h)));
    const nomoModel = [...new Set(recordsOf(t, 'nomogram_points', { outcome }).map((r) => String(r.model)))][0];
    if (nomoModel) {
      md(`### ${REPORT_SECTIONS.nomogram} (${nomoModel})\n\n${nomogramTables(t, outcome, nomoModel)}`);
      fig(`${outcome}-nomogram`, `${O}: nomogram of ${nomoModel} (points per variable, total points, predicted ${O} at ${settings.horizonsMonths[outcome].join(', ')} months).`, vega(nomogramSpec(t, outcome, nomoModel, O)));
    }
  }
  const dl = deepSection(t);
  if (dl) md(dl);
  if (explain) b.push(...(explainabilitySections(explain) as ReportBlock[]));
  const perf = settings.outcomes.map((o) => `- ${o.toUpperCase()}: ` + SPLITS.map((s) => {
    const r = recordsOf(t, 'discrimination', { outcome: o, model: ref, cohort: s })[0];
    return `${cohortLabel(s)} C = ${r ? `${num(r.c_index)} (${num(r.ci_lower)}–${num(r.ci_upper)})` : 'NA'}`;
  }).join('; ')).join('\n');
  md(`## Model card: ${ref}\n\n**Model.** ${ref === 'mmf-cox' ? 'MMF: multivariable Cox model of the imaging (Ensemble-DL) risk score and the clinical variables selected by the pre-specified clinical benchmark procedure' : ref}; fitted separately for ${settings.outcomes.map((o) => o.toUpperCase()).join(' and ')}.\n\n**Data.** ${cohort.synthetic ? 'A SYNTHETIC cohort from the project generator: no real patient data; numbers show that the pipeline works, not clinical validity.' : `Cohort ${cohort.name}.`} Training ${c.training}, internal validation ${c.internal_validation}, external test ${c.external_test} patients.\n\n**Intended use.** Research use only: stratifying patients with unresectable hepatocellular carcinoma starting immune-checkpoint-inhibitor therapy by predicted overall and progression-free survival. Not a medical device; not for individual treatment decisions.\n\n**Performance (Harrell's C, 95% CI).**\n\n${perf}\n\n**Limitations.** Discrimination on the training cohort is optimistic. Cut-offs are fixed on training and may not transfer to populations with a different risk mix. Subgroup results are exploratory (wide intervals, multiple testing). Calibration depends on the baseline hazard of the training centres.${dv.used ? ` The internal-validation patients chose the Ensemble-DL members' early-stopping epoch${dv.combiner ? ' and fitted the combiner' : ''}, so internal-validation C of Ensemble-DL and MMF is optimistic; the external test cohort was not used for any choice.` : ''}${result.notes.length ? ` ${result.notes.length} metric(s) could not be computed (listed below).` : ''}`);
  md(tripodSection(result, settings, cohort));
  b.push(settingsBlock(settings, provenance));
  if (genomics) b.push(genomics);
  if (result.notes.length || result.warnings.length) md(`## Notes and warnings\n\n${[...summariseNotes(result.notes), ...summariseWarnings(result.warnings)].map((n) => `- ${n}`).join('\n')}`);
  return b;
}

/**
 * The report's CSS: text columns left-aligned, numeric columns (class `num`) right-aligned; every
 * figure (inline SVG or image) scaled down to the page width, never overflowing it.
 */
export const REPORT_CSS =
  'body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;font-size:13px;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}td.num,th.num{text-align:right}code{font-size:11px;word-break:break-all}pre{font-size:11px;background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}details{margin:.5em 0}svg,img{max-width:100%;height:auto}figure{margin:1em 0;page-break-inside:avoid}figcaption{font-size:13px;color:#555}@media print{body{max-width:none}}';

/** The report's title: the cohort name, marked SYNTHETIC for a synthetic cohort. */
export function reportTitle(cohort: Pick<ReportCohort, 'name' | 'synthetic'>): string {
  return `Study report: ${cohort.name}${cohort.synthetic ? ' (SYNTHETIC COHORT)' : ''}`;
}

/**
 * Write the study report into `<outDir>/report/`: `report.md` (figures as linked SVG files in
 * `figures/`) and a self-contained `report.html` (the same SVGs inline, readable offline and
 * printable), with a model card for the reference model and the settings and provenance. The files
 * are listed in `report/report-files.json` (written after them); an earlier report's figures this
 * one does not draw are removed.
 * `render` draws each figure (the CLI passes one built on the report stage's specs and `renderSvg`).
 */
export async function writeStudyReport(result: Pick<StudyRunResult, 'tables' | 'notes' | 'warnings'>, settings: StudySettings, cohort: ReportCohort, provenance: unknown, outDir: string, render: FigureRenderer, explain: ExplainabilityInput | null = null): Promise<StudyReportFiles> {
  const dir = join(outDir, 'report');
  const earlier = earlierReportFiles(outDir);
  mkdirSync(join(dir, 'figures'), { recursive: true });
  const blocks = studyReportBlocks(result, settings, cohort, provenance, explain ? { ...explain, markdownImages: 'path', markdownBase: dir } : null, readGenomicsBlock(dir));
  const mdParts: string[] = [];
  const htmlParts: string[] = [];
  const figures: Record<string, string> = {};
  for (const bl of blocks) {
    if (bl.kind === 'md') {
      mdParts.push(bl.text);
      htmlParts.push(markdownToHtml(bl.text));
      continue;
    }
    if (bl.kind === 'html') {
      mdParts.push(bl.markdown);
      htmlParts.push(bl.html);
      continue;
    }
    const { svg, spec } = await render(bl.figure);
    const file = join(dir, 'figures', `${bl.name}.svg`);
    writeFileAtomic(file, svg);
    writeFileAtomic(join(dir, 'figures', `${bl.name}.vl.json`), JSON.stringify(spec));
    figures[bl.name] = file;
    mdParts.push(`![${bl.caption}](figures/${bl.name}.svg)\n\n*${bl.caption}*`);
    htmlParts.push(`<figure>${prefixSvgIds(svg, `fig-${bl.name}`)}<figcaption>${escapeHtml(bl.caption)}</figcaption></figure>`);
  }
  // The TRIPOD+AI checklist as a results table (CSV + JSON) beside the run's other tables.
  const tripod = tripodAiTable({ ...result, settings, cohort });
  const resultsDir = join(outDir, 'results');
  writeTables(resultsDir, [tripod]);
  writeFileAtomic(join(resultsDir, 'tripod_ai.json'), JSON.stringify(tableToRecords(tripod), null, 1) + '\n');
  const markdown = join(dir, 'report.md');
  const html = join(dir, 'report.html');
  writeFileAtomic(markdown, mdParts.join('\n\n') + '\n');
  writeFileAtomic(html, `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(reportTitle(cohort))}</title><style>${REPORT_CSS}</style></head><body>\n${htmlParts.join('\n')}\n</body></html>\n`);
  // Record the files (a later run without a report removes them), then drop an earlier report's figures not drawn again.
  const written = ['report/report.md', 'report/report.html', ...Object.keys(figures).flatMap((n) => [`report/figures/${n}.svg`, `report/figures/${n}.vl.json`])];
  writeReportRecord(outDir, written);
  removeReportFiles(outDir, earlier.filter((f) => !written.includes(f)));
  return { markdown, html, figures };
}

/**
 * The Ensemble-DL section's opening: which patients trained and stopped the members, and the
 * ensemble's training C said twice with what each is (in-sample vs out-of-fold cross-fitting).
 */
export function deepIntro(m0: Record<string, unknown>): string {
  const nValid = typeof m0.n_valid === 'number' ? m0.n_valid : 0;
  const stop = nValid > 0
    ? `each member's early-stopping epoch was chosen on the validation C-index of the ${nValid} internal-validation patients, so the internal-validation C of Ensemble-DL and of MMF (which fuses its score) is optimistic; the external test cohort was not used for any choice`
    : 'no internal-validation patients: members trained for the full epochs';
  const combiner = m0.combiner_fitted_on === 'validation' ? `the combiner was fitted on the ${nValid} internal-validation patients (a second use of them)` : `the combiner was fitted on the ${m0.combiner_fitted_on} patients`;
  const folds = typeof m0.cross_fit_folds === 'number' ? m0.cross_fit_folds : 0;
  const oof = folds >= 2 && typeof m0.ensemble_oof_train_c === 'number'
    ? ` and ${num(m0.ensemble_oof_train_c)} out-of-fold (${folds}-fold cross-fitting: each training patient scored by an ensemble trained without them; these out-of-fold scores are what the imaging model and MMF are fitted on, so the training C of Ensemble-DL in the discrimination table is this out-of-fold value)`
    : ' (no cross-fitting: the imaging model and MMF are fitted on these in-sample scores, so their training C is optimistic)';
  return `Deep members trained on ${m0.n_train} training patients; ${stop}; ${combiner}. Ensemble OS C on training: ${num(m0.ensemble_train_c)} in-sample (the final ensemble scoring the patients it was trained on)${oof}; internal validation ${num(m0.ensemble_valid_c)}. Scores: results/predictions.csv (model \`imaging\`, labelled Ensemble-DL: a Cox model of the ensemble's OS score); penultimate features feed the correlation analysis below.`;
}

/** The Ensemble-DL section: members' training record and Grad-CAM localisation on the external test cohort. */
function deepSection(t: readonly NamedTable[]): string | null {
  const members = recordsOf(t, 'deep_members', {});
  if (!members.length) return null;
  const m0 = members[0];
  const lines = [
    '## Ensemble-DL',
    '',
    deepIntro(m0),
    '',
    '| member | epochs | best epoch | validation C | training C | samples/s | seconds |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...members.map((m) => `| ${m.member} | ${m.epochs_run} | ${m.best_epoch} | ${num(m.best_valid_c)} | ${num(m.train_c)} | ${num(m.samples_per_second, 1)} | ${num(m.seconds, 0)} |`),
  ];
  const cams = recordsOf(t, 'gradcam_summary', {});
  if (cams.length) {
    lines.push('', `Grad-CAM on the external test cohort (OS head; map mapped back to the CT grid): share of patients whose map peak lies in the tumour, or within its 5 mm margin, and the mean share of map mass there. Per patient: results/gradcam_scores.csv; overlays in gradcam/<member>/.`, '', '| member | n | peak in tumour | peak in tumour + margin | mass in tumour | mass in tumour + margin |', '|---|---:|---:|---:|---:|---:|');
    for (const c of cams) lines.push(`| ${c.member} | ${c.n_external} | ${num(c.share_peak_in_tumour)} | ${num(c.share_peak_in_margin)} | ${num(c.mean_mass_in_tumour)} | ${num(c.mean_mass_in_margin)} |`);
  }
  return lines.join('\n');
}
