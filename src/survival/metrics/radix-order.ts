/**
 * Stable ordering of row indices by float64 keys in O(n): the IEEE-754 bits are mapped to unsigned
 * integers that sort like the numbers (negative values bit-flipped, positive ones with the sign bit
 * set), then an LSD radix sort over four 16-bit digits reorders the indices. Small inputs use a
 * comparison sort (the 65 536-bin histograms would dominate). Callers pass finite values; -0 is
 * treated as +0.
 */

const SMALL = 2048;
const BINS = 65536;

function sortableBits(values: ArrayLike<number>, rows: Int32Array, descending: boolean): { hi: Uint32Array; lo: Uint32Array } {
  const m = rows.length;
  const buf = new Float64Array(1);
  const u = new Uint32Array(buf.buffer);
  const hi = new Uint32Array(m);
  const lo = new Uint32Array(m);
  for (let j = 0; j < m; j++) {
    buf[0] = values[rows[j]] + 0;
    let h = u[1];
    let l = u[0];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    if (descending) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[j] = h;
    lo[j] = l;
  }
  return { hi, lo };
}

/**
 * Reorder `rows` (a list of row indices) stably by `values[row]`, ascending or descending.
 * Returns a new array.
 */
export function orderByValue(values: ArrayLike<number>, rows: Int32Array, descending = false): Int32Array {
  const m = rows.length;
  if (m < SMALL) {
    const pos = Array.from({ length: m }, (_, j) => j);
    const v = Float64Array.from(rows, (r) => values[r] + 0);
    pos.sort(descending ? (a, b) => v[b] - v[a] || a - b : (a, b) => v[a] - v[b] || a - b);
    return Int32Array.from(pos, (j) => rows[j]);
  }
  const { hi, lo } = sortableBits(values, rows, descending);
  // Sort positions 0..m-1 by (hi, lo), then map back to rows.
  let src = new Int32Array(m);
  for (let j = 0; j < m; j++) src[j] = j;
  let dst = new Int32Array(m);
  const count = new Int32Array(BINS);
  const passes: [Uint32Array, number][] = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [key, shift] of passes) {
    count.fill(0);
    for (let j = 0; j < m; j++) count[(key[src[j]] >>> shift) & 0xffff]++;
    // Skip a pass where every key has the same digit (common for the low bits of integer-valued data).
    let single = false;
    for (let b = 0; b < BINS; b++) {
      if (count[b] === m) single = true;
      if (count[b] !== 0) break;
    }
    if (single) continue;
    let acc = 0;
    for (let b = 0; b < BINS; b++) {
      const c = count[b];
      count[b] = acc;
      acc += c;
    }
    for (let j = 0; j < m; j++) {
      const p = src[j];
      dst[count[(key[p] >>> shift) & 0xffff]++] = p;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  const out = new Int32Array(m);
  for (let j = 0; j < m; j++) out[j] = rows[src[j]];
  return out;
}
