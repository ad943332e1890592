import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT, SHARED } from '../helpers/reference.js';
import { generateCohort, parseSynthConfig, readGeneUniverse } from '../../src/synth/index.js';
import type { SynthCohort, SynthConfigInput } from '../../src/synth/index.js';

/** The WikiPathways GMT: data/genesets in the package, else the shared reference copy. */
export function wikipathwaysGmt(): string {
  const name = 'wikipathways-20260610-gmt-Homo_sapiens.gmt';
  const local = resolve(REPO_ROOT, 'data', 'genesets', name);
  return existsSync(local) ? local : resolve(SHARED, 'reference', 'genesets', name);
}

const cache = new Map<string, SynthCohort>();

/** Generate (memoised per arguments) a cohort for tests. */
export function cohort(patients: number, seed: number, opts: { rnaseq?: boolean; config?: SynthConfigInput; centres?: number } = {}): SynthCohort {
  const key = JSON.stringify([patients, seed, opts]);
  const hit = cache.get(key);
  if (hit) return hit;
  const config = parseSynthConfig(opts.config ?? {});
  const geneUniverse = opts.rnaseq ? readGeneUniverse(wikipathwaysGmt(), config.rnaseq.programmeSet) : null;
  const c = generateCohort({ patients, centres: opts.centres ?? 4, seed, config, geneUniverse });
  cache.set(key, c);
  return c;
}
