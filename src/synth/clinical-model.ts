import { normalCdf, normalPdf, normalQuantile } from '../core/distributions.js';
import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';
import type { CentreConfig, SynthConfig } from './config.js';
import { logSdForTail } from './variates.js';

/**
 * Quantities derived once from the configuration: copula thresholds, the loading of MVI / EHS /
 * ECOG on the tumour factor that yields the configured BCLC B share, conditional tumour-count
 * shares, EHS site probabilities and the centres in use.
 */
export interface ClinicalModel {
  readonly config: SynthConfig;
  readonly centres: readonly CentreConfig[];
  /** Cumulative centre weights (normalised). */
  readonly centreCumulative: readonly number[];
  /** Latent thresholds: feature present when latent > threshold. */
  readonly mviThreshold: number;
  readonly ehsThreshold: number;
  /** ECOG latent cut points (0|1, 1|2). */
  readonly ecogCuts: readonly [number, number];
  /** Loading of the MVI, EHS and ECOG latents on the tumour factor. */
  readonly advancedLoading: number;
  /** Tumour-count shares (1, 2–3, > 3) for patients with MVI, EHS or ECOG ≥ 1. */
  readonly countSharesAdvanced: readonly [number, number, number];
  /** Per-site draw probabilities such that, conditional on ≥ 1 site, each site has its configured share. */
  readonly ehsSiteDraw: readonly number[];
  readonly crpLog10Sd: number;
  readonly nlrLogSd: number;
  readonly plrLogSd: number;
}

/** Loading of the tumour-size latent on the tumour factor [D]. */
export const SIZE_LOADING = 0.6;

/** P(all three latents below their thresholds) for a common-factor loading λ (numerical integral over the factor). */
export function probabilityNoneAdvanced(loading: number, thresholds: readonly number[]): number {
  const s = Math.sqrt(1 - loading * loading);
  const h = 0.01;
  let total = 0;
  for (let z = -8; z <= 8 + 1e-9; z += h) {
    let p = normalPdf(z);
    for (const t of thresholds) p *= normalCdf((t - loading * z) / s);
    total += p * h;
  }
  return total;
}

function solveLoading(target: number, thresholds: readonly number[]): number {
  let lo = 0;
  let hi = 0.995;
  if (probabilityNoneAdvanced(lo, thresholds) >= target) return 0;
  if (probabilityNoneAdvanced(hi, thresholds) < target) {
    throw new HccError('E_OPTION', 'synth config: BCLC B share too high for the MVI / EHS / ECOG shares', {
      issues: [issueError('bad_option', ['population', 'bclcBShare'], 'no correlation makes this many patients free of MVI, EHS and ECOG ≥ 1', { received: String(target) })],
    });
  }
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (probabilityNoneAdvanced(mid, thresholds) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function siteDrawProbabilities(targets: readonly number[]): number[] {
  // Solve q_s = m_s · (1 − Π(1 − q_j)) by fixed-point iteration (conditioning on ≥ 1 site).
  let q = [...targets];
  for (let it = 0; it < 500; it++) {
    const pAny = 1 - q.reduce((acc, v) => acc * (1 - v), 1);
    q = targets.map((m) => Math.min(0.999, m * pAny));
  }
  return q;
}

/** Default profile for centres beyond those configured (no case-mix shift). */
function extraCentre(i: number, meanWeight: number): CentreConfig {
  return { id: `C${i + 1}`, weight: meanWeight, tumourShift: 0, liverShift: 0, ageShiftYears: 0, hbvShare: null };
}

/** Derive the clinical model for `nCentres` centres (the first ones configured; extra ones unshifted). */
export function resolveClinicalModel(config: SynthConfig, nCentres: number): ClinicalModel {
  if (!Number.isInteger(nCentres) || nCentres < 1) {
    throw new HccError('E_OPTION', 'synth: centres must be a positive integer', { issues: [issueError('bad_option', ['centres'], 'centres must be a positive integer', { received: String(nCentres) })] });
  }
  const p = config.population;
  const meanWeight = config.centres.reduce((a, c) => a + c.weight, 0) / config.centres.length;
  const centres = Array.from({ length: nCentres }, (_, i) => config.centres[i] ?? extraCentre(i, meanWeight));
  const wsum = centres.reduce((a, c) => a + c.weight, 0);
  let acc = 0;
  const centreCumulative = centres.map((c) => (acc += c.weight / wsum));
  const mviThreshold = normalQuantile(1 - p.mviShare);
  const ehsThreshold = normalQuantile(1 - p.ehsShare);
  const ecogCuts: [number, number] = [normalQuantile(p.ecogShares[0]), normalQuantile(p.ecogShares[0] + p.ecogShares[1])];
  const advancedLoading = solveLoading(p.bclcBShare, [mviThreshold, ehsThreshold, ecogCuts[0]]);
  const b = p.bclcBShare;
  const countSharesAdvanced: [number, number, number] = [
    p.tumourCountShares[0] / (1 - b),
    (p.tumourCountShares[1] - b * p.twoToThreeAmongB) / (1 - b),
    (p.tumourCountShares[2] - b * (1 - p.twoToThreeAmongB)) / (1 - b),
  ];
  const s = p.ehsSites;
  return {
    config,
    centres,
    centreCumulative,
    mviThreshold,
    ehsThreshold,
    ecogCuts,
    advancedLoading,
    countSharesAdvanced,
    ehsSiteDraw: siteDrawProbabilities([s.lung, s.lymphNode, s.bone, s.peritoneum]),
    crpLog10Sd: Math.log10(1 / p.crpMedianMgPerDl) / normalQuantile(1 - p.crpHighShare),
    nlrLogSd: logSdForTail(p.nlrMedian, 5, p.nlrHighShare),
    plrLogSd: logSdForTail(p.plrMedian, 300, p.plrHighShare),
  };
}
