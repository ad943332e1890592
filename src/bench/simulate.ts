import { writeFileSync } from 'node:fs';
import { createRng } from '../core/rng.js';

/** A simulated right-censored data set for benchmarks (integer days, so tied times occur as in real data). */
export interface SimulatedSurvival {
  readonly n: number;
  readonly p: number;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** n*p row-major covariates. */
  readonly x: Float64Array;
  readonly group: Int32Array;
  readonly risk: Float64Array;
}

/** Exponential event times with log-hazard x·β, uniform censoring, times rounded up to whole days. */
export function simulateSurvival(n: number, p: number, seed: number): SimulatedSurvival {
  const rng = createRng(seed);
  const beta = Float64Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 0.4 : -0.25) / (1 + j / 3));
  const x = new Float64Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const group = new Int32Array(n);
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lp = 0;
    for (let j = 0; j < p; j++) {
      const v = rng.normal();
      x[i * p + j] = v;
      lp += v * beta[j];
    }
    const t = -Math.log(1 - rng.uniform()) / (0.002 * Math.exp(lp));
    const c = 30 + rng.uniform() * 1500;
    time[i] = Math.ceil(Math.min(t, c));
    event[i] = t <= c ? 1 : 0;
    group[i] = x[i * p] < -0.43 ? 0 : x[i * p] < 0.43 ? 1 : 2;
    risk[i] = lp + 0.5 * rng.normal();
  }
  return { n, p, time, event, x, group, risk };
}

/** Write the simulated data as CSV (time, event, x1..xp, group, risk) for the R peer. */
export function writeSimulatedCsv(d: SimulatedSurvival, path: string, withCovariates = true): void {
  const header = ['time', 'event', ...(withCovariates ? Array.from({ length: d.p }, (_, j) => `x${j + 1}`) : []), 'group', 'risk'];
  const lines = [header.join(',')];
  for (let i = 0; i < d.n; i++) {
    const row: (number | string)[] = [d.time[i], d.event[i]];
    if (withCovariates) for (let j = 0; j < d.p; j++) row.push(d.x[i * d.p + j].toPrecision(17));
    row.push(d.group[i], d.risk[i].toPrecision(17));
    lines.push(row.join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}
