import { orderByValue } from './radix-order.js';
import type { TimeBlocks, TimeWeighting } from './concordance-time-weights.js';
import { concordanceTimeWeights } from './concordance-time-weights.js';

/**
 * Which pairs with equal observed times are comparable.
 * - `censored-after-event` (R survival, Hmisc rcorr.cens, compareC): an event at t and a censoring at
 *   t form a comparable pair (the censored row is taken to outlive the event); two events at t do not.
 * - `strict` (survcomp concordance.index): only pairs with different times are comparable.
 */
export type TiedTimeRule = 'censored-after-event' | 'strict';

/**
 * Rows sorted once for the concordance sweep; reused for many weight vectors (bootstrap).
 * Within each stratum the order is time descending, then risk rank ascending.
 */
export interface PreparedConcordance {
  readonly n: number;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** Dense rank of the risk score within its stratum (0 = lowest risk), row order. */
  readonly rank: Int32Array;
  /** Processing order (row indices), stratum after stratum. */
  readonly order: Int32Array;
  /** `order[strataStart[s] .. strataStart[s+1])` is stratum s. */
  readonly strataStart: Int32Array;
  /** Number of distinct risk values per stratum. */
  readonly rankCount: Int32Array;
  readonly maxRankCount: number;
  readonly rule: TiedTimeRule;
  /** time, event and rank laid out in processing order (sequential memory access in the sweep). */
  readonly sortedTime: Float64Array;
  readonly sortedEvent: Uint8Array;
  readonly sortedRank: Int32Array;
}

/** Weighted pair counts. For time weights other than 'n' each pair counts w_i w_j τ(t_i). */
export interface PairCounts {
  /** The earlier event has the higher risk score. */
  concordant: number;
  /** The earlier event has the lower risk score. */
  discordant: number;
  /** Comparable pair with equal risk scores (R `tied.x`). */
  tiedX: number;
  /** Two events at the same time with different risk scores (R `tied.y`); not comparable. */
  tiedY: number;
  /** Two events at the same time with equal risk scores (R `tied.xy`); not comparable. */
  tiedXY: number;
}

/** What one sweep returns. */
export interface KernelOutput {
  readonly total: PairCounts;
  readonly byStratum: readonly PairCounts[];
  /**
   * Per-row influence counts (row order), unweighted by the row's own case weight: the weighted
   * number of concordant / discordant / risk-tied comparable pairs the row takes part in
   * (R concordancefit `influence` columns 1-3, reverse = TRUE). Null when not requested.
   */
  readonly inConcordant: Float64Array | null;
  readonly inDiscordant: Float64Array | null;
  readonly inTiedX: Float64Array | null;
  /** Unweighted number of events per stratum. */
  readonly eventsByStratum: Int32Array;
  /** Strata whose time weighting fell back to 'n' because they hold fewer than two events (R does the same). */
  readonly fellBackToN: readonly number[];
}

/**
 * Sort rows for the sweep: by stratum, then time descending, then risk rank ascending. Linear-time
 * radix ordering (see `orderByValue`), so only the sweep itself is O(n log n).
 */
export function prepareConcordance(time: Float64Array, event: Uint8Array, risk: Float64Array, strata: Int32Array | null, rule: TiedTimeRule): PreparedConcordance {
  const n = time.length;
  let nStrata = 1;
  if (strata) for (let i = 0; i < n; i++) if (strata[i] + 1 > nStrata) nStrata = strata[i] + 1;
  // Group rows by stratum (stable).
  const start = new Int32Array(nStrata + 1);
  let grouped: Int32Array;
  if (strata) {
    for (let i = 0; i < n; i++) start[strata[i] + 1]++;
    for (let s = 0; s < nStrata; s++) start[s + 1] += start[s];
    const fill = start.slice(0, nStrata);
    grouped = new Int32Array(n);
    for (let i = 0; i < n; i++) grouped[fill[strata[i]]++] = i;
  } else {
    start[1] = n;
    grouped = new Int32Array(n);
    for (let i = 0; i < n; i++) grouped[i] = i;
  }
  const rank = new Int32Array(n);
  const order = new Int32Array(n);
  const rankCount = new Int32Array(nStrata);
  let maxRankCount = 0;
  for (let s = 0; s < nStrata; s++) {
    const a = start[s];
    const b = start[s + 1];
    if (b === a) continue;
    const byRisk = orderByValue(risk, grouped.subarray(a, b), false);
    let k = -1;
    let prev = 0;
    for (let j = 0; j < byRisk.length; j++) {
      const v = risk[byRisk[j]] + 0;
      if (j === 0 || v !== prev) {
        k++;
        prev = v;
      }
      rank[byRisk[j]] = k;
    }
    rankCount[s] = k + 1;
    if (k + 1 > maxRankCount) maxRankCount = k + 1;
    // Stable: rows tied in time keep ascending risk order.
    order.set(orderByValue(time, byRisk, true), a);
  }
  const sortedTime = new Float64Array(n);
  const sortedEvent = new Uint8Array(n);
  const sortedRank = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = order[j];
    sortedTime[j] = time[i];
    sortedEvent[j] = event[i];
    sortedRank[j] = rank[i];
  }
  return { n, time, event, rank, order, strataStart: start, rankCount, maxRankCount, rule, sortedTime, sortedEvent, sortedRank };
}

function emptyCounts(): PairCounts {
  return { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 };
}

const ENTER_CENSORED = 0;
const COMPARE_EVENTS = 1;
const ENTER_EVENTS = 2;

/** Options of one sweep. */
export interface SweepOptions {
  /** Case weights (row order); null = all 1. */
  readonly weights: Float64Array | null;
  readonly timeWeighting: TimeWeighting;
  /** Events after this time get weight 0 (R `ymax`); null = no truncation. */
  readonly tauDays: number | null;
  /** Compute the per-row influence counts (needed for the variance). */
  readonly influence: boolean;
}

/**
 * One sweep over the prepared rows, from the latest time to the earliest. A tree over risk ranks
 * holds the rows already passed (those that outlive the current time); each event at t is compared
 * with them: below its rank -> concordant, above -> discordant, equal -> tied.x. A second tree holds
 * τ-weighted events so that each row's count as the longer-lived member of a pair can be read off as
 * (final state - state when the row entered). O(n log n).
 * @see survival::concordancefit (concordance3 in survival's C code) for the counts and influence.
 */
export function sweepConcordance(p: PreparedConcordance, o: SweepOptions): KernelOutput {
  const { n, order, strataStart } = p;
  const event = p.sortedEvent;
  const rank = p.sortedRank;
  const nStrata = strataStart.length - 1;
  const wts = o.weights ? Float64Array.from(order, (i) => o.weights![i]) : null;
  const doInf = o.influence;
  // Influence counts are kept in processing order and scattered back to row order at the end.
  const ic = doInf ? new Float64Array(n) : null;
  const id = doInf ? new Float64Array(n) : null;
  const it = doInf ? new Float64Array(n) : null;
  const cap = Math.max(1, p.maxRankCount);
  // Fenwick trees over risk ranks (1-based partial sums) and the weight at each rank: rows passed
  // so far (m*) and τ-weighted events passed so far (d*).
  // The two trees are interleaved (node x: [2x] passed rows, [2x+1] events) because each row queries
  // one and updates the other at the same rank moments apart: the walks then share cache lines.
  const tree = new Float64Array(2 * (cap + 1));
  const atRank = new Float64Array(2 * cap);
  const total = emptyCounts();
  const byStratum: PairCounts[] = [];
  const eventsByStratum = new Int32Array(nStrata);
  const fellBackToN: number[] = [];
  // Default rule: censored rows at t enter before t's events are compared (they outlive them);
  // strict rule: they enter after. Events enter only after all events at t were compared.
  const passes = p.rule === 'strict' ? [COMPARE_EVENTS, ENTER_EVENTS, ENTER_CENSORED] : [ENTER_CENSORED, COMPARE_EVENTS, ENTER_EVENTS];

  for (let s = 0; s < nStrata; s++) {
    const a = strataStart[s];
    const b = strataStart[s + 1];
    const cnt = emptyCounts();
    byStratum.push(cnt);
    if (b === a) continue;
    const blocks = timeBlocks(p, a, b, wts);
    let nEvents = 0;
    for (let j = a; j < b; j++) nEvents += event[j];
    eventsByStratum[s] = nEvents;
    if (nEvents === 0) continue;
    let weighting = o.timeWeighting;
    if (nEvents < 2 && weighting !== 'n') {
      weighting = 'n';
      fellBackToN.push(s);
    }
    const tw = concordanceTimeWeights(blocks, blocks.atRisk[blocks.count - 1], weighting, o.tauDays);
    const K = p.rankCount[s];
    tree.fill(0, 0, 2 * (K + 1));
    atRank.fill(0, 0, 2 * K);
    let mTotal = 0;
    let dTotal = 0;
    let conc = 0, disc = 0, tiedX = 0, tiedY = 0, tiedXY = 0;
    const start = blocks.start;
    for (let k = 0; k < blocks.count; k++) {
      const j0 = start[k];
      const j1 = start[k + 1];
      const tau = tw[k];
      for (const pass of passes) {
        const censoredPass = pass === ENTER_CENSORED;
        if (!censoredPass && !blocks.hasEvent[k]) continue;
        let dwt = 0, dwt2 = 0, prevRank = -1;
        for (let j = j0; j < j1; j++) {
          if (censoredPass === (event[j] === 1)) continue;
          const r = rank[j];
          const w = wts ? wts[j] : 1;
          if (pass === COMPARE_EVENTS) {
            // Events at one time are in ascending risk order: runs of equal rank are the tied.xy groups.
            tiedY += w * dwt * tau;
            dwt += w;
            if (r !== prevRank) {
              dwt2 = 0;
              prevRank = r;
            }
            tiedXY += w * dwt2 * tau;
            dwt2 += w;
            let lo = 0;
            for (let x = r; x > 0; x -= x & -x) lo += tree[2 * x];
            const at = atRank[2 * r];
            const hi = mTotal - lo - at;
            conc += w * lo * tau;
            disc += w * hi * tau;
            tiedX += w * at * tau;
            if (doInf) {
              ic![j] += lo * tau;
              id![j] += hi * tau;
              it![j] += at * tau;
              const dw = tau * w;
              for (let x = r + 1; x <= K; x += x & -x) tree[2 * x + 1] += dw;
              atRank[2 * r + 1] += dw;
              dTotal += dw;
            }
            continue;
          }
          // The row enters the tree of passed rows; remember the event tree's state at entry.
          if (doInf) {
            let lo = 0;
            for (let x = r; x > 0; x -= x & -x) lo += tree[2 * x + 1];
            const at = atRank[2 * r + 1];
            ic![j] -= dTotal - lo - at;
            id![j] -= lo;
            it![j] -= at;
          }
          for (let x = r + 1; x <= K; x += x & -x) tree[2 * x] += w;
          atRank[2 * r] += w;
          mTotal += w;
        }
      }
    }
    if (doInf) {
      // Each row's share as the longer-lived member = events that entered after it. The event tree is
      // final now, so plain prefix sums replace tree queries.
      const pre = new Float64Array(K + 1);
      for (let r = 0; r < K; r++) pre[r + 1] = pre[r] + atRank[2 * r + 1];
      for (let j = a; j < b; j++) {
        const r = rank[j];
        const lo = pre[r];
        const at = atRank[2 * r + 1];
        ic![j] += dTotal - lo - at;
        id![j] += lo;
        it![j] += at;
      }
    }
    cnt.concordant = conc;
    cnt.discordant = disc;
    cnt.tiedX = tiedX;
    cnt.tiedXY = tiedXY;
    cnt.tiedY = tiedY - tiedXY;
    total.concordant += cnt.concordant;
    total.discordant += cnt.discordant;
    total.tiedX += cnt.tiedX;
    total.tiedY += cnt.tiedY;
    total.tiedXY += cnt.tiedXY;
  }
  const toRows = (v: Float64Array | null): Float64Array | null => {
    if (!v) return null;
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) out[order[j]] = v[j];
    return out;
  };
  return { total, byStratum, inConcordant: toRows(ic), inDiscordant: toRows(id), inTiedX: toRows(it), eventsByStratum, fellBackToN };
}

/** Distinct times of one stratum (latest first) with weighted risk-set, event and censoring sums. */
function timeBlocks(p: PreparedConcordance, a: number, b: number, wts: Float64Array | null): TimeBlocks & { start: Int32Array } {
  const time = p.sortedTime;
  const event = p.sortedEvent;
  let B = 0;
  for (let j = a; j < b; j++) if (j === a || time[j] !== time[j - 1]) B++;
  const start = new Int32Array(B + 1);
  const t = new Float64Array(B);
  const atRisk = new Float64Array(B);
  const eventWeight = new Float64Array(B);
  const censorWeight = new Float64Array(B);
  const hasEvent = new Uint8Array(B);
  let k = -1;
  let cum = 0;
  for (let j = a; j < b; j++) {
    if (j === a || time[j] !== time[j - 1]) {
      k++;
      start[k] = j;
      t[k] = time[j];
    }
    const w = wts ? wts[j] : 1;
    cum += w;
    atRisk[k] = cum;
    if (event[j]) {
      eventWeight[k] += w;
      hasEvent[k] = 1;
    } else censorWeight[k] += w;
  }
  start[B] = b;
  return { count: B, time: t, atRisk, eventWeight, censorWeight, hasEvent, start };
}
