import { describe, expect, it } from 'vitest';
import { expectClose, readLocalJson } from '../../../test/helpers/reference.js';
import { hypergeometricLogPmf, hypergeometricPmf, hypergeometricUpperTail } from './hypergeometric.js';

/** Exact tail by BigInt binomial coefficients (tier a: closed form). */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}
function exactUpper(k: number, N: number, K: number, n: number): number {
  let num = 0n;
  for (let x = k; x <= Math.min(K, n); x++) num += choose(K, x) * choose(N - K, n - x);
  const den = choose(N, n);
  // scale to keep 20 significant digits before converting
  const scale = 10n ** 40n;
  return Number((num * scale) / den) / 1e40;
}

describe('hypergeometric upper tail', () => {
  it('matches exact rational arithmetic on small and medium cases (rel 1e-13)', () => {
    const cases = [
      [3, 20, 7, 5],
      [0, 20, 7, 5],
      [6, 20, 7, 5],
      [12, 300, 40, 60],
      [25, 300, 40, 60],
      [2, 300, 40, 60],
      [30, 1135, 53, 261],
    ];
    for (const [k, N, K, n] of cases) {
      expectClose(hypergeometricUpperTail(k, { population: N, successes: K, draws: n }), exactUpper(k, N, K, n), { rel: 1e-13 }, `P(X>=${k}) N=${N} K=${K} n=${n}`);
    }
  });

  it('agrees with R phyper/dhyper to 1e-12 relative, down to 1e-210 (tier b: test/reference/genomics/hypergeometric)', () => {
    const ref = readLocalJson('genomics/hypergeometric/expected.json');
    for (const c of ref.cases) {
      const h = { population: c.m + c.n, successes: c.m, draws: c.k };
      expectClose(hypergeometricUpperTail(c.q + 1, h), c.upper, { rel: 1e-12 }, `${c.name} upper`);
      expectClose(hypergeometricPmf(c.q + 1, h), c.dhyper_q1, { rel: 1e-12 }, `${c.name} dhyper`);
      expectClose(hypergeometricLogPmf(c.q + 1, h), c.log_dhyper_q1, { abs: 1e-12, rel: 1e-13 }, `${c.name} log dhyper`);
    }
  });

  it('is 1 at or below the support and 0 above it; pmf sums to 1', () => {
    const h = { population: 50, successes: 30, draws: 40 };
    expect(hypergeometricUpperTail(20, h)).toBe(1); // support starts at 40 - 20 = 20
    expect(hypergeometricUpperTail(31, h)).toBe(0);
    let s = 0;
    for (let x = 20; x <= 30; x++) s += hypergeometricPmf(x, h);
    expectClose(s, 1, { abs: 1e-14 }, 'sum of pmf');
  });

  it('rejects impossible parameters', () => {
    expect(() => hypergeometricUpperTail(1, { population: 10, successes: 11, draws: 2 })).toThrow(RangeError);
    expect(() => hypergeometricUpperTail(1, { population: 10, successes: 2.5, draws: 2 })).toThrow(RangeError);
  });
});
