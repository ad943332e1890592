import { HccError } from '../core/errors.js';
import { issueError } from '../core/issues.js';
import { symmetricInverse } from '../core/linalg.js';

/** A samples × coefficients design matrix, row-major (`x[i*nCols + k]`). */
export interface DesignMatrix {
  readonly x: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
  readonly columnNames: readonly string[];
}

/** What `groupDesign` returns: the matrix and the level order used. */
export interface GroupDesign {
  readonly design: DesignMatrix;
  /** Levels in column order; levels[0] is the reference (intercept). */
  readonly levels: readonly string[];
}

/**
 * Treatment-coded design `~ group`: an intercept column, then one indicator per non-reference
 * level, so coefficient k > 0 is the log-fold change level k vs the reference.
 *
 * @param groups group label per sample (sample order of the count matrix).
 * @param levels level order (default: sorted unique labels, as R's `factor`); levels[0] is the reference.
 * @see R `model.matrix(~ group)`.
 */
export function groupDesign(groups: readonly string[], levels?: readonly string[]): GroupDesign {
  const lv = levels ? [...levels] : [...new Set(groups)].sort();
  const index = new Map(lv.map((l, k) => [l, k]));
  const issues = groups.flatMap((g, i) =>
    index.has(g) ? [] : [issueError('unknown_level', ['group', i], `group "${g}" is not one of the levels`, { expected: lv.join(', '), received: g })],
  );
  if (new Set(lv).size !== lv.length) issues.push(issueError('bad_option', ['levels'], 'levels must be distinct', { received: lv.join(', ') }));
  if (lv.length < 2) issues.push(issueError('single_group', ['group'], 'a group design needs at least two levels', { received: lv.join(', ') }));
  if (issues.length > 0) throw new HccError('E_INPUT', 'groupDesign: invalid groups', { issues });
  const p = lv.length;
  const x = new Float64Array(groups.length * p);
  groups.forEach((g, i) => {
    x[i * p] = 1;
    const k = index.get(g) as number;
    if (k > 0) x[i * p + k] = 1;
  });
  return { design: { x, nRows: groups.length, nCols: p, columnNames: ['(Intercept)', ...lv.slice(1).map((l) => `group${l}`)] }, levels: lv };
}

/**
 * Leverages h_i = x_iᵀ (XᵀX)⁻ x_i (diagonal of the hat matrix); aliased columns are dropped.
 * @see R `hat(design)`.
 */
export function hatValues(design: DesignMatrix): Float64Array {
  const { x, nRows: n, nCols: p } = design;
  const xtx = new Float64Array(p * p);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) xtx[a * p + b] += x[i * p + a] * x[i * p + b];
  const { inverse } = symmetricInverse(xtx, p);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += x[i * p + a] * inverse[a * p + b] * x[i * p + b];
    h[i] = s;
  }
  return h;
}
