import { describe, expect, it } from 'vitest';
import { chiSquareSf, normalCdf, normalQuantile, studentTCdf } from './distributions.js';

// Oracle tier (b): values printed by R 4.2.2 with print(x, digits = 17).
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('distributions against R', () => {
  it('pnorm', () => {
    expect(rel(normalCdf(1.959963984540054), 0.97499999999999998)).toBeLessThan(1e-13);
    expect(rel(normalCdf(-8), 6.2209605742717841e-16)).toBeLessThan(1e-11);
    expect(rel(normalCdf(0.3), 0.61791142218895267)).toBeLessThan(1e-13);
  });
  it('pchisq upper tail', () => {
    expect(rel(chiSquareSf(30.500668773157, 3), 1.08281769919846e-06)).toBeLessThan(1e-9);
    expect(rel(chiSquareSf(3.84145882069412, 1), 0.05)).toBeLessThan(1e-12);
    expect(rel(chiSquareSf(100, 2), 1.9287498479639178e-22)).toBeLessThan(1e-10);
  });
  it('qnorm', () => {
    expect(rel(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-14);
    expect(rel(normalQuantile(1e-10), -6.3613409024040557)).toBeLessThan(1e-12);
  });
  it('pt', () => {
    expect(rel(studentTCdf(2, 5), 0.9490302605850709)).toBeLessThan(1e-12);
    expect(rel(studentTCdf(-1.5, 30), 0.072032964564323038)).toBeLessThan(1e-11);
  });
});
