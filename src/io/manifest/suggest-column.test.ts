import { describe, expect, it } from 'vitest';
import { suggestColumn } from './suggest-column.js';

describe('suggestColumn (missing manifest columns)', () => {
  it('suggests a near column first, else the only column the name abbreviates with "_"', () => {
    expect(suggestColumn('Hopsital', ['Hospital', 'age'])).toBe('Hospital');
    expect(suggestColumn('afp', ['afp_ng_ml', 'sex'])).toBe('afp_ng_ml');
    expect(suggestColumn('afp_ng_ml', ['afp', 'sex'])).toBe('afp');
  });

  it('suggests nothing for an ambiguous prefix or a one-letter name', () => {
    expect(suggestColumn('afp', ['afp_ng_ml', 'afp_iu_ml'])).toBeNull();
    expect(suggestColumn('a', ['a_b'])).toBeNull();
  });
});
