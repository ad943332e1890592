import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestKey, suggestNearest, suggestValue } from './did-you-mean.js';

describe('editDistance / suggestKey', () => {
  it('gives textbook Levenshtein distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('contextMM', 'contextMm')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
  });
  it('suggests a key equal ignoring case, else the nearest within 2 edits, else nothing', () => {
    expect(suggestKey('CONTEXTMM', ['slices', 'contextMm'])).toBe('contextMm');
    expect(suggestKey('weighting', ['weight', 'workers'])).toBeNull(); // 3 edits from "weight"
    expect(suggestKey('wieght', ['weight', 'workers'])).toBe('weight'); // transposition = 2 edits
    expect(suggestKey('ab', ['xy', 'a'])).toBeNull(); // "a" is 1 edit but the whole of a 1-letter key
    expect(suggestKey('nbins', ['nBins', 'bins'])).toBe('nBins'); // case-insensitive match wins over 1 edit
  });
});

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

describe('suggestNearest / didYouMean', () => {
  it('applies the caller\'s test to near names only; a same-case match needs none; ties go to the alphabetically first', () => {
    expect(suggestNearest('Cohrt', ['cohort', 'Cohort'], () => false)).toBeNull();
    expect(suggestNearest('COHORT', ['cohort'], () => false)).toBe('cohort');
    expect(suggestNearest('cat', ['cut', 'bat'], () => true)).toBe('bat');
  });
  it('writes the suggestion, with where it is when given', () => {
    expect(didYouMean(null)).toBe('');
    expect(didYouMean('Hospital')).toBe('; did you mean "Hospital"?');
    expect(didYouMean('afp_ng_ml', 'labs.csv')).toBe('; did you mean "afp_ng_ml" (labs.csv)?');
  });
});
