import type { Mat3, Vec3 } from '../core/geometry.js';
import type { Volume } from '../core/volume.js';

/** A voxel grid without data (shape, spacing in mm, LPS origin and direction). */
export interface Grid {
  readonly shape: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
  readonly direction: Mat3;
}

/** The grid of a volume. */
export function gridOf(v: Omit<Volume, 'data' | 'frame'>): Grid {
  return { shape: v.shape, spacing: v.spacing, origin: v.origin, direction: v.direction };
}

/**
 * The IBSI "align grid centres" resampled grid (IBSI reference manual §2.4, image interpolation):
 * along each index axis a, n_b = ⌈n_a·s_a / s_b⌉ and the first voxel centre moves by
 * (s_a·(n_a − 1) − s_b·(n_b − 1)) / 2 mm along that axis, so both grids share their centre. The
 * direction is kept. (Values within 1e-9 of an integer are not rounded up by float noise.)
 * @see IBSI manual, "Interpolation" — grid alignment "align grid centers"
 */
export function ibsiCentredGrid(g: Grid, spacingMm: Vec3): Grid {
  const shape = [0, 0, 0];
  const shift = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const exact = (g.shape[a] * g.spacing[a]) / spacingMm[a];
    const near = Math.round(exact);
    shape[a] = Math.max(1, Math.abs(exact - near) < 1e-9 ? near : Math.ceil(exact));
    shift[a] = (g.spacing[a] * (g.shape[a] - 1) - spacingMm[a] * (shape[a] - 1)) / 2;
  }
  const d = g.direction;
  const origin: Vec3 = [
    g.origin[0] + d[0] * shift[0] + d[1] * shift[1] + d[2] * shift[2],
    g.origin[1] + d[3] * shift[0] + d[4] * shift[1] + d[5] * shift[2],
    g.origin[2] + d[6] * shift[0] + d[7] * shift[1] + d[8] * shift[2],
  ];
  return { shape: shape as unknown as Vec3, spacing: [...spacingMm] as unknown as Vec3, origin, direction: g.direction };
}

/**
 * Affine map from output voxel index to input continuous index: c = M·o + b, with
 * M = S_in⁻¹ D_inᵀ D_out S_out and b = S_in⁻¹ D_inᵀ (O_out − O_in) (directions are orthonormal).
 * M is row-major.
 */
export function indexMapping(input: Grid, output: Grid): { m: number[]; b: number[] } {
  const di = input.direction, dout = output.direction;
  const m = new Array<number>(9).fill(0);
  const b = [0, 0, 0];
  const dO = [output.origin[0] - input.origin[0], output.origin[1] - input.origin[1], output.origin[2] - input.origin[2]];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += di[k * 3 + r] * dout[k * 3 + c];
      m[r * 3 + c] = (s * output.spacing[c]) / input.spacing[r];
    }
    b[r] = (di[r] * dO[0] + di[3 + r] * dO[1] + di[6 + r] * dO[2]) / input.spacing[r];
  }
  return { m, b };
}
