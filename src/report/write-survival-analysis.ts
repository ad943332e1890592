import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SurvivalAnalysisResult } from './survival-analysis.js';

/** Files written for one survival analysis, by role. */
export interface WrittenSurvivalAnalysis {
  readonly dir: string;
  readonly files: Readonly<Record<string, string>>;
}

function csv(rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => (v === null || (typeof v === 'number' && Number.isNaN(v)) ? 'NA' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

const fmt = (v: number | null | undefined, d = 3) => (v === null || v === undefined || Number.isNaN(v) ? 'NA' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(d));

/** A short Markdown report a clinician can read, with the figures beside it. */
export function survivalReportMarkdown(r: SurvivalAnalysisResult): string {
  const unit = r.provenance.spec.timeUnit;
  const lines: string[] = [];
  lines.push(`# Survival analysis: ${r.input.source}`, '');
  lines.push(`${r.input.summary}.`, '');
  lines.push(`## Survival by ${r.provenance.spec.group}`, '', '![Kaplan-Meier curves](km.svg)', '');
  lines.push(`| group | patients | events | median (${unit}) | 95% CI |`, '|---|---:|---:|---:|---|');
  for (const g of r.kaplanMeier) lines.push(`| ${g.group} | ${g.n} | ${g.events} | ${g.median ?? 'not reached'} | ${g.lower ?? 'NA'} – ${g.upper ?? 'NA'} |`);
  lines.push('', `Log-rank test: chi-square ${fmt(r.logRank.chisq, 2)} on ${r.logRank.df} df, p = ${fmt(r.logRank.p, 4)}.`, '');
  lines.push('## Cox proportional-hazards model (Efron ties)', '', '![Hazard ratios](forest.svg)', '');
  lines.push('| term | hazard ratio | 95% CI | p |', '|---|---:|---|---:|');
  for (const c of r.cox.model.coefficients) lines.push(`| ${c.name} | ${fmt(c.hazardRatio)} | ${fmt(c.lower95)} – ${fmt(c.upper95)} | ${fmt(c.p, 4)} |`);
  const t = r.cox.model.tests;
  lines.push('', `Likelihood-ratio test ${fmt(t.likelihoodRatio.statistic, 2)} on ${t.likelihoodRatio.df} df (p = ${fmt(t.likelihoodRatio.p, 4)}). ${r.cox.diagnostics.converged ? `Converged in ${r.cox.diagnostics.iterations} iterations.` : '**Did not converge.**'}`);
  lines.push('', `Proportional-hazards test (cox.zph, KM transform): ${r.zph.table.map((z) => `${z.term} p = ${fmt(z.p)}`).join('; ')}${r.zph.global ? `; global p = ${fmt(r.zph.global.p)}` : ''}.`);
  lines.push('', '## Discrimination of the model (apparent, on the same data)', '');
  lines.push(`Harrell's C = ${fmt(r.concordance.c)} (SE ${fmt(r.concordance.se)}; ${r.concordance.concordant} concordant, ${r.concordance.discordant} discordant, ${r.concordance.tiedRisk} tied-risk pairs).`, '');
  lines.push(`| horizon (${unit}) | time-dependent AUC | 95% CI | cases | controls |`, '|---:|---:|---|---:|---:|');
  for (const a of r.tdAuc) lines.push(`| ${a.horizon} | ${fmt(a.auc)} | ${fmt(a.lower)} – ${fmt(a.upper)} | ${a.cases} | ${a.controls} |`);
  lines.push('', '## Risk groups (split at the median linear predictor)', '', '![Risk groups](risk-groups.svg)', '');
  lines.push(`| group | patients | events | median (${unit}) | HR vs low | 95% CI |`, '|---|---:|---:|---:|---:|---|');
  for (const g of r.riskGroups.groups) lines.push(`| ${g.label} | ${g.n} | ${g.events} | ${g.median ?? 'not reached'} | ${fmt(g.hr)} | ${fmt(g.hrLower)} – ${fmt(g.hrUpper)} |`);
  lines.push('', `Log-rank p = ${fmt(r.riskGroups.logRank.p, 4)}. The C-index and AUC above are apparent (optimistic): the model was fitted on these patients.`);
  if (r.warnings.length) lines.push('', '## Warnings', '', ...r.warnings.map((w) => `- ${w.message}`));
  lines.push('', '---', `mmf ${r.provenance.version}, Node ${r.provenance.node}, ${r.provenance.date}. Input SHA-256: ${r.input.sha256 ?? 'n/a'}. Settings: \`${JSON.stringify(r.provenance.spec)}\`.`, '');
  return lines.join('\n');
}

/** Write the analysis as JSON, CSV tables, SVG figures and a Markdown report into `dir`. */
export function writeSurvivalAnalysis(r: SurvivalAnalysisResult, dir: string): WrittenSurvivalAnalysis {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  const put = (name: string, role: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    files[role] = p;
  };
  const { figures, kmCurves, cox, zph, ...rest } = r;
  const summary = {
    ...rest,
    cox: { coefficients: cox.model.coefficients, tests: cox.model.tests, loglik: [cox.model.loglikNull, cox.model.loglik], n: cox.model.n, nevent: cox.model.nevent, diagnostics: cox.diagnostics },
    zph: { transform: zph.transform, table: zph.table, global: zph.global },
  };
  put('summary.json', 'summary', JSON.stringify(summary, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2));
  const kmRows: (string | number | null)[][] = [['group', 'time', 'n_risk', 'n_event', 'n_censor', 'surv', 'std_err', 'lower95', 'upper95']];
  for (const c of kmCurves.curves) for (let k = 0; k < c.time.length; k++) kmRows.push([c.label, c.time[k], c.nRisk[k], c.nEvent[k], c.nCensor[k], c.surv[k], c.stdErr[k], c.lower[k], c.upper[k]]);
  put('km.csv', 'kmTable', csv(kmRows));
  put('cox.csv', 'coxTable', csv([['term', 'coef', 'hr', 'lower95', 'upper95', 'se', 'z', 'p'], ...cox.model.coefficients.map((c) => [c.name, c.coef, c.hazardRatio, c.lower95, c.upper95, c.se, c.z, c.p])]));
  put('km.svg', 'kmFigure', figures.kmSvg);
  put('forest.svg', 'forestFigure', figures.forestSvg);
  put('risk-groups.svg', 'riskGroupFigure', figures.riskGroupSvg);
  put('report.md', 'report', survivalReportMarkdown(r));
  return { dir, files };
}
