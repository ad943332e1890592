// Which models `predictFittedStudy` scores, and how strictly: the chosen models, the columns each
// lacks, the image steps behind derived columns, and which models' problems are warnings.
import type { Issue } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { DerivedInputIssues } from './image-cells.js';
import type { PredictFittedOptions } from './predict-types.js';
import type { FittedModel, FittedStudy } from './types.js';

/** The models to score and the rules for their problems. */
export interface PredictPlan {
  /** The chosen models (`models`, `outcomes`), in the study's order. */
  readonly models: readonly FittedModel[];
  /** The image step that derives `column` (`derived`), or null. */
  stepOf(column: string): DerivedInputIssues | null;
  /** The input columns of `m` the table lacks, each once. */
  absentOf(m: FittedModel): string[];
  /**
   * A landmark model not named in `models`: it needs the response at the landmark, which patients
   * scored at baseline do not have yet, so its problems leave patients unscored by it with a warning.
   */
  lenient(m: FittedModel): boolean;
  /**
   * A model whose absent columns leave it out with a warning: a lenient one, or one not named in
   * `models` whose only absent inputs are image-derived columns that no step was asked to derive
   * (patients files often hold the clinical columns only), while some other model can be scored.
   */
  optional(m: FittedModel): boolean;
  /** Ids of the non-lenient models with every input column there, for the `--models` remedy. */
  readonly onlyThese: readonly string[];
}

/**
 * Which image step derives an input column of a model: `Ensemble-DL` for `ensemble_dl_<outcome>`,
 * `radiomics` for a radiomics model's feature columns (not its ComBat centre column), else null.
 */
export function derivedKindOf(m: FittedModel, column: string): 'Ensemble-DL' | 'radiomics' | null {
  if (/^ensemble_dl_\w+$/.test(column)) return 'Ensemble-DL';
  if (m.kind === 'radiomics' && m.radiomics.selected.some((f) => f.feature === column)) return 'radiomics';
  return null;
}

/** How to give an image-derived column a model lacks ('' for any other column). */
export function derivedHint(m: FittedModel, column: string): string {
  if (derivedKindOf(m, column) !== 'Ensemble-DL') return '';
  return `: it is the Ensemble-DL score; give --dl-model (the study's models/dl) with the patients' image_<phase> and mask columns, or a "${column}" column`;
}

/** The problems that kept an image step from filling row `r` of its columns (the row's own, else the table's), or null. */
export function derivedWhy(step: DerivedInputIssues | null, r: number): { issues: readonly Issue[]; table: boolean } | null {
  if (!step) return null;
  if (step.rowIssues[r]?.length) return { issues: step.rowIssues[r], table: false };
  return step.tableIssues.length ? { issues: step.tableIssues, table: true } : null;
}

/** The plan of {@link PredictPlan} for a patients table and the options of `predictFittedStudy`. */
export function planPrediction(fitted: FittedStudy, table: Table, options: PredictFittedOptions): PredictPlan {
  const named = options.models ?? [];
  const models = fitted.models.filter((m) => (!options.models || options.models.includes(m.id)) && (!options.outcomes || options.outcomes.includes(m.outcome)));
  const derived = options.derived ?? [];
  const stepOf = (column: string) => derived.find((d) => d.columns.includes(column)) ?? null;
  const absentOf = (m: FittedModel) => [...new Set(m.inputs.map((i) => i.column).filter((c) => !table.cells.has(c)))];
  const lenient = (m: FittedModel): boolean => m.kind !== 'forest' && (m.landmark ?? null) !== null && !named.includes(m.id);
  const imageOnlyAbsent = (m: FittedModel) => {
    const absent = absentOf(m);
    return absent.length > 0 && absent.every((c) => derivedKindOf(m, c) !== null && stepOf(c) === null);
  };
  // scorable: every input column there, none filled by an image step that could read no patient
  const scorable = models.filter((m) => absentOf(m).length === 0 && !m.inputs.some((i) => stepOf(i.column)?.tableIssues.length));
  const optional = (m: FittedModel): boolean => lenient(m) || (!named.includes(m.id) && imageOnlyAbsent(m) && scorable.some((x) => !lenient(x)));
  const onlyThese = [...new Set(scorable.filter((m) => !lenient(m)).map((m) => m.id))];
  return { models, stepOf, absentOf, lenient, optional, onlyThese };
}
