// Quick local timing check of the O(n log n) concordance (not a test, not the benchmark).
// Usage: npm run build && node scripts/concordance-timing.mjs [n] [distDir]
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
const n = Number(process.argv[2] ?? 1_000_000);
const dist = resolve(process.argv[3] ?? 'dist');
const { concordanceIndex } = await import(pathToFileURL(resolve(dist, 'survival/metrics/concordance.js')).href);
const { createRng } = await import(pathToFileURL(resolve(dist, 'core/rng.js')).href);
const rng = createRng(1);
const time = new Float64Array(n);
const event = new Uint8Array(n);
const marker = new Float64Array(n);
for (let i = 0; i < n; i++) {
  marker[i] = rng.normal();
  // Integer days, so times tie heavily as in real follow-up data.
  time[i] = Math.ceil(-Math.log(1 - rng.uniform()) * 365 * Math.exp(-0.5 * marker[i]));
  event[i] = rng.uniform() < 0.7 ? 1 : 0;
}
const data = { n, time, event, entry: null, strata: null, strataLevels: [], cluster: null, clusterLevels: [], weights: null, rowIndex: Int32Array.from({ length: n }, (_, i) => i) };
for (const tw of ['n', 'n/G2']) {
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const r = concordanceIndex(data, marker, { timeWeighting: tw });
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    console.log(`n=${n} timewt=${tw} C=${r.value.concordance.toFixed(6)} se=${r.value.se.toExponential(3)} ${ms.toFixed(0)} ms`);
  }
}
