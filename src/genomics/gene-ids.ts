import type { Issue, Result } from '../core/issues.js';
import { fail, issueWarning, ok } from '../core/issues.js';
import type { Table } from '../core/table.js';
import { missingColumnIssue, readCsvFile } from '../core/table.js';

/**
 * Gene identifier mapping (Ensembl ↔ Entrez ↔ symbol) through a many-to-many mapping table such
 * as `AnnotationDbi::select(org.Hs.eg.db, keytype = "ENSEMBL", columns = c("ENTREZID", "SYMBOL"))`.
 */

/** Source id → its distinct non-empty target ids (table order). */
export interface IdMapping {
  readonly fromColumn: string;
  readonly toColumn: string;
  readonly targets: ReadonlyMap<string, readonly string[]>;
}

/**
 * Build a mapping from two columns of a table. Rows with a missing source or target (empty/`NA`)
 * contribute no pair; repeated pairs count once. Missing columns are `missing_column` errors.
 */
export function buildIdMapping(table: Table, fromColumn: string, toColumn: string): Result<IdMapping> {
  const from = table.cells.get(fromColumn);
  const to = table.cells.get(toColumn);
  const issues: Issue[] = [];
  if (!from) issues.push(missingColumnIssue(table, fromColumn, 'source gene id'));
  if (!to) issues.push(missingColumnIssue(table, toColumn, 'target gene id'));
  if (!from || !to) return fail(issues);
  const targets = new Map<string, string[]>();
  for (let i = 0; i < table.nRows; i++) {
    const s = from[i];
    if (s === null) continue;
    let list = targets.get(s);
    if (!list) {
      list = [];
      targets.set(s, list);
    }
    const t = to[i];
    if (t !== null && !list.includes(t)) list.push(t);
  }
  return ok({ fromColumn, toColumn, targets });
}

/** Read a mapping-table CSV and build the mapping; throws `E_IO` when unreadable. */
export function readIdMappingFile(path: string, fromColumn: string, toColumn: string): Result<IdMapping> {
  return buildIdMapping(readCsvFile(path), fromColumn, toColumn);
}

/** Counts of what the resolution dropped. */
export interface GeneIdResolutionDiagnostics {
  readonly input: number;
  /** Genes with no non-empty target. */
  readonly unmapped: number;
  /** Genes with two or more distinct targets (dropped: ambiguous). */
  readonly multiMapped: number;
  /** Genes that lost to another gene with the same target. */
  readonly duplicateTargetDropped: number;
  readonly kept: number;
}

/** Resolved genes, in input order of the kept rows. */
export interface GeneIdResolution {
  /** 0-based input row of each kept gene. */
  readonly rows: Int32Array;
  readonly sourceIds: readonly string[];
  readonly targetIds: readonly string[];
  readonly diagnostics: GeneIdResolutionDiagnostics;
  readonly warnings: readonly Issue[];
}

/**
 * Resolve source gene ids to target ids with the reference pipeline's rule:
 * 1. keep a gene only if it maps to exactly one non-empty target id;
 * 2. if several kept genes share a target, keep the one with the largest |stat|
 *    (a NaN stat ranks below every number); ties go to the smallest source id (string order).
 * `stats` is the per-gene ranking statistic (e.g. DESeq2 Wald `stat`), same length as `ids`.
 *
 * @see R: clusterProfiler::bitr then dplyr-style `slice_max(abs(stat))` per target; limma::kegga gene.pathway handling
 */
export function resolveGeneIds(ids: readonly string[], stats: ArrayLike<number>, mapping: IdMapping): GeneIdResolution {
  if (stats.length !== ids.length) {
    throw new RangeError(`resolveGeneIds: ${ids.length} ids but ${stats.length} stats`);
  }
  let unmapped = 0;
  let multiMapped = 0;
  const winner = new Map<string, number>();
  const key = (i: number): number => (Number.isNaN(stats[i]) ? -Infinity : Math.abs(stats[i]));
  for (let i = 0; i < ids.length; i++) {
    const t = mapping.targets.get(ids[i]);
    if (!t || t.length === 0) {
      unmapped++;
      continue;
    }
    if (t.length > 1) {
      multiMapped++;
      continue;
    }
    const target = t[0];
    const cur = winner.get(target);
    if (cur === undefined) {
      winner.set(target, i);
      continue;
    }
    const a = key(i);
    const b = key(cur);
    if (a > b || (a === b && ids[i] < ids[cur])) winner.set(target, i);
  }
  const kept = Int32Array.from([...winner.values()]).sort();
  const sourceIds: string[] = [];
  const targetIds: string[] = [];
  for (const r of kept) {
    sourceIds.push(ids[r]);
    targetIds.push(mapping.targets.get(ids[r])![0]);
  }
  const duplicateTargetDropped = ids.length - unmapped - multiMapped - kept.length;
  const warnings: Issue[] = [];
  if (multiMapped > 0) {
    warnings.push(
      issueWarning('ambiguous_id', [mapping.fromColumn], `${multiMapped} gene(s) map to more than one ${mapping.toColumn} id and were dropped`, {
        expected: 'exactly one target id per gene',
      }),
    );
  }
  if (kept.length === 0 && ids.length > 0) {
    warnings.push(
      issueWarning('empty_data', [mapping.fromColumn], `no gene could be mapped from ${mapping.fromColumn} to ${mapping.toColumn}`, {
        expected: `gene ids of type ${mapping.fromColumn}`,
        received: ids.slice(0, 3).join(', '),
      }),
    );
  }
  return {
    rows: kept,
    sourceIds,
    targetIds,
    diagnostics: { input: ids.length, unmapped, multiMapped, duplicateTargetDropped, kept: kept.length },
    warnings,
  };
}
