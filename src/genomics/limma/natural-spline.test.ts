// Tier (b): least-squares fits on R's splines::ns(x, df, intercept = TRUE) (same column space),
// case test/reference/genomics/natural_spline_fit (generate.R there).
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectClose, readLocalJson } from '../../../test/helpers/reference.js';
import { lmFit } from './lm-fit.js';
import { naturalSplineBasis } from './natural-spline.js';

describe('naturalSplineBasis vs splines::ns', () => {
  const ref = readLocalJson<{ x: number[]; y: number[]; fits: { df: number; fitted: number[]; rss_per_df: number }[] }>('genomics/natural_spline_fit/expected.json');
  for (const f of ref.fits) {
    it(`df = ${f.df}: same fitted values and residual variance`, () => {
      const basis = naturalSplineBasis(ref.x, f.df);
      expect(basis.nCols).toBe(f.df);
      const fit = lmFit(Float64Array.from(ref.y), 1, basis);
      const fitted = ref.x.map((_, i) => {
        let s = 0;
        for (let k = 0; k < f.df; k++) s += basis.x[i * f.df + k] * fit.coefficients[k];
        return s;
      });
      expectAllClose(fitted, f.fitted, { abs: 1e-10 }, `fitted df=${f.df}`);
      expectClose(fit.sigma[0] ** 2, f.rss_per_df, { rel: 1e-10 }, `RSS/(n-df) df=${f.df}`);
    });
  }

  it('rejects df larger than the number of points and constant x', () => {
    expect(() => naturalSplineBasis([1, 2], 3)).toThrow(/df/);
    expect(() => naturalSplineBasis([2, 2, 2], 2)).toThrow(/constant/);
  });
});
