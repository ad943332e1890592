/**
 * Binary indexed (Fenwick) tree of weights over integer keys 0..activeSize-1, plus the weight stored
 * at each key. Used by the concordance kernels to ask, for a risk rank r, how much weight sits below,
 * at and above r, in O(log n). One allocation serves many strata: `reset(k)` makes keys 0..k-1 active
 * and clears them in O(k).
 */
export class FenwickTree {
  readonly capacity: number;
  private active: number;
  /** Fenwick partial sums (1-based internally). */
  private readonly tree: Float64Array;
  /** Weight at each key (for the tied-at-key query). */
  readonly atKey: Float64Array;
  /** Total weight in the tree. */
  total = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.active = capacity;
    this.tree = new Float64Array(capacity + 1);
    this.atKey = new Float64Array(capacity);
  }

  /** Make keys 0..activeSize-1 usable and set them to zero. */
  reset(activeSize: number): void {
    if (activeSize > this.capacity) throw new RangeError(`FenwickTree.reset: ${activeSize} > capacity ${this.capacity}`);
    this.active = activeSize;
    this.tree.fill(0, 0, activeSize + 1);
    this.atKey.fill(0, 0, activeSize);
    this.total = 0;
  }

  /** Add `w` at `key`. */
  add(key: number, w: number): void {
    this.atKey[key] += w;
    this.total += w;
    const t = this.tree;
    const n = this.active;
    for (let i = key + 1; i <= n; i += i & -i) t[i] += w;
  }

  /** Σ weight at keys < `key`. */
  below(key: number): number {
    const t = this.tree;
    let s = 0;
    for (let i = key; i > 0; i -= i & -i) s += t[i];
    return s;
  }

  /** Σ weight at keys > `key`, given `below(key)`. */
  above(key: number, below: number): number {
    return this.total - below - this.atKey[key];
  }
}
