import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { GeneSetCollection } from '../gene-sets.js';
import { annotatedGenes } from '../gene-sets.js';
import { adjustBH } from '../multiple-testing.js';
import { hypergeometricUpperTail } from './hypergeometric.js';

/** Options of {@link overRepresentation}. */
export interface OverRepresentationOptions {
  /** Smallest |set ∩ universe| tested (default 10, clusterProfiler `minGSSize`). */
  readonly minSize?: number;
  /** Largest |set ∩ universe| tested (default 500, clusterProfiler `maxGSSize`). */
  readonly maxSize?: number;
  /**
   * Intersect the universe (and the selected genes) with the genes annotated in the collection
   * (default true: clusterProfiler/WebGestaltR, `kegga(restrict.universe = TRUE)`); false keeps the
   * whole universe (limma `kegga` default).
   */
  readonly restrictUniverse?: boolean;
}

/** One tested set. */
export interface OverRepresentationSet {
  readonly id: string;
  readonly description: string;
  /** M = |set ∩ universe|. */
  readonly size: number;
  /** k = |set ∩ selected|. */
  readonly overlap: number;
  /** n·M/N. */
  readonly expected: number;
  /** P(X >= k), X ~ Hypergeometric(N, M, n). */
  readonly pValue: number;
  /** BH over every tested set. */
  readonly padjAll: number;
  /** BH over tested sets with k >= 1 (clusterProfiler style); `null` when k = 0. */
  readonly padjOverlap: number | null;
  /** Selected genes in the set, in universe order. */
  readonly overlapGenes: readonly string[];
}

/** Counts behind the test. */
export interface OverRepresentationDiagnostics {
  readonly universeInput: number;
  /** N after de-duplication and (optionally) restriction to annotated genes. */
  readonly universeSize: number;
  readonly selectedInput: number;
  /** n = selected genes inside the (restricted) universe. */
  readonly selectedSize: number;
  /** Selected genes absent from the universe given (dropped). */
  readonly selectedNotInUniverse: number;
  readonly setsInCollection: number;
  readonly setsTested: number;
  readonly setsOutsideSizeRange: number;
  readonly restrictUniverse: boolean;
  readonly minSize: number;
  readonly maxSize: number;
}

/** Result: tested sets sorted by p-value (ties keep collection order). */
export interface OverRepresentationResult {
  readonly sets: readonly OverRepresentationSet[];
  readonly diagnostics: OverRepresentationDiagnostics;
  readonly warnings: readonly Issue[];
}

/**
 * Over-representation analysis (one-sided hypergeometric / Fisher test) with an explicit universe.
 *
 * For each set: N = |universe|, n = |selected ∩ universe|, M = |set ∩ universe|, k = |set ∩ selected|;
 * p = P(X >= k) = Σ_{x>=k} C(M,x) C(N−M,n−x) / C(N,n)  (R: `phyper(k − 1, M, N − M, n, lower.tail = FALSE)`).
 * Sets with M outside [minSize, maxSize] are not tested and do not enter either BH family.
 *
 * @throws HccError `E_OPTION` on a bad size range; `E_INPUT` when the universe is empty.
 * @see R: clusterProfiler::enricher, limma::kegga, WebGestaltR ORA
 */
export function overRepresentation(
  selected: readonly string[],
  universe: readonly string[],
  collection: GeneSetCollection,
  options: OverRepresentationOptions = {},
): OverRepresentationResult {
  const minSize = options.minSize ?? 10;
  const maxSize = options.maxSize ?? 500;
  const restrictUniverse = options.restrictUniverse ?? true;
  if (!(Number.isInteger(minSize) && Number.isInteger(maxSize) && minSize >= 1 && maxSize >= minSize)) {
    throw new HccError('E_OPTION', `overRepresentation: need integers 1 <= minSize <= maxSize, got ${minSize}..${maxSize}`, {
      issues: [issueError('bad_option', ['minSize'], 'invalid set-size range', { expected: '1 <= minSize <= maxSize', received: `${minSize}..${maxSize}` })],
    });
  }
  const warnings: Issue[] = [];
  const annotated = annotatedGenes(collection);
  const universeSet = new Set<string>();
  for (const g of universe) if (!restrictUniverse || annotated.has(g)) universeSet.add(g);
  if (universeSet.size === 0) {
    throw new HccError('E_INPUT', 'overRepresentation: the universe is empty', {
      issues: [
        issueError('empty_data', ['universe'], restrictUniverse ? 'no universe gene is annotated in the collection (check the gene id type)' : 'the universe is empty', {
          expected: 'gene ids of the collection type',
          received: universe.slice(0, 3).join(', '),
        }),
      ],
    });
  }
  const givenUniverse = new Set(universe);
  const selectedSet = new Set<string>();
  let selectedNotInUniverse = 0;
  for (const g of new Set(selected)) {
    if (!givenUniverse.has(g)) selectedNotInUniverse++;
    else if (universeSet.has(g)) selectedSet.add(g);
  }
  if (selectedNotInUniverse > 0) {
    warnings.push(
      issueWarning('unknown_level', ['selected'], `${selectedNotInUniverse} selected gene(s) are not in the universe and were ignored`, {
        expected: 'selected genes drawn from the universe',
      }),
    );
  }
  const N = universeSet.size;
  const n = selectedSet.size;
  const raw: Omit<OverRepresentationSet, 'padjAll' | 'padjOverlap'>[] = [];
  let outside = 0;
  for (const s of collection.sets) {
    let M = 0;
    const hits: string[] = [];
    for (const g of s.members) {
      if (!universeSet.has(g)) continue;
      M++;
      if (selectedSet.has(g)) hits.push(g);
    }
    if (M < minSize || M > maxSize) {
      outside++;
      continue;
    }
    const k = hits.length;
    raw.push({
      id: s.id,
      description: s.description,
      size: M,
      overlap: k,
      expected: (n * M) / N,
      pValue: hypergeometricUpperTail(k, { population: N, successes: M, draws: n }),
      overlapGenes: hits,
    });
  }
  const pAll = raw.map((r) => r.pValue);
  const adjAll = adjustBH(pAll);
  const adjOverlap = adjustBH(raw.map((r) => (r.overlap >= 1 ? r.pValue : NaN)));
  const sets: OverRepresentationSet[] = raw.map((r, i) => ({
    ...r,
    padjAll: adjAll[i],
    padjOverlap: r.overlap >= 1 ? adjOverlap[i] : null,
  }));
  const order = sets.map((_, i) => i).sort((a, b) => sets[a].pValue - sets[b].pValue || a - b);
  if (sets.length === 0) {
    warnings.push(
      issueWarning('empty_data', ['collection'], `no set has between ${minSize} and ${maxSize} genes in the universe; nothing was tested`, {
        expected: 'sets overlapping the universe',
      }),
    );
  }
  return {
    sets: order.map((i) => sets[i]),
    diagnostics: {
      universeInput: universe.length,
      universeSize: N,
      selectedInput: selected.length,
      selectedSize: n,
      selectedNotInUniverse,
      setsInCollection: collection.sets.length,
      setsTested: sets.length,
      setsOutsideSizeRange: outside,
      restrictUniverse,
      minSize,
      maxSize,
    },
    warnings,
  };
}
