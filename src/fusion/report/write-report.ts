import type { TopLevelSpec } from 'vega-lite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../core/version.js';
import type { StudyCohort } from '../../io/index.js';
import type { NamedTable } from '../evaluate.js';
import type { StudyRunResult } from '../run-study.js';
import type { StudySettings } from '../settings.js';
import { writeFileAtomic } from '../write-tables.js';
import type { FigureRenderer, FigureRequest } from './figures.js';
import { calibrationSpec, cIndexBarSpec, cohortLabel, decisionCurveSpec, formatP, kmRiskGroupFigure, recordsOf, subgroupForestFigure } from './figures.js';

/** Files the report wrote. */
export interface StudyReportFiles {
  readonly markdown: string;
  readonly html: string;
  /** Figure name → SVG file. */
  readonly figures: Readonly<Record<string, string>>;
}

/** A piece of the report: Markdown text or a figure. */
export type ReportBlock = { kind: 'md'; text: string } | { kind: 'figure'; name: string; caption: string; figure: FigureRequest };

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

function comparisonTable(tables: readonly NamedTable[], outcome: string, cohort: string): string {
  const rows = recordsOf(tables, 'comparisons', { outcome, cohort });
  if (!rows.length) return '';
  const lines = [`| model | C model | C ${rows[0].reference} | difference | relative improvement | p (compareC) |`, '|---|---:|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.model} | ${num(r.c_model)} | ${num(r.c_reference)} | ${num(r.difference)} | ${num((r.relative_improvement as number) * 100, 1)} % | ${typeof r.p === 'number' ? formatP(r.p) : 'NA'} |`);
  return lines.join('\n');
}

function riskGroupTable(tables: readonly NamedTable[], outcome: string, model: string): string {
  const rows = recordsOf(tables, 'risk_groups', { outcome, model });
  if (!rows.length) return '';
  const lines = ['| cohort | group | n | events | median (months) | HR vs low (95% CI) | log-rank p |', '|---|---|---:|---:|---:|---|---:|'];
  for (const r of rows) lines.push(`| ${cohortLabel(String(r.cohort))} | ${r.group} | ${r.n} | ${r.events} | ${r.median_months === null ? 'not reached' : num(r.median_months, 1)} | ${r.hr === null ? 'reference' : `${num(r.hr, 2)} (${num(r.hr_lower, 2)}–${num(r.hr_upper, 2)})`} | ${typeof r.logrank_p === 'number' ? formatP(r.logrank_p) : 'NA'} |`);
  return lines.join('\n');
}

function interactionLine(tables: readonly NamedTable[], outcome: string, model: string, cohort: string): string {
  const rows = recordsOf(tables, 'subgroup_interactions', { outcome, model, cohort });
  return rows.length ? 'Interaction tests (likelihood ratio, risk group × subgroup): ' + rows.map((r) => `${r.variable} p = ${typeof r.p === 'number' ? formatP(r.p) : 'NA'}`).join('; ') + '.' : '';
}

/** The report's blocks (Markdown text and figures) in order. */
export function studyReportBlocks(result: Pick<StudyRunResult, 'tables' | 'notes' | 'warnings'>, settings: StudySettings, cohort: Pick<StudyCohort, 'name' | 'synthetic' | 'counts'>, provenance: unknown): ReportBlock[] {
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
    const cmp = comparisonTable(t, outcome, 'external_test');
    if (cmp) md(`### Comparison with ${ref} on the external test cohort\n\n${cmp}`);
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
  }
  const perf = settings.outcomes.map((o) => `- ${o.toUpperCase()}: ` + SPLITS.map((s) => {
    const r = recordsOf(t, 'discrimination', { outcome: o, model: ref, cohort: s })[0];
    return `${cohortLabel(s)} C = ${r ? `${num(r.c_index)} (${num(r.ci_lower)}–${num(r.ci_upper)})` : 'NA'}`;
  }).join('; ')).join('\n');
  md(`## Model card: ${ref}\n\n**Model.** ${ref === 'mmf-cox' ? 'MMF: multivariable Cox model of the imaging (Ensemble-DL) risk score and the clinical variables selected by the pre-specified clinical benchmark procedure' : ref}; fitted separately for ${settings.outcomes.map((o) => o.toUpperCase()).join(' and ')}.\n\n**Data.** ${cohort.synthetic ? 'A SYNTHETIC cohort from the project generator: no real patient data; numbers show that the pipeline works, not clinical validity.' : `Cohort ${cohort.name}.`} Training ${c.training}, internal validation ${c.internal_validation}, external test ${c.external_test} patients.\n\n**Intended use.** Research use only: stratifying patients with unresectable hepatocellular carcinoma starting immune-checkpoint-inhibitor therapy by predicted overall and progression-free survival. Not a medical device; not for individual treatment decisions.\n\n**Performance (Harrell's C, 95% CI).**\n\n${perf}\n\n**Limitations.** Discrimination on the training cohort is optimistic. Cut-offs are fixed on training and may not transfer to populations with a different risk mix. Subgroup results are exploratory (wide intervals, multiple testing). Calibration depends on the baseline hazard of the training centres.${result.notes.length ? ` ${result.notes.length} metric(s) could not be computed (listed below).` : ''}`);
  md(`## Settings and provenance\n\nSettings (results/settings.json): \`${JSON.stringify(settings)}\`\n\nProvenance (results/provenance.json): \`${JSON.stringify(provenance)}\``);
  if (result.notes.length || result.warnings.length) md(`## Notes and warnings\n\n${[...result.notes, ...result.warnings.map((w) => w.message)].map((n) => `- ${n}`).join('\n')}`);
  return b;
}

/**
 * Write the study report into `<outDir>/report/`: `report.md` (figures as linked SVG files in
 * `figures/`) and a self-contained `report.html` (the same SVGs inline, readable offline and
 * printable), with a model card for the reference model and the settings and provenance.
 * `render` draws each figure (the CLI passes one built on the report stage's specs and `renderSvg`).
 */
export async function writeStudyReport(result: Pick<StudyRunResult, 'tables' | 'notes' | 'warnings'>, settings: StudySettings, cohort: Pick<StudyCohort, 'name' | 'synthetic' | 'counts'>, provenance: unknown, outDir: string, render: FigureRenderer): Promise<StudyReportFiles> {
  const dir = join(outDir, 'report');
  mkdirSync(join(dir, 'figures'), { recursive: true });
  const blocks = studyReportBlocks(result, settings, cohort, provenance);
  const mdParts: string[] = [];
  const htmlParts: string[] = [];
  const figures: Record<string, string> = {};
  for (const bl of blocks) {
    if (bl.kind === 'md') {
      mdParts.push(bl.text);
      htmlParts.push(markdownToHtml(bl.text));
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
  const markdown = join(dir, 'report.md');
  const html = join(dir, 'report.html');
  writeFileAtomic(markdown, mdParts.join('\n\n') + '\n');
  const style = 'body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;font-size:13px;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child{text-align:left}code{font-size:11px;word-break:break-all}figure{margin:1em 0;page-break-inside:avoid}figcaption{font-size:13px;color:#555}@media print{body{max-width:none}}';
  writeFileAtomic(html, `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Study report: ${escapeHtml(cohort.name)}</title><style>${style}</style></head><body>\n${htmlParts.join('\n')}\n</body></html>\n`);
  return { markdown, html, figures };
}
