import type { TopLevelSpec } from 'vega-lite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../core/version.js';
import type { NamedTable } from '../evaluate.js';
import type { StudyRunResult } from '../run-study.js';
import type { StudySettings } from '../settings.js';
import type { TripodInput } from '../evaluation/tripod-ai.js';
import { cohortSummary, REPORT_SECTIONS, tripodAiChecklist, tripodAiTable } from '../evaluation/tripod-ai.js';
import { tableToRecords, writeFileAtomic, writeTables } from '../write-tables.js';
import type { ExplainabilityInput } from './explain-sections.js';
import { summariseWarnings } from './warning-summary.js';
import { explainabilitySections } from './explain-sections.js';
import type { FigureRenderer, FigureRequest } from './figures.js';
import { calibrationSpec, cIndexBarSpec, cohortLabel, decisionCurveSpec, formatP, kmRiskGroupFigure, recordsOf, subgroupForestFigure } from './figures.js';
import { nomogramSpec } from './nomogram-figure.js';
import { rocCurveSpec } from './roc-figure.js';

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

const SPLITS = ['training', 'internal_validation', 'external_test'];
const num = (v: unknown, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : 'NA');

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Minimal Markdown → HTML for what this report writes: headings, pipe tables, bullet lists, paragraphs, `code`, **bold**. */
export function markdownToHtml(md: string): string {
  const out: string[] = [];
  const inline = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const h = /^(#{1,4}) (.*)$/.exec(l);
    if (h) out.push(`<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`);
    else if (l.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(1, -1).split('|').map((c) => c.trim()));
      i--;
      const body = rows.filter((_, k) => k !== 1);
      out.push('<table>' + body.map((r, k) => `<tr>${r.map((c) => (k === 0 ? `<th>${inline(c)}</th>` : `<td>${inline(c)}</td>`)).join('')}</tr>`).join('') + '</table>');
    } else if (l.startsWith('- ')) {
      const items: string[] = [];
      for (; i < lines.length && lines[i].startsWith('- '); i++) items.push(`<li>${inline(lines[i].slice(2))}</li>`);
      i--;
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (l.trim()) out.push(`<p>${inline(l)}</p>`);
  }
  return out.join('\n');
}

function discriminationTable(tables: readonly NamedTable[], outcome: string): string {
  const rows = recordsOf(tables, 'discrimination', { outcome });
  const models = [...new Set(rows.map((r) => String(r.model)))];
  const lines = ['| model | ' + SPLITS.map(cohortLabel).join(' | ') + ' |', '|---|' + SPLITS.map(() => '---:').join('|') + '|'];
  for (const m of models) {
    const label = String(rows.find((r) => r.model === m)?.label ?? m);
    lines.push(`| ${label} | ` + SPLITS.map((s) => {
      const r = rows.find((x) => x.model === m && x.cohort === s);
      return r ? `${num(r.c_index)} (${num(r.ci_lower)}–${num(r.ci_upper)}), n=${r.n}` : '—';
    }).join(' | ') + ' |');
  }
  return lines.join('\n');
}

function comparisonTable(tables: readonly NamedTable[], outcome: string): string {
  const rows = recordsOf(tables, 'comparisons', { outcome });
  if (!rows.length) return '';
  const pv = (p: unknown) => (typeof p === 'number' ? formatP(p) : 'NA');
  const lines = [`| cohort | model | C model | C ${rows[0].reference} | difference (bootstrap 95% CI) | relative improvement | p (compareC) | p (bootstrap) |`, '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const split of SPLITS) {
    for (const r of rows.filter((x) => x.cohort === split)) {
      const ci = typeof r.boot_ci_lower === 'number' ? ` (${num(r.boot_ci_lower)} to ${num(r.boot_ci_upper)})` : '';
      lines.push(`| ${cohortLabel(split)} | ${r.model} | ${num(r.c_model)} | ${num(r.c_reference)} | ${num(r.difference)}${ci} | ${num((r.relative_improvement as number) * 100, 1)} % | ${pv(r.p)} | ${pv(r.boot_p)} |`);
    }
  }
  const b = rows.find((r) => typeof r.boot_resamples === 'number');
  const note = b ? `\n\nDifference = C(${rows[0].reference}) − C(model) on the patients both score; relative improvement = difference / C(model). compareC: Kang et al. 2015 z-test. Bootstrap: ${b.boot_resamples} paired resamples of patients (seed ${b.boot_seed}), percentile interval, two-sided p = 2·min(share of resampled differences ≤ 0, share ≥ 0).` : '';
  return lines.join('\n') + note;
}

function aucTable(tables: readonly NamedTable[], outcome: string, horizons: readonly number[]): string {
  const rows = recordsOf(tables, 'td_auc', { outcome });
  if (!rows.length) return '';
  const models = [...new Set(rows.map((r) => String(r.model)))];
  const lines = [`| model | ${SPLITS.map((s) => `${cohortLabel(s)} (${horizons.join(' / ')} months)`).join(' | ')} |`, '|---|' + SPLITS.map(() => '---:').join('|') + '|'];
  for (const m of models) {
    lines.push(`| ${m} | ` + SPLITS.map((s) => horizons.map((h) => {
      const r = rows.find((x) => x.model === m && x.cohort === s && x.horizon_months === h);
      return r ? num(r.auc) : '—';
    }).join(' / ')).join(' | ') + ' |');
  }
  return lines.join('\n');
}

function nomogramTables(tables: readonly NamedTable[], outcome: string, model: string): string {
  const pts = recordsOf(tables, 'nomogram_points', { outcome, model });
  const totals = recordsOf(tables, 'nomogram_totals', { outcome, model });
  if (!pts.length || !totals.length) return '';
  const vars = [...new Set(pts.map((r) => String(r.variable)))];
  const lines = ['| variable | value: points |', '|---|---|'];
  for (const v of vars) lines.push(`| ${v} | ${pts.filter((r) => r.variable === v).map((r) => `${typeof r.value === 'number' ? Number(r.value.toPrecision(4)) : r.value}: ${num(r.points, 0)}`).join('; ')} |`);
  const horizons = [...new Set(totals.map((r) => r.horizon_months as number))];
  const grid = [...new Set(totals.map((r) => r.total_points as number))];
  const t2 = [`| total points | linear predictor | ${horizons.map((h) => `S(${h} months)`).join(' | ')} |`, '|---:|---:|' + horizons.map(() => '---:').join('|') + '|'];
  for (const g of grid) {
    const at = totals.filter((r) => r.total_points === g);
    t2.push(`| ${g} | ${num(at[0].linear_predictor)} | ${horizons.map((h) => num(at.find((r) => r.horizon_months === h)?.survival)).join(' | ')} |`);
  }
  const s0 = horizons.map((h) => `S0(${h}) = ${num(totals.find((r) => r.horizon_months === h)?.baseline_survival, 4)}`).join(', ');
  return `${lines.join('\n')}\n\n${t2.join('\n')}\n\nPoints: the variable whose β·x spans the widest range over its axis gets 0–100 points (rms convention); numeric axes span the training values. Predicted survival S(h) = S0(h)^exp(lp), lp centred at the training means, baseline from the training fit (${s0}).`;
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

function riskGroupTable(tables: readonly NamedTable[], outcome: string, model: string): string {
  const rows = recordsOf(tables, 'risk_groups', { outcome, model });
  if (!rows.length) return '';
  const lines = ['| cohort | group | n | events | median (months) | difference vs low (months) | HR vs low (95% CI) | log-rank p |', '|---|---|---:|---:|---:|---:|---|---:|'];
  // Difference in median survival from the lowest-risk group of the same cohort (NA when a median is not reached).
  const lowMedian = new Map(rows.filter((r) => r.hr === null).map((r) => [String(r.cohort), r.median_months]));
  for (const r of rows) {
    const low = lowMedian.get(String(r.cohort));
    const diff = r.hr === null ? '—' : typeof r.median_months === 'number' && typeof low === 'number' ? num(r.median_months - low, 1) : 'NA (median not reached)';
    lines.push(`| ${cohortLabel(String(r.cohort))} | ${r.group} | ${r.n} | ${r.events} | ${r.median_months === null ? 'not reached' : num(r.median_months, 1)} | ${diff} | ${r.hr === null ? 'reference' : `${num(r.hr, 2)} (${num(r.hr_lower, 2)}–${num(r.hr_upper, 2)})`} | ${typeof r.logrank_p === 'number' ? formatP(r.logrank_p) : 'NA'} |`);
  }
  return lines.join('\n');
}

function interactionLine(tables: readonly NamedTable[], outcome: string, model: string, cohort: string): string {
  const rows = recordsOf(tables, 'subgroup_interactions', { outcome, model, cohort });
  return rows.length ? 'Interaction tests (likelihood ratio, risk group × subgroup): ' + rows.map((r) => `${r.variable} p = ${typeof r.p === 'number' ? formatP(r.p) : 'NA'}`).join('; ') + '.' : '';
}

/** The report's blocks (Markdown text and figures) in order. */
export function studyReportBlocks(result: Pick<StudyRunResult, 'tables' | 'notes' | 'warnings'>, settings: StudySettings, cohort: ReportCohort, provenance: unknown, explain: ExplainabilityInput | null = null): ReportBlock[] {
  const t = result.tables;
  const ref = settings.evaluation.reference;
  const sub = settings.evaluation.subgroupCohort;
  const b: ReportBlock[] = [];
  const md = (text: string) => b.push({ kind: 'md', text });
  const vega = wrap;
  const fig = (name: string, caption: string, figure: FigureRequest | null) => figure && b.push({ kind: 'figure', name, caption, figure });
  const c = cohort.counts;
  md(`# Study report: ${cohort.name}${cohort.synthetic ? ' (SYNTHETIC COHORT)' : ''}\n\nmmf ${VERSION}. Patients: training ${c.training}, internal validation ${c.internal_validation}, external test ${c.external_test}. Every model was fitted on the training cohort only; cut-offs were learned on training predictions and applied unchanged. Reference model for comparisons, risk groups and subgroups: \`${ref}\`.`);
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
    const rg = riskGroupTable(t, outcome, ref);
    if (rg) md(`### Risk groups of ${ref}\n\n${rg}`);
    for (const s of SPLITS) fig(`${outcome}-km-${s}`, `${O}: Kaplan-Meier curves by ${ref} risk group, ${cohortLabel(s)} (numbers at risk below).`, kmRiskGroupFigure(t, outcome, ref, s));
    md(`### Subgroups (${cohortLabel(sub)})\n\n${interactionLine(t, outcome, ref, sub)}`);
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
  md(`## Model card: ${ref}\n\n**Model.** ${ref === 'mmf-cox' ? 'MMF: multivariable Cox model of the imaging (Ensemble-DL) risk score and the clinical variables selected by the pre-specified clinical benchmark procedure' : ref}; fitted separately for ${settings.outcomes.map((o) => o.toUpperCase()).join(' and ')}.\n\n**Data.** ${cohort.synthetic ? 'A SYNTHETIC cohort from the project generator: no real patient data; numbers show that the pipeline works, not clinical validity.' : `Cohort ${cohort.name}.`} Training ${c.training}, internal validation ${c.internal_validation}, external test ${c.external_test} patients.\n\n**Intended use.** Research use only: stratifying patients with unresectable hepatocellular carcinoma starting immune-checkpoint-inhibitor therapy by predicted overall and progression-free survival. Not a medical device; not for individual treatment decisions.\n\n**Performance (Harrell's C, 95% CI).**\n\n${perf}\n\n**Limitations.** Discrimination on the training cohort is optimistic. Cut-offs are fixed on training and may not transfer to populations with a different risk mix. Subgroup results are exploratory (wide intervals, multiple testing). Calibration depends on the baseline hazard of the training centres.${result.notes.length ? ` ${result.notes.length} metric(s) could not be computed (listed below).` : ''}`);
  md(tripodSection(result, settings, cohort));
  md(`## Settings and provenance\n\nSettings (results/settings.json): \`${JSON.stringify(settings)}\`\n\nProvenance (results/provenance.json): \`${JSON.stringify(provenance)}\``);
  if (result.notes.length || result.warnings.length) md(`## Notes and warnings\n\n${[...result.notes, ...summariseWarnings(result.warnings)].map((n) => `- ${n}`).join('\n')}`);
  return b;
}

/**
 * Write the study report into `<outDir>/report/`: `report.md` (figures as linked SVG files in
 * `figures/`) and a self-contained `report.html` (the same SVGs inline, readable offline and
 * printable), with a model card for the reference model and the settings and provenance.
 * `render` draws each figure (the CLI passes one built on the report stage's specs and `renderSvg`).
 */
export async function writeStudyReport(result: Pick<StudyRunResult, 'tables' | 'notes' | 'warnings'>, settings: StudySettings, cohort: ReportCohort, provenance: unknown, outDir: string, render: FigureRenderer, explain: ExplainabilityInput | null = null): Promise<StudyReportFiles> {
  const dir = join(outDir, 'report');
  mkdirSync(join(dir, 'figures'), { recursive: true });
  const blocks = studyReportBlocks(result, settings, cohort, provenance, explain ? { ...explain, markdownImages: 'path', markdownBase: dir } : null);
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
    htmlParts.push(`<figure>${svg}<figcaption>${escapeHtml(bl.caption)}</figcaption></figure>`);
  }
  // The TRIPOD+AI checklist as a results table (CSV + JSON) beside the run's other tables.
  const tripod = tripodAiTable({ ...result, settings, cohort });
  const resultsDir = join(outDir, 'results');
  writeTables(resultsDir, [tripod]);
  writeFileAtomic(join(resultsDir, 'tripod_ai.json'), JSON.stringify(tableToRecords(tripod), null, 1) + '\n');
  const markdown = join(dir, 'report.md');
  const html = join(dir, 'report.html');
  writeFileAtomic(markdown, mdParts.join('\n\n') + '\n');
  const style = 'body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;font-size:13px;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child{text-align:left}code{font-size:11px;word-break:break-all}figure{margin:1em 0;page-break-inside:avoid}figcaption{font-size:13px;color:#555}@media print{body{max-width:none}}';
  writeFileAtomic(html, `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Study report: ${escapeHtml(cohort.name)}</title><style>${style}</style></head><body>\n${htmlParts.join('\n')}\n</body></html>\n`);
  return { markdown, html, figures };
}

/** The Ensemble-DL section: members' training record and Grad-CAM localisation on the external test cohort. */
function deepSection(t: readonly NamedTable[]): string | null {
  const members = recordsOf(t, 'deep_members', {});
  if (!members.length) return null;
  const m0 = members[0];
  const lines = [
    '## Ensemble-DL',
    '',
    `Deep members trained on ${m0.n_train} training patients (early stopping on the validation C-index of ${m0.n_valid} internal-validation patients); combiner fitted on ${m0.combiner_fitted_on} patients. Ensemble OS C: training ${num(m0.ensemble_train_c)}, internal validation ${num(m0.ensemble_valid_c)}. Scores: results/predictions.csv (model \`imaging\`); penultimate features feed the correlation analysis below.`,
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
