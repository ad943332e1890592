import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { SurvivalForest, SurvivalForestJson } from '../../survival/index.js';
import { fitSurvivalForest, makeSurvivalData, predictSurvivalForestRisk, survivalForestFromJson, survivalForestToJson } from '../../survival/index.js';
import type { Combiner, FittedCombiner } from './combiner.js';
import type { MemberScores } from './member-scores.js';
import { alignMembers, assertMemberScores, memberMoments } from './member-scores.js';

/** Format tag of a serialised random-survival-forest combiner. */
export const FOREST_COMBINER_FORMAT = 'mmf-hcc/forest-combiner@1';

/** Options of {@link forestCombiner}. */
export interface ForestCombinerOptions {
  /** Trees (default 300). */
  readonly nTree?: number;
  /**
   * Minimum rows per leaf (default min(15, max(3, ⌊n/10⌋)) for n training patients: 15 from 150
   * patients on, smaller on tiny cohorts, where 15 would leave the root unsplit).
   */
  readonly minNodeSize?: number;
  /** Members tried per split (default: all of them; with a handful of members there is little to decorrelate). */
  readonly mtry?: number;
  /** Seed of the forest's stream (default 1). */
  readonly seed?: number;
}

/** Serialised fitted forest combiner: standardisation, options, diagnostics and the forest itself. */
export interface ForestCombinerJson {
  readonly format: typeof FOREST_COMBINER_FORMAT;
  readonly kind: 'rsf';
  readonly members: readonly string[];
  readonly mean: readonly number[];
  readonly sd: readonly number[];
  /** Options as used (defaults resolved for the training set). */
  readonly options: { readonly nTree: number; readonly minNodeSize: number; readonly mtry: number; readonly seed: number };
  readonly diagnostics: { readonly n: number; readonly events: number; readonly oobConcordance: number; readonly meanLeaves: number };
  readonly forest: SurvivalForestJson;
}

/** z_ij = (x_ij − mean_j)/sd_j of the aligned scores, row-major n × members. */
function standardise(x: Float64Array, n: number, mean: ArrayLike<number>, sd: ArrayLike<number>): Float64Array {
  const k = mean.length;
  const z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) z[i * k + j] = (x[i * k + j] - mean[j]) / sd[j];
  return z;
}

function fitted(json: ForestCombinerJson, forest: SurvivalForest): FittedCombiner {
  return {
    kind: 'rsf',
    members: json.members,
    combine(scores: MemberScores) {
      assertMemberScores(scores, 'rsf combiner');
      const x = alignMembers(scores, json.members, 'rsf combiner');
      return predictSurvivalForestRisk(forest, standardise(x, scores.n, json.mean, json.sd));
    },
    toJSON: () => json,
  };
}

/**
 * The paper's ensemble combiner: a random survival forest (survival's `fitSurvivalForest`, log-rank
 * splits) on the standardised member scores z_j = (x_j − mean_j)/sd_j of the training patients, with
 * their outcome. The Ensemble-DL score is the forest's ensemble mortality Σ_t Ĥ(t | z) over the
 * training death times (higher = worse), from every tree (in-bag included) for any patient, so the
 * training patients' scores are optimistic, like the Cox combiner's. Seeded: same scores, outcome and
 * options give the same forest and scores.
 * @throws HccError `E_OPTION` for bad options; `E_INPUT` for malformed scores or no events.
 * @see Ishwaran et al. (2008); R `ranger(Surv(time, status) ~ ., splitrule = "logrank")`.
 */
export function forestCombiner(options: ForestCombinerOptions = {}): Combiner {
  const nTree = options.nTree ?? 300;
  const seed = options.seed ?? 1;
  const issues: Issue[] = [];
  if (!Number.isInteger(nTree) || nTree < 1) issues.push(issueError('bad_option', ['nTree'], 'nTree must be a positive integer', { expected: 'integer >= 1', received: String(nTree) }));
  if (options.minNodeSize !== undefined && (!Number.isInteger(options.minNodeSize) || options.minNodeSize < 1)) issues.push(issueError('bad_option', ['minNodeSize'], 'minNodeSize must be a positive integer', { expected: 'integer >= 1', received: String(options.minNodeSize) }));
  if (options.mtry !== undefined && (!Number.isInteger(options.mtry) || options.mtry < 1)) issues.push(issueError('bad_option', ['mtry'], 'mtry must be a positive integer', { expected: 'integer >= 1', received: String(options.mtry) }));
  if (!Number.isInteger(seed)) issues.push(issueError('bad_option', ['seed'], 'seed must be an integer', { expected: 'an integer', received: String(seed) }));
  if (issues.length) throw new HccError('E_OPTION', `forestCombiner: ${issues.length} bad option(s)`, { issues });
  return {
    kind: 'rsf',
    fit(train, outcome) {
      assertMemberScores(train, 'forestCombiner.fit', outcome);
      let events = 0;
      for (let i = 0; i < train.n; i++) events += outcome.event[i];
      if (events === 0) throw new HccError('E_INPUT', 'forestCombiner.fit: no events in the training outcome', { issues: [issueError('no_events', ['outcome', 'event'], 'every training patient is censored', { expected: 'at least one event', received: '0' })] });
      const m = train.members.length;
      const mtry = options.mtry ?? m;
      if (mtry > m) throw new HccError('E_OPTION', `forestCombiner.fit: mtry ${mtry} exceeds the ${m} member(s)`, { issues: [issueError('bad_option', ['mtry'], 'mtry must not exceed the number of members', { expected: `1..${m}`, received: String(mtry) })] });
      const minNodeSize = options.minNodeSize ?? Math.min(15, Math.max(3, Math.floor(train.n / 10)));
      const data = makeSurvivalData({ time: outcome.time, event: outcome.event });
      if (!data.ok) throw new HccError('E_INPUT', 'forestCombiner.fit: bad outcome', { issues: data.issues });
      const { mean, sd } = memberMoments(train);
      const z = standardise(train.values, train.n, mean, sd);
      const fit = fitSurvivalForest(data.value, z, [...train.members], { nTree, mtry, minNodeSize, seed });
      const json: ForestCombinerJson = {
        format: FOREST_COMBINER_FORMAT,
        kind: 'rsf',
        members: [...train.members],
        mean: [...mean],
        sd: [...sd],
        options: { nTree, minNodeSize, mtry, seed },
        diagnostics: { n: train.n, events, oobConcordance: fit.oob.concordance.concordance, meanLeaves: fit.diagnostics.meanLeaves },
        forest: survivalForestToJson(fit.model),
      };
      return fitted(json, fit.model);
    },
  };
}

/**
 * Rebuild a fitted forest combiner from its JSON (`toJSON()` of one, after a JSON round trip): the
 * reloaded combiner gives bit-identical scores.
 * @throws HccError `E_INPUT` with issues naming the bad field (path, expected, received).
 */
export function forestCombinerFromJson(json: unknown): FittedCombiner {
  const j = json as Partial<ForestCombinerJson> | null;
  const issues: Issue[] = [];
  const bad = (path: (string | number)[], message: string, expected: string, received: unknown) => issues.push(issueError('bad_option', path, message, { expected, received: typeof received === 'string' ? received : JSON.stringify(received) ?? String(received) }));
  if (!j || typeof j !== 'object' || j.format !== FOREST_COMBINER_FORMAT) {
    bad(['format'], 'not a forest combiner', FOREST_COMBINER_FORMAT, j && typeof j === 'object' ? j.format : j);
    throw new HccError('E_INPUT', 'forestCombinerFromJson: not a forest combiner', { issues });
  }
  const members = j.members;
  if (!Array.isArray(members) || members.length < 1 || !members.every((s) => typeof s === 'string')) bad(['members'], 'members must be a non-empty array of names', 'member names', members);
  const k = Array.isArray(members) ? members.length : 0;
  if (!Array.isArray(j.mean) || j.mean.length !== k || !j.mean.every(Number.isFinite)) bad(['mean'], `mean must hold ${k} finite numbers`, `${k} finite numbers`, j.mean);
  if (!Array.isArray(j.sd) || j.sd.length !== k || !j.sd.every((s) => Number.isFinite(s) && s > 0)) bad(['sd'], `sd must hold ${k} positive numbers`, `${k} positive numbers`, j.sd);
  const o = j.options;
  if (!o || typeof o !== 'object' || ![o.nTree, o.minNodeSize, o.mtry, o.seed].every(Number.isInteger)) bad(['options'], 'options must hold integer nTree, minNodeSize, mtry and seed', '{ nTree, minNodeSize, mtry, seed }', o);
  if (!j.diagnostics || typeof j.diagnostics !== 'object') bad(['diagnostics'], 'diagnostics missing', 'an object', j.diagnostics);
  if (issues.length) throw new HccError('E_INPUT', `forestCombinerFromJson: ${issues.length} problem(s)`, { issues });
  const forest = survivalForestFromJson(j.forest, ['forest']);
  if (forest.variableNames.length !== k || forest.variableNames.some((v, q) => v !== members![q])) {
    bad(['forest', 'variableNames'], 'the forest was fitted on other members', members!.join(', '), forest.variableNames.join(', '));
    throw new HccError('E_INPUT', 'forestCombinerFromJson: forest and member list disagree', { issues });
  }
  return fitted(j as ForestCombinerJson, forest);
}
