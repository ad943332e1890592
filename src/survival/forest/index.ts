// Public API of the random survival forest.
export { fitSurvivalForest } from './forest.js';
export type {
  ResolvedSurvivalForestOptions,
  SurvivalForest,
  SurvivalForestContext,
  SurvivalForestDiagnostics,
  SurvivalForestFit,
  SurvivalForestOob,
  SurvivalForestOptions,
} from './forest.js';
export { predictSurvivalForest, predictSurvivalForestRisk } from './predict.js';
export type { SurvivalForestPrediction } from './predict.js';
export { logRankSplitStatistic } from './split-logrank.js';
export type { LogRankSplitStatistic } from './split-logrank.js';
export type { PermutationImportance } from './importance.js';
export type { SurvivalTree } from './tree.js';
export { SURVIVAL_FOREST_FORMAT, survivalForestFromJson, survivalForestToJson } from './serialize.js';
export type { SurvivalForestJson, SurvivalTreeJson } from './serialize.js';
