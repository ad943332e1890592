import { describe, expect, it } from 'vitest';
import { suggestValue } from './suggest-column.js';

describe('suggestValue (centre ids named by the split rule)', () => {
  it('does not suggest another centre that differs only in its number, nor one too far for a short name', () => {
    expect(suggestValue('C5', ['C1', 'C2', 'C3', 'C4'])).toBeNull();
    expect(suggestValue('Site_5', ['Site_1', 'Site_2'])).toBeNull();
    expect(suggestValue('AB', ['AC'])).toBeNull(); // 1 edit of 2 characters: half the name
  });

  it('suggests a case difference or a small typo of a longer name', () => {
    expect(suggestValue('paris', ['Lyon', 'Paris'])).toBe('Paris');
    expect(suggestValue('Hopsital', ['Hospital', 'Clinic'])).toBe('Hospital');
    expect(suggestValue('Munchen', ['Muenchen', 'Berlin'])).toBe('Muenchen');
  });
});
