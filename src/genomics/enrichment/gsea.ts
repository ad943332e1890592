import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Rng } from '../../core/rng.js';
import type { GeneSetCollection } from '../gene-sets.js';
import { adjustBH } from '../multiple-testing.js';
import type { RankedList } from './ranked-list.js';
import { runningSumPeak, runningSumScore } from './running-sum.js';

/** Adaptive permutation schedule: keep sampling a set size's null until every set of that size has enough exceedances. */
export interface GseaAdaptiveOptions {
  /** Stop once each set has at least this many null ES at least as extreme (default 10). */
  readonly minExceedances?: number;
  /** Upper bound on permutations per set size (default 100 000). */
  readonly maxPermutations?: number;
}

/** Options of {@link preRankedGsea}. */
export interface PreRankedGseaOptions {
  /** Smallest |set ∩ ranked list| tested (default 15). */
  readonly minSize?: number;
  /** Largest |set ∩ ranked list| tested (default 500). */
  readonly maxSize?: number;
  /** Weight exponent p in w = |stat|^p (default 1: classic weighted GSEA; 0: unweighted KS). */
  readonly weightExponent?: number;
  /** Gene-set permutations per set size (default 1000); 0 skips NES and p-values. */
  readonly permutations?: number;
  /** Extend the permutations adaptively (off by default). */
  readonly adaptive?: GseaAdaptiveOptions;
}

/** One tested set. */
export interface GseaSetResult {
  readonly id: string;
  readonly description: string;
  /** |set ∩ ranked list|. */
  readonly size: number;
  readonly es: number;
  /** 1-based rank of the running-sum extreme. */
  readonly peakRank: number;
  /** Leading-edge genes in rank order: hits at/before the peak (ES > 0) or at/after it (ES < 0). */
  readonly leadingEdge: readonly string[];
  /** ES / mean of the same-signed null ES; NaN when no permutations were run or none had that sign. */
  readonly nes: number;
  /** (1 + #null as extreme, same sign) / (1 + #null with that sign); NaN without permutations. */
  readonly pValue: number;
  /** BH over the tested sets' p-values. */
  readonly padj: number;
  /** Null draws used for this set's size. */
  readonly permutations: number;
  /** Null draws with the same sign as ES (the p-value's denominator minus 1). */
  readonly nullSameSign: number;
}

/** Result of {@link preRankedGsea}: sets in collection order. */
export interface PreRankedGseaResult {
  readonly sets: readonly GseaSetResult[];
  readonly diagnostics: {
    readonly rankedGenes: number;
    readonly setsInCollection: number;
    readonly setsTested: number;
    readonly setsOutsideSizeRange: number;
    readonly weightExponent: number;
    readonly permutations: number;
    readonly adaptive: boolean;
    readonly seed: number | null;
  };
  readonly warnings: readonly Issue[];
}

/**
 * Pre-ranked GSEA with gene-set permutation.
 *
 * ES per set is the weighted running sum of {@link runningSumPeak}. The null for a set of size k
 * draws k genes uniformly without replacement from the ranked list (the list's statistics are
 * kept; gene labels are permuted), B times; sets of equal size share one null, drawn from
 * `rng.fork(k)` so results do not depend on collection order.
 * NES = ES / mean{E* : E* same sign as ES, ignoring 0}; for ES >= 0
 * p = (1 + #{E* >= ES}) / (1 + #{E* >= 0}), for ES < 0 p = (1 + #{E* <= ES}) / (1 + #{E* < 0}).
 * The +1 terms count the observed set as one of the permutations, so p is never 0
 * (WebGestaltR reports the raw fraction and can print p = 0).
 * With `adaptive`, each size's null is extended in doubling batches until every set of that
 * size has `minExceedances` exceedances or `maxPermutations` draws.
 *
 * @throws HccError `E_OPTION` for bad options, `E_INPUT` when a permutation run lacks `rng`.
 * @see Subramanian et al. (2005) PNAS 102:15545; R: fgsea::fgseaSimple, WebGestaltR swGsea
 */
export function preRankedGsea(
  ranked: RankedList,
  collection: GeneSetCollection,
  options: PreRankedGseaOptions = {},
  rng?: Rng,
): PreRankedGseaResult {
  const minSize = options.minSize ?? 15;
  const maxSize = options.maxSize ?? 500;
  const p = options.weightExponent ?? 1;
  const B = options.permutations ?? 1000;
  checkOptions(minSize, maxSize, p, B, options.adaptive);
  if (B > 0 && !rng) {
    throw new HccError('E_OPTION', 'preRankedGsea: permutations need a seeded rng (src/core/rng.ts createRng)', {
      issues: [issueError('bad_option', ['rng'], 'no random-number generator given', { expected: 'createRng(seed)' })],
    });
  }
  const n = ranked.ids.length;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = p === 1 ? Math.abs(ranked.stats[i]) : Math.abs(ranked.stats[i]) ** p;
  const warnings: Issue[] = [];

  interface Tested {
    id: string;
    description: string;
    hits: Int32Array;
    es: number;
    peakRank: number;
    leadingEdge: string[];
  }
  const tested: Tested[] = [];
  let outside = 0;
  for (const s of collection.sets) {
    const pos: number[] = [];
    for (const g of s.members) {
      const r = ranked.position.get(g);
      if (r !== undefined) pos.push(r);
    }
    if (pos.length < minSize || pos.length > maxSize || pos.length >= n) {
      outside++;
      continue;
    }
    const hits = Int32Array.from(pos).sort();
    const peak = runningSumPeak(hits, weights, n);
    const le = peak.es >= 0 ? hits.subarray(0, peak.leadingEdgeCount) : hits.subarray(hits.length - peak.leadingEdgeCount);
    tested.push({ id: s.id, description: s.description, hits, es: peak.es, peakRank: peak.peakRank, leadingEdge: Array.from(le, (r) => ranked.ids[r]) });
  }
  if (tested.length === 0) {
    warnings.push(issueWarning('empty_data', ['collection'], `no set has between ${minSize} and ${maxSize} genes in the ranked list`, { expected: 'sets overlapping the ranked list' }));
  }

  const nes = new Float64Array(tested.length).fill(NaN);
  const pv = new Float64Array(tested.length).fill(NaN);
  const used = new Int32Array(tested.length);
  const sameSign = new Int32Array(tested.length);
  if (B > 0 && rng) {
    const bySize = new Map<number, number[]>();
    tested.forEach((t, i) => {
      const list = bySize.get(t.hits.length) ?? [];
      list.push(i);
      bySize.set(t.hits.length, list);
    });
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    for (const [size, members] of bySize) {
      const stream = rng.fork(size);
      const nullEs: number[] = [];
      drawNull(nullEs, B, size, pool, weights, n, stream);
      if (options.adaptive) {
        const minExc = options.adaptive.minExceedances ?? 10;
        const maxPerm = options.adaptive.maxPermutations ?? 100_000;
        while (nullEs.length < maxPerm && members.some((i) => exceedances(nullEs, tested[i].es) < minExc)) {
          drawNull(nullEs, Math.min(nullEs.length, maxPerm - nullEs.length), size, pool, weights, n, stream);
        }
      }
      for (const i of members) {
        const s = summariseNull(nullEs, tested[i].es);
        nes[i] = s.nes;
        pv[i] = s.pValue;
        used[i] = nullEs.length;
        sameSign[i] = s.sameSign;
      }
    }
  }
  const padj = adjustBH(pv);
  return {
    sets: tested.map((t, i) => ({
      id: t.id,
      description: t.description,
      size: t.hits.length,
      es: t.es,
      peakRank: t.peakRank,
      leadingEdge: t.leadingEdge,
      nes: nes[i],
      pValue: pv[i],
      padj: padj[i],
      permutations: used[i],
      nullSameSign: sameSign[i],
    })),
    diagnostics: {
      rankedGenes: n,
      setsInCollection: collection.sets.length,
      setsTested: tested.length,
      setsOutsideSizeRange: outside,
      weightExponent: p,
      permutations: B,
      adaptive: options.adaptive !== undefined,
      seed: rng ? rng.seed : null,
    },
    warnings,
  };
}

function checkOptions(minSize: number, maxSize: number, p: number, B: number, adaptive: GseaAdaptiveOptions | undefined): void {
  const bad: Issue[] = [];
  if (!(Number.isInteger(minSize) && Number.isInteger(maxSize) && minSize >= 1 && maxSize >= minSize)) {
    bad.push(issueError('bad_option', ['minSize'], 'invalid set-size range', { expected: 'integers 1 <= minSize <= maxSize', received: `${minSize}..${maxSize}` }));
  }
  if (!(Number.isFinite(p) && p >= 0)) bad.push(issueError('bad_option', ['weightExponent'], 'invalid weight exponent', { expected: 'a finite number >= 0', received: String(p) }));
  if (!(Number.isInteger(B) && B >= 0)) bad.push(issueError('bad_option', ['permutations'], 'invalid permutation count', { expected: 'an integer >= 0', received: String(B) }));
  if (adaptive) {
    const m = adaptive.minExceedances ?? 10;
    const mx = adaptive.maxPermutations ?? 100_000;
    if (!(Number.isInteger(m) && m >= 1)) bad.push(issueError('bad_option', ['adaptive', 'minExceedances'], 'invalid minExceedances', { expected: 'an integer >= 1', received: String(m) }));
    if (!(Number.isInteger(mx) && mx >= B && B >= 1)) {
      bad.push(issueError('bad_option', ['adaptive', 'maxPermutations'], 'maxPermutations must be >= permutations >= 1', { expected: `>= ${B}`, received: String(mx) }));
    }
  }
  if (bad.length > 0) throw new HccError('E_OPTION', 'preRankedGsea: invalid options', { issues: bad });
}

/** Append `count` null ES values for sets of `size` genes (partial Fisher–Yates on `pool`). */
function drawNull(out: number[], count: number, size: number, pool: Int32Array, weights: Float64Array, n: number, rng: Rng): void {
  const hits = new Int32Array(size);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < size; i++) {
      const j = i + rng.int(n - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
      hits[i] = pool[i];
    }
    hits.sort();
    out.push(runningSumScore(hits, weights, n));
  }
}

function exceedances(nullEs: readonly number[], es: number): number {
  let c = 0;
  if (es >= 0) for (const e of nullEs) c += e >= es ? 1 : 0;
  else for (const e of nullEs) c += e <= es ? 1 : 0;
  return c;
}

function summariseNull(nullEs: readonly number[], es: number): { nes: number; pValue: number; sameSign: number } {
  let sameSign = 0;
  let sumSame = 0;
  let extreme = 0;
  for (const e of nullEs) {
    if (es >= 0 ? e >= 0 : e < 0) {
      sameSign++;
      if (e !== 0) sumSame += Math.abs(e);
      if (es >= 0 ? e >= es : e <= es) extreme++;
    }
  }
  const meanSame = sameSign > 0 ? sumSame / sameSign : NaN;
  return { nes: meanSame > 0 ? es / meanSame : NaN, pValue: (1 + extreme) / (1 + sameSign), sameSign };
}
