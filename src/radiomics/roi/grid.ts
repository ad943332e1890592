import type { Vec3 } from '../../core/geometry.js';

/** The IBSI "align grid centres" interpolation grid of one image, in the original grid's index units. */
export interface IbsiGrid {
  /** New grid size per axis: ceil(n_a · s_a / s_b) (axes that are not resampled keep n_a). */
  readonly shape: Vec3;
  /** New spacing per axis, mm. */
  readonly spacingMm: Vec3;
  /** Continuous index, in the original grid, of new voxel 0 on each axis: x_b,g. */
  readonly startIndex: Vec3;
  /** Step between new voxels in original index units: s_b / s_a. */
  readonly stepIndex: Vec3;
  /** Which axes are resampled. */
  readonly resampled: readonly [boolean, boolean, boolean];
}

/**
 * IBSI interpolation grid (manual §"Interpolation grid", codes 3WE3, 026Q, QCY4): for each resampled axis
 * n_b = ⌈n_a s_a / s_b⌉ and the new grid is centred on the original one, so its first voxel sits at grid
 * coordinate x_b,g = ½ (n_a − 1 − (s_b/s_a)(n_b − 1)). An axis whose target spacing is `null` is left as it is
 * (2-D, in-plane interpolation leaves z alone).
 *
 * @param shape original grid size (n_a per axis)
 * @param spacingMm original spacing s_a (mm)
 * @param targetMm desired spacing s_b (mm) per axis, or null to keep the axis
 * @see IBSI 1 manual, chapter "Image processing", section "Interpolation grid" (UMPJ).
 */
export function ibsiInterpolationGrid(shape: Vec3, spacingMm: Vec3, targetMm: readonly [number | null, number | null, number | null]): IbsiGrid {
  const n: number[] = [];
  const s: number[] = [];
  const start: number[] = [];
  const step: number[] = [];
  const res: boolean[] = [];
  for (let a = 0; a < 3; a++) {
    const t = targetMm[a];
    if (t === null || t === undefined) {
      n.push(shape[a]);
      s.push(spacingMm[a]);
      start.push(0);
      step.push(1);
      res.push(false);
      continue;
    }
    // a tiny relative slack keeps e.g. 100.0000000001 from becoming 101
    const nb = Math.max(1, Math.ceil((shape[a] * spacingMm[a]) / t - 1e-9));
    const g = t / spacingMm[a];
    n.push(nb);
    s.push(t);
    start.push(0.5 * (shape[a] - 1 - g * (nb - 1)));
    step.push(g);
    res.push(true);
  }
  return {
    shape: [n[0], n[1], n[2]],
    spacingMm: [s[0], s[1], s[2]],
    startIndex: [start[0], start[1], start[2]],
    stepIndex: [step[0], step[1], step[2]],
    resampled: [res[0], res[1], res[2]],
  };
}
