import { normalCdf, normalQuantile } from '../../core/distributions.js';
import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, ok } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import type { KernelOutput, TiedTimeRule } from './concordance-kernel.js';
import { prepareConcordance, sweepConcordance } from './concordance-kernel.js';
import { checkConcordanceInput, noComparablePairsIssue } from './concordance.js';
import type { MarkerDirection } from './risk-score.js';
import { asRiskScore } from './risk-score.js';

/** Unweighted Harrell counts with per-row pair counts (the building block of the variants below). */
export function pairCountsPerRow(data: SurvivalData, marker: ArrayLike<number>, direction: MarkerDirection, rule: TiedTimeRule, strata: Int32Array | null): KernelOutput {
  const risk = asRiskScore(marker, direction);
  const prep = prepareConcordance(data.time, data.event, risk, strata, rule);
  return sweepConcordance(prep, { weights: null, timeWeighting: 'n', tauDays: null, influence: true });
}

function rejectWeights(data: SurvivalData, what: string): Issue[] {
  return data.weights
    ? [issueError('bad_option', ['weights'], `${what} does not use case weights`, { expected: 'unweighted rows', received: 'case weights' })]
    : [];
}

/** Options for `rcorrCens`. */
export interface RcorrCensOptions {
  readonly direction?: MarkerDirection;
  /** Drop pairs tied on the marker (Goodman-Kruskal gamma-type). Default false. */
  readonly outx?: boolean;
}

/** Hmisc `rcorr.cens` output. Pair numbers count ordered pairs, as Hmisc does (each unordered pair twice). */
export interface RcorrCensResult {
  readonly c: number;
  /** Somers' Dxy = 2(C - 0.5). */
  readonly dxy: number;
  /** Standard deviation of Dxy (Quade's formula, as SAS PROC MATPAR). */
  readonly sdDxy: number;
  readonly n: number;
  readonly nEvents: number;
  readonly relevantPairs: number;
  /** Concordant pairs, a tie on the marker counting 1/2. */
  readonly concordantPairs: number;
  /** Pairs whose order cannot be told (censoring), not counting two events at one time. */
  readonly uncertainPairs: number;
  readonly outx: boolean;
}

/**
 * C index and Somers' Dxy with the standard deviation Hmisc reports, for a risk score (Hmisc is
 * called as `rcorr.cens(-risk, Surv(time, event), outx)`). With r_i = relevant pairs row i is in and
 * w_i = (concordant - discordant) pairs of row i:
 * SD = 2 sqrt(Σr² (Σw)² - 2 Σr Σw Σrw + Σw² (Σr)²) / (Σr)².
 * Comparable pairs are those of `concordanceIndex`; no strata, no weights.
 * @see Hmisc::rcorr.cens
 */
export function rcorrCens(data: SurvivalData, marker: ArrayLike<number>, options: RcorrCensOptions = {}): Result<RcorrCensResult> {
  const issues = [...checkConcordanceInput(data, marker, 'marker', options), ...rejectWeights(data, 'rcorr.cens')];
  if (issues.length) return fail(issues);
  const outx = options.outx === true;
  const k = pairCountsPerRow(data, marker, options.direction ?? 'higher-is-worse', 'censored-after-event', null);
  const { concordant, discordant, tiedX, tiedY, tiedXY } = k.total;
  const rel = outx ? concordant + discordant : concordant + discordant + tiedX;
  if (!(rel > 0)) return fail([noComparablePairsIssue()]);
  const ic = k.inConcordant!;
  const id = k.inDiscordant!;
  const it = k.inTiedX!;
  let sumr = 0, sumr2 = 0, sumw = 0, sumw2 = 0, sumrw = 0;
  for (let i = 0; i < data.n; i++) {
    const r = outx ? ic[i] + id[i] : ic[i] + id[i] + it[i];
    const w = ic[i] - id[i];
    sumr += r;
    sumr2 += r * r;
    sumw += w;
    sumw2 += w * w;
    sumrw += r * w;
  }
  const nconc = outx ? 2 * concordant : 2 * concordant + tiedX;
  const nrel = 2 * rel;
  const c = nconc / nrel;
  const sd = (2 * Math.sqrt(sumr2 * sumw * sumw - 2 * sumr * sumw * sumrw + sumw2 * sumr * sumr)) / sumr / sumr;
  const n = data.n;
  const allPairs = (n * (n - 1)) / 2;
  let uncertain: number;
  if (outx) {
    // Pairs tied on the marker are skipped before anything else.
    const risk = asRiskScore(marker, options.direction ?? 'higher-is-worse');
    const sorted = Float64Array.from(risk).sort();
    let tiedOnMarker = 0;
    for (let i = 0, j = 0; i < n; i = j) {
      while (j < n && sorted[j] === sorted[i]) j++;
      tiedOnMarker += ((j - i) * (j - i - 1)) / 2;
    }
    uncertain = 2 * (allPairs - tiedOnMarker - concordant - discordant - tiedY);
  } else {
    uncertain = 2 * (allPairs - concordant - discordant - tiedX - tiedY - tiedXY);
  }
  let nEvents = 0;
  for (let i = 0; i < n; i++) nEvents += data.event[i];
  return ok({ c, dxy: 2 * (c - 0.5), sdDxy: sd, n, nEvents, relevantPairs: nrel, concordantPairs: nconc, uncertainPairs: uncertain, outx });
}

/** Options for `noetherConcordance`. */
export interface NoetherOptions {
  readonly direction?: MarkerDirection;
  /** Leave pairs tied on the marker out (default true, as survcomp); false counts them 1/2 each way. */
  readonly outx?: boolean;
  /** 1 - confidence level of the interval. Default 0.05. */
  readonly alpha?: number;
  /** Pair rows only within `data.strata` (default true when present). */
  readonly useStrata?: boolean;
}

/** survcomp `concordance.index(method = "noether")` output. */
export interface NoetherResult {
  readonly cIndex: number;
  readonly se: number;
  /** cIndex ± z_{1-α/2} se, clipped to [0, 1]. */
  readonly lower: number;
  readonly upper: number;
  /** Two-sided p for H0: C = 0.5 (as survcomp 1.45 reports it). */
  readonly p: number;
  readonly n: number;
  /** Σ_h (c_h + d_h): comparable pairs counted from both members (survcomp `comppairs`). */
  readonly comparablePairs: number;
  readonly outx: boolean;
}

/**
 * Concordance with Noether's standard error, survcomp's way: only pairs with different times are
 * comparable (the earlier one an event). With c_h, d_h the concordant / discordant pairs of row h
 * (ties on the marker left out, or 1/2 to each when outx = false) and N = n:
 *   p_c = Σc_h / (N(N-1)), p_d = Σd_h / (N(N-1)), C = p_c / (p_c + p_d),
 *   p_cc = Σc_h(c_h-1) / (N(N-1)(N-2)), p_dd, p_cd likewise,
 *   var = 4 (p_d² p_cc - 2 p_c p_d p_cd + p_c² p_dd) / (p_c + p_d)^4,  se = sqrt(var / N).
 * @see survcomp::concordance.index(method = "noether")
 */
export function noetherConcordance(data: SurvivalData, marker: ArrayLike<number>, options: NoetherOptions = {}): Result<NoetherResult> {
  const issues = [...checkConcordanceInput(data, marker, 'marker', options), ...rejectWeights(data, 'the Noether concordance')];
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) issues.push(issueError('bad_option', ['alpha'], 'alpha must lie in (0, 1)', { expected: 'e.g. 0.05', received: String(alpha) }));
  if (issues.length) return fail(issues);
  const outx = options.outx !== false;
  const strata = options.useStrata === false ? null : data.strata;
  const k = pairCountsPerRow(data, marker, options.direction ?? 'higher-is-worse', 'strict', strata);
  const ic = k.inConcordant!;
  const id = k.inDiscordant!;
  const it = k.inTiedX!;
  const N = data.n;
  let sc = 0, sd = 0, scc = 0, sdd = 0, scd = 0;
  for (let h = 0; h < N; h++) {
    const ch = outx ? ic[h] : ic[h] + it[h] / 2;
    const dh = outx ? id[h] : id[h] + it[h] / 2;
    sc += ch;
    sd += dh;
    scc += ch * (ch - 1);
    sdd += dh * (dh - 1);
    scd += ch * dh;
  }
  if (sc === 0 || sd === 0 || scc === 0 || sdd === 0 || scd === 0 || sc + sd < 10) {
    return fail([issueError('too_few_rows', [], 'too few concordant or discordant pairs for the Noether standard error', { expected: 'at least 10 comparable pairs, some concordant and some discordant', received: `${sc} concordant, ${sd} discordant` })]);
  }
  const pc = (1 / (N * (N - 1))) * sc;
  const pd = (1 / (N * (N - 1))) * sd;
  const c = pc / (pc + pd);
  const den3 = N * (N - 1) * (N - 2);
  const pcc = (1 / den3) * scc;
  const pdd = (1 / den3) * sdd;
  const pcd = (1 / den3) * scd;
  const varp = (4 / (pc + pd) ** 4) * (pd * pd * pcc - 2 * pc * pd * pcd + pc * pc * pdd);
  if (!(varp / N > 0)) {
    return fail([issueError('too_few_rows', [], 'the Noether variance is not positive', { expected: 'a positive variance', received: String(varp) })]);
  }
  const se = Math.sqrt(varp / N);
  const half = normalQuantile(1 - alpha / 2) * se;
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  const p = 2 * normalCdf(-Math.abs(c - 0.5) / se);
  return ok({ cIndex: c, se, lower: clip(c - half), upper: clip(c + half), p, n: N, comparablePairs: sc + sd, outx });
}
