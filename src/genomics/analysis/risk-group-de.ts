/**
 * The paper's genomics analysis in one call: split RNA-seq samples by the (MMF) risk score into
 * high vs low risk, run differential expression (high vs low), map gene ids to the gene-set id
 * type, then over-representation of the up- and down-regulated genes and pre-ranked GSEA on the
 * ranking statistic.
 */
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { createRng } from '../../core/rng.js';
import type { CountMatrix } from '../count-matrix.js';
import { twoGroupCounts } from '../count-matrix.js';
import type { Deseq2Options } from '../deseq2/index.js';
import type { OverRepresentationOptions, OverRepresentationResult, PreRankedGseaOptions, PreRankedGseaResult } from '../enrichment/index.js';
import { overRepresentation, parseRankedList, preRankedGsea } from '../enrichment/index.js';
import type { GeneIdResolutionDiagnostics, IdMapping } from '../gene-ids.js';
import { resolveGeneIds } from '../gene-ids.js';
import type { GeneSetCollection } from '../gene-sets.js';
import { annotatedGenes } from '../gene-sets.js';
import type { DeMethod, DifferentialExpressionResult } from './differential-expression.js';
import { runDifferentialExpression } from './differential-expression.js';
import type { RiskAssignment, RiskSplit } from './risk-split.js';
import { HIGH_RISK, LOW_RISK, splitByRisk } from './risk-split.js';

/** What {@link riskGroupDifferentialExpression} analyses. */
export interface RiskGroupDeInput {
  readonly counts: CountMatrix;
  readonly risk: RiskAssignment;
  readonly geneSets: GeneSetCollection;
  /** Sample id → patient id (sample sheet), when risk is keyed by patient. */
  readonly samplePatients?: ReadonlyMap<string, string>;
  /** Count-matrix gene id → gene-set id (e.g. Ensembl → Entrez); omit when the ids already match. */
  readonly idMapping?: IdMapping;
}

/** Options; defaults follow the paper's analysis. */
export interface RiskGroupDeOptions {
  /** Default `deseq2`. */
  readonly method?: DeMethod;
  readonly deseq2?: Deseq2Options;
  /** Significance cut on padj for the ORA gene lists (default 0.05). */
  readonly padjThreshold?: number;
  /** Cut on |log2 fold change| for the ORA gene lists (default 1). */
  readonly lfcThreshold?: number;
  readonly ora?: OverRepresentationOptions;
  /** GSEA options (default 1000 permutations, sizes 15..500). */
  readonly gsea?: PreRankedGseaOptions;
  /** Seed of the GSEA permutations (default 1). */
  readonly seed?: number;
}

/** One gene of the resolved table (rows whose id mapped to a gene-set id). */
export interface RiskGroupGene {
  readonly geneId: string;
  /** The id in the gene-set id type. */
  readonly setGeneId: string;
  readonly baseMean: number;
  readonly log2FoldChange: number;
  readonly stat: number;
  readonly pvalue: number;
  readonly padj: number;
  /** `up` / `down` (passes both cuts), `ns` (tested, not selected), `untested` (padj NaN). */
  readonly call: 'up' | 'down' | 'ns' | 'untested';
}

/** Run-level diagnostics. */
export interface RiskGroupDeDiagnostics {
  readonly method: DeMethod;
  readonly padjThreshold: number;
  readonly lfcThreshold: number;
  readonly seed: number;
  /** Id resolution (null when no mapping was given: ids used as they are). */
  readonly idResolution: GeneIdResolutionDiagnostics | null;
  /** Share of resolved genes that are annotated in the gene-set collection. */
  readonly annotatedShare: number;
  /** ORA universe = resolved genes with a finite padj. */
  readonly universeSize: number;
  readonly nUp: number;
  readonly nDown: number;
  /** Genes in the GSEA ranked list (resolved, finite statistic). */
  readonly nRanked: number;
  readonly warnings: readonly Issue[];
}

/** Named result tables plus diagnostics. */
export interface RiskGroupDeResult {
  readonly split: RiskSplit;
  readonly de: DifferentialExpressionResult;
  readonly genes: readonly RiskGroupGene[];
  readonly oraUp: OverRepresentationResult;
  readonly oraDown: OverRepresentationResult;
  readonly gsea: PreRankedGseaResult;
  readonly diagnostics: RiskGroupDeDiagnostics;
}

function checkThresholds(padj: number, lfc: number): void {
  const bad: Issue[] = [];
  if (!(padj > 0 && padj <= 1)) bad.push(issueError('bad_option', ['padjThreshold'], 'padj threshold must be in (0, 1]', { received: String(padj) }));
  if (!(lfc >= 0 && Number.isFinite(lfc))) bad.push(issueError('bad_option', ['lfcThreshold'], 'log2 fold-change threshold must be a finite number >= 0', { received: String(lfc) }));
  if (bad.length) throw new HccError('E_OPTION', 'riskGroupDifferentialExpression: invalid thresholds', { issues: bad });
}

/** The count matrix restricted to `sampleIds` (in that order); the input itself when nothing is dropped. */
function selectSamples(m: CountMatrix, sampleIds: readonly string[]): CountMatrix {
  if (sampleIds.length === m.nSamples && sampleIds.every((s, j) => s === m.sampleIds[j])) return m;
  const col = new Map(m.sampleIds.map((s, j) => [s, j]));
  const idx = sampleIds.map((s) => col.get(s)!);
  const k = idx.length;
  const counts = new Float64Array(m.nGenes * k);
  for (let g = 0; g < m.nGenes; g++) for (let c = 0; c < k; c++) counts[g * k + c] = m.counts[g * m.nSamples + idx[c]];
  return { counts, nGenes: m.nGenes, nSamples: k, geneIds: m.geneIds, sampleIds: [...sampleIds] };
}

/**
 * High- vs low-risk differential expression and pathway enrichment.
 *
 * 1. {@link splitByRisk}: median split of the risk score over the analysed samples (or labels).
 * 2. {@link runDifferentialExpression}: high vs low (reference = low), DESeq2 by default.
 * 3. Gene ids → gene-set ids by `resolveGeneIds` (one target per gene; duplicates keep the
 *    largest |stat|), or as given.
 * 4. ORA (`overRepresentation`, hypergeometric): up = padj < padjThreshold and
 *    log2FC > lfcThreshold, down = padj < padjThreshold and log2FC < −lfcThreshold; universe =
 *    every resolved gene with a finite padj (the genes actually tested).
 * 5. Pre-ranked GSEA (`preRankedGsea`) on the statistic (DESeq2 Wald z) of resolved genes,
 *    permutations drawn from `createRng(seed)`.
 *
 * @throws HccError `E_INPUT` with the issues of the split or the two-group design; `E_INPUT`
 *   (`empty_data`, path `['geneSets']`) when no gene id is annotated in the collection.
 * @see R: DESeq2 `DESeq`/`results`, clusterProfiler `enricher`, fgsea `fgseaSimple`
 */
export function riskGroupDifferentialExpression(input: RiskGroupDeInput, options: RiskGroupDeOptions = {}): RiskGroupDeResult {
  const padjThreshold = options.padjThreshold ?? 0.05;
  const lfcThreshold = options.lfcThreshold ?? 1;
  const seed = options.seed ?? 1;
  checkThresholds(padjThreshold, lfcThreshold);
  const warnings: Issue[] = [];
  const splitR = splitByRisk(input.counts.sampleIds, input.risk, { samplePatients: input.samplePatients });
  if (!splitR.ok) throwIfErrors('risk groups', splitR.issues);
  if (!splitR.ok) throw new HccError('E_INTERNAL', 'unreachable');
  warnings.push(...splitR.warnings);
  const split = splitR.value;
  if (split.nHigh === 0 || split.nLow === 0) {
    throw new HccError('E_INPUT', 'risk groups: every sample is in one risk group', {
      issues: [issueError('single_group', ['risk'], `all ${split.nHigh + split.nLow} samples are ${split.nHigh ? HIGH_RISK : LOW_RISK} risk (equal scores, or one label)`, { expected: 'both high- and low-risk samples' })],
    });
  }
  const twoR = twoGroupCounts(selectSamples(input.counts, split.sheet.sampleIds), split.sheet, { reference: LOW_RISK, alternative: HIGH_RISK });
  if (!twoR.ok) throwIfErrors('risk groups', twoR.issues);
  if (!twoR.ok) throw new HccError('E_INTERNAL', 'unreachable');
  const de = runDifferentialExpression(twoR.value, { method: options.method, deseq2: options.deseq2 });
  warnings.push(...de.diagnostics.warnings);
  const t = de.table;

  let rows: Int32Array;
  let setIds: readonly string[];
  let idResolution: GeneIdResolutionDiagnostics | null = null;
  if (input.idMapping) {
    const res = resolveGeneIds(t.geneIds, t.stat, input.idMapping);
    rows = res.rows;
    setIds = res.targetIds;
    idResolution = res.diagnostics;
    warnings.push(...res.warnings);
  } else {
    rows = Int32Array.from(t.geneIds, (_, i) => i);
    setIds = t.geneIds;
  }
  const annotated = annotatedGenes(input.geneSets);
  let nAnnotated = 0;
  for (const id of setIds) if (annotated.has(id)) nAnnotated++;
  const annotatedShare = setIds.length ? nAnnotated / setIds.length : 0;
  if (nAnnotated === 0) {
    throw new HccError('E_INPUT', 'no gene of the count matrix is in the gene-set collection (different gene id types?)', {
      issues: [
        issueError('empty_data', ['geneSets'], `none of ${setIds.length} gene ids (e.g. ${setIds.slice(0, 3).join(', ')}) is a member of ${input.geneSets.source}`, {
          expected: 'gene ids of the collection type (pass an id mapping, e.g. Ensembl → Entrez)',
        }),
      ],
    });
  }
  if (annotatedShare < 0.2) {
    warnings.push(issueWarning('ambiguous_id', ['geneSets'], `only ${(annotatedShare * 100).toFixed(1)} % of the genes are annotated in the gene-set collection; check the gene id type`));
  }

  const genes: RiskGroupGene[] = [];
  const universe: string[] = [];
  const up: string[] = [];
  const down: string[] = [];
  const rankIds: string[] = [];
  const rankStats: number[] = [];
  rows.forEach((r, k) => {
    const padj = t.padj[r];
    const lfc = t.log2FoldChange[r];
    let call: RiskGroupGene['call'] = 'untested';
    if (Number.isFinite(padj)) {
      universe.push(setIds[k]);
      call = 'ns';
      if (padj < padjThreshold && lfc > lfcThreshold) call = 'up';
      else if (padj < padjThreshold && lfc < -lfcThreshold) call = 'down';
      if (call === 'up') up.push(setIds[k]);
      if (call === 'down') down.push(setIds[k]);
    }
    if (Number.isFinite(t.stat[r])) {
      rankIds.push(setIds[k]);
      rankStats.push(t.stat[r]);
    }
    genes.push({ geneId: t.geneIds[r], setGeneId: setIds[k], baseMean: t.baseMean[r], log2FoldChange: lfc, stat: t.stat[r], pvalue: t.pvalue[r], padj, call });
  });
  const oraUp = overRepresentation(up, universe, input.geneSets, options.ora);
  const oraDown = overRepresentation(down, universe, input.geneSets, options.ora);
  const ranked = parseRankedList(rankIds, rankStats);
  if (!ranked.ok) throwIfErrors('GSEA ranked list', ranked.issues);
  if (!ranked.ok) throw new HccError('E_INTERNAL', 'unreachable');
  const gsea = preRankedGsea(ranked.value, input.geneSets, { permutations: 1000, ...options.gsea }, createRng(seed));
  warnings.push(...oraUp.warnings, ...gsea.warnings);
  return {
    split,
    de,
    genes,
    oraUp,
    oraDown,
    gsea,
    diagnostics: {
      method: t.method,
      padjThreshold,
      lfcThreshold,
      seed,
      idResolution,
      annotatedShare,
      universeSize: universe.length,
      nUp: up.length,
      nDown: down.length,
      nRanked: rankIds.length,
      warnings,
    },
  };
}
