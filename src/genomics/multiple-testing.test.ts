import { describe, expect, it } from 'vitest';
import { adjustBH, adjustBonferroni, adjustHolm, adjustPValues } from './multiple-testing.js';

// R: p <- c(0.01, 0.04, NA, 0.03, 0.2, 0.04, 0.9, 0.001); p.adjust(p, method)
const P = [0.01, 0.04, NaN, 0.03, 0.2, 0.04, 0.9, 0.001];
const R_BH = [0.035, 0.056, NaN, 0.056, 0.23333333333333336, 0.056, 0.9, 0.007];
const R_HOLM = [0.06, 0.16, NaN, 0.15, 0.4, 0.16, 0.9, 0.007];
const R_BONF = [0.07, 0.28, NaN, 0.21, 1, 0.28, 1, 0.007];

function expectMatch(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) expect(Number.isNaN(actual[i])).toBe(true);
    else expect(Math.abs(actual[i] - e)).toBeLessThan(1e-15);
  });
}

describe('p-value adjustment (R p.adjust, NA excluded from n)', () => {
  it('BH', () => expectMatch(adjustBH(P), R_BH));
  it('Holm', () => expectMatch(adjustHolm(P), R_HOLM));
  it('Bonferroni', () => expectMatch(adjustBonferroni(P), R_BONF));
  it('dispatches by name', () => expectMatch(adjustPValues(P, 'holm'), R_HOLM));
  it('all-NaN input stays NaN', () => expect(Array.from(adjustBH([NaN, NaN])).every(Number.isNaN)).toBe(true));
});
