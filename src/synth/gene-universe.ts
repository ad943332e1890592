import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';

/** Genes available to the RNA-seq simulator and the programme that follows risk. */
export interface GeneUniverse {
  /** Source file (as given). */
  readonly source: string;
  /** All member ids of all sets, de-duplicated, sorted (numerically when all numeric). */
  readonly genes: readonly string[];
  /** Full name of the programme set (as in the file). */
  readonly programmeName: string;
  /** Member ids of the programme set (de-duplicated). */
  readonly programme: ReadonlySet<string>;
}

/** Default GMT shipped with the package: data/genesets/ WikiPathways (Entrez ids, CC0). */
export function defaultGeneSetFile(): string {
  // src/synth/x.ts and dist/synth/x.js both sit two levels below the package root.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'genesets', 'wikipathways-20260610-gmt-Homo_sapiens.gmt');
}

/**
 * Read a GMT file (name TAB description TAB members…) into a gene universe: the union of all
 * members, and the members of the first set whose name contains `programmeSet`
 * (e.g. "WP4172" for WikiPathways PI3K-Akt signalling, "HALLMARK_PI3K_AKT_MTOR_SIGNALING").
 * @throws HccError `E_IO` when unreadable, `E_INPUT` when the programme set is absent or the file has no sets.
 */
export function readGeneUniverse(path: string, programmeSet: string): GeneUniverse {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HccError('E_IO', `cannot read gene-set file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  const all = new Set<string>();
  let programmeName: string | null = null;
  let programme = new Set<string>();
  let sets = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const f = line.split('\t');
    if (f.length < 3) continue;
    sets++;
    const members = f.slice(2).map((s) => s.trim()).filter(Boolean);
    for (const g of members) all.add(g);
    if (programmeName === null && f[0].includes(programmeSet)) {
      programmeName = f[0];
      programme = new Set(members);
    }
  }
  if (sets === 0) throw new HccError('E_INPUT', `${path}: no gene sets`, { issues: [issueError('empty_data', [path], 'the GMT file holds no gene sets', { expected: 'name<TAB>description<TAB>genes… lines' })] });
  if (programmeName === null) {
    throw new HccError('E_INPUT', `${path}: no gene set named like "${programmeSet}"`, { issues: [issueError('unknown_level', ['rnaseq', 'programmeSet'], `no set in ${path} has "${programmeSet}" in its name`, { received: programmeSet })] });
  }
  const genes = [...all];
  const numeric = genes.every((g) => /^\d+$/.test(g));
  genes.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { source: path, genes, programmeName, programme };
}
