// Markdown tables and sentences of the study report, read from the result tables (one concept:
// the report's text from the numbers; figures are in figures.ts, the page in write-report.ts).
import type { NamedTable } from '../evaluate.js';
import { cohortLabel, formatP, modelLabels, recordsOf } from './figures.js';

/** The study's cohorts in report order. */
export const SPLITS = ['training', 'internal_validation', 'external_test'];
export const num = (v: unknown, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : 'NA');
const labelOf = (labels: ReadonlyMap<string, string>, id: unknown): string => labels.get(String(id)) ?? String(id);

export function discriminationTable(tables: readonly NamedTable[], outcome: string): string {
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

export function comparisonTable(tables: readonly NamedTable[], outcome: string): string {
  const rows = recordsOf(tables, 'comparisons', { outcome });
  if (!rows.length) return '';
  const pv = (p: unknown) => (typeof p === 'number' ? formatP(p) : 'NA');
  const labels = modelLabels(tables, outcome);
  const lines = [`| cohort | model | C model | C ${labelOf(labels, rows[0].reference)} | difference (bootstrap 95% CI) | relative improvement | p (compareC) | p (bootstrap) |`, '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const split of SPLITS) {
    for (const r of rows.filter((x) => x.cohort === split)) {
      const ci = typeof r.boot_ci_lower === 'number' ? ` (${num(r.boot_ci_lower)} to ${num(r.boot_ci_upper)})` : '';
      lines.push(`| ${cohortLabel(split)} | ${labelOf(labels, r.model)} | ${num(r.c_model)} | ${num(r.c_reference)} | ${num(r.difference)}${ci} | ${num((r.relative_improvement as number) * 100, 1)} % | ${pv(r.p)} | ${pv(r.boot_p)} |`);
    }
  }
  const b = rows.find((r) => typeof r.boot_resamples === 'number');
  const note = b ? `\n\nDifference = C(${labelOf(labels, rows[0].reference)}) − C(model) on the patients both score; relative improvement = difference / C(model). compareC: Kang et al. 2015 z-test. Bootstrap: ${b.boot_resamples} paired resamples of patients (seed ${b.boot_seed}), percentile interval, two-sided p = 2·min(share of resampled differences ≤ 0, share ≥ 0).` : '';
  return lines.join('\n') + note;
}

export function aucTable(tables: readonly NamedTable[], outcome: string, horizons: readonly number[]): string {
  const rows = recordsOf(tables, 'td_auc', { outcome });
  if (!rows.length) return '';
  const models = [...new Set(rows.map((r) => String(r.model)))];
  const labels = modelLabels(tables, outcome);
  const lines = [`| model | ${SPLITS.map((s) => `${cohortLabel(s)} (${horizons.join(' / ')} months)`).join(' | ')} |`, '|---|' + SPLITS.map(() => '---:').join('|') + '|'];
  for (const m of models) {
    lines.push(`| ${labelOf(labels, m)} | ` + SPLITS.map((s) => horizons.map((h) => {
      const r = rows.find((x) => x.model === m && x.cohort === s && x.horizon_months === h);
      return r ? num(r.auc) : '—';
    }).join(' / ')).join(' | ') + ' |');
  }
  return lines.join('\n');
}

/**
 * Brier score per horizon (the null model's in brackets) and the integrated Brier score up to the
 * last horizon, on one cohort (the external test cohort in the report); '' without a brier table.
 */
export function brierTable(tables: readonly NamedTable[], outcome: string, horizons: readonly number[], cohort = 'external_test'): string {
  const rows = recordsOf(tables, 'brier', { outcome, cohort });
  if (!rows.length) return '';
  const labels = modelLabels(tables, outcome);
  const last = horizons[horizons.length - 1];
  const lines = [`| model | ${horizons.map((h) => `Brier ${h} months (null)`).join(' | ')} | IBS 0–${last} months |`, '|---|' + horizons.map(() => '---:').join('|') + '|---:|'];
  for (const m of [...new Set(rows.map((r) => String(r.model)))]) {
    const at = (h: number) => rows.find((r) => r.model === m && r.horizon_months === h);
    lines.push(`| ${labelOf(labels, m)} | ${horizons.map((h) => { const r = at(h); return r && typeof r.brier === 'number' ? `${num(r.brier)} (${num(r.null_brier)})` : '—'; }).join(' | ')} | ${num(at(last)?.ibs_to_horizon)} |`);
  }
  return lines.join('\n');
}

export function nomogramTables(tables: readonly NamedTable[], outcome: string, model: string): string {
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
  const reversed = reversedTerms(tables, outcome, model);
  return `${lines.join('\n')}\n\n${t2.join('\n')}\n\nPoints: the variable whose β·x spans the widest range over its axis gets 0–100 points (rms convention); numeric axes span the training values. Predicted survival S(h) = S0(h)^exp(lp), lp centred at the training means, baseline from the training fit (${s0}).${reversed}`;
}

/**
 * A caution when a term's direction in `model` is the reverse of its direction in the clinical
 * benchmark (e.g. tumour size once the deep score, which carries size, is in the model): the points
 * of a nomogram are adjusted effects of correlated inputs, not each variable's own association.
 */
export function reversedTerms(tables: readonly NamedTable[], outcome: string, model: string): string {
  if (model === 'clinical') return '';
  const coef = (m: string) => new Map(recordsOf(tables, 'model_coefficients', { outcome, model: m }).filter((r) => typeof r.coef === 'number').map((r) => [String(r.term), r.coef as number]));
  const bench = coef('clinical');
  const here = coef(model);
  const flips = [...here].filter(([term, b]) => bench.has(term) && Math.sign(b) !== 0 && Math.sign(bench.get(term)!) !== 0 && Math.sign(b) !== Math.sign(bench.get(term)!));
  if (!flips.length) return '';
  const hr = (b: number) => num(Math.exp(b), 2);
  return ` **Caution:** ${flips.map(([term, b]) => `${term} has HR ${hr(bench.get(term)!)} in the clinical benchmark but ${hr(b)} here`).join('; ')}. In a multivariable model each term is adjusted for the others: when another input (such as the Ensemble-DL score, which follows tumour size) carries the same information, a term's adjusted direction can reverse. Read the points as the fitted model's, not as each variable's own association with ${outcome === 'os' ? 'survival' : 'progression'}.`;
}


export function riskGroupTable(tables: readonly NamedTable[], outcome: string, model: string): string {
  const rows = recordsOf(tables, 'risk_groups', { outcome, model });
  if (!rows.length) return '';
  const lines = ['| cohort | group | n | events | median (months) | difference vs low (months) | HR vs low (95% CI) | log-rank p |', '|---|---|---:|---:|---:|---:|---|---:|'];
  // The evaluation marks the reference (lowest-risk) group (`reference` = 1) and gives the difference in
  // median survival from it, or a note saying which median is not reached; an HR it cannot estimate is
  // null with `hr_note`. Tables written before those columns: the reference is the row whose HR is
  // null, or 1 without an interval, and the difference is computed here.
  const marked = rows.some((r) => r.reference !== undefined);
  const isRef = (r: Record<string, unknown>) => (marked ? Number(r.reference) === 1 : r.hr === null || (r.hr === 1 && (r.hr_lower === null || r.hr_lower === undefined)));
  const lowMedian = new Map(rows.filter(isRef).map((r) => [String(r.cohort), r.median_months]));
  for (const r of rows) {
    const ref = isRef(r);
    const low = lowMedian.get(String(r.cohort));
    const diff = ref
      ? '—'
      : typeof r.median_difference_months === 'number'
        ? num(r.median_difference_months, 1)
        : typeof r.median_difference_note === 'string'
          ? r.median_difference_note
          : typeof r.median_months === 'number' && typeof low === 'number'
            ? num(r.median_months - low, 1)
            : 'NA (median not reached)';
    const hr = ref ? 'reference' : typeof r.hr === 'number' ? `${num(r.hr, 2)} (${num(r.hr_lower, 2)}–${num(r.hr_upper, 2)})` : typeof r.hr_note === 'string' ? r.hr_note : 'not estimable';
    lines.push(`| ${cohortLabel(String(r.cohort))} | ${r.group} | ${r.n} | ${r.events} | ${r.median_months === null ? 'not reached' : num(r.median_months, 1)} | ${diff} | ${hr} | ${typeof r.logrank_p === 'number' ? formatP(r.logrank_p) : 'NA'} |`);
  }
  return lines.join('\n');
}

/** The subgroup cohort's interaction tests; variables in `skip` (said elsewhere) are left out of the not-testable list. */
export function interactionLine(tables: readonly NamedTable[], outcome: string, model: string, cohort: string, skip: readonly string[] = []): string {
  const rows = recordsOf(tables, 'subgroup_interactions', { outcome, model, cohort }).filter((r) => typeof r.p === 'number' || !skip.includes(String(r.variable)));
  const tested = rows.filter((r) => typeof r.p === 'number');
  const untested = rows.filter((r) => typeof r.p !== 'number');
  const parts = [
    tested.length ? 'Interaction tests (likelihood ratio, risk group × subgroup): ' + tested.map((r) => `${r.variable} p = ${formatP(r.p as number)}`).join('; ') + '.' : '',
    untested.length ? `Not testable in this cohort (a level without an estimable HR, or a single level): ${untested.map((r) => String(r.variable)).join(', ')} (reasons: results/subgroup_interactions.csv).` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/**
 * The centre row of the subgroup cohort, said plainly: a single-centre cohort's centre row repeats its
 * overall HR and has no interaction test; where another cohort has several centres, its risk group ×
 * centre interaction is quoted. '' when centre is not a subgroup variable or the cohort has several centres.
 */
export function centreLine(tables: readonly NamedTable[], outcome: string, model: string, cohort: string): string {
  const levels = [...new Set(recordsOf(tables, 'subgroups', { outcome, model, cohort, variable: 'centre' }).map((r) => String(r.level)))];
  if (levels.length !== 1) return '';
  const elsewhere = recordsOf(tables, 'subgroup_interactions', { outcome, model, variable: 'centre' })
    .filter((r) => r.cohort !== cohort && typeof r.p === 'number' && String(r.levels).split(';').length > 1)
    .map((r) => `${cohortLabel(String(r.cohort))} (centres ${String(r.levels).split(';').join(', ')}) p = ${typeof r.p === 'number' ? formatP(r.p) : 'NA'}`);
  return `Centre: the ${cohortLabel(cohort).toLowerCase()} cohort has a single centre (${levels[0]}), so its centre row repeats the overall HR and no centre interaction can be tested${elsewhere.length ? `; risk group × centre interaction where a cohort has more than one centre: ${elsewhere.join('; ')} (results/subgroup_interactions.csv)` : ''}.`;
}
