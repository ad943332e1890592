import type { Mask } from '../core/volume.js';

/** What {@link largestComponent} kept. */
export interface LargestComponent {
  /** The mask with the selected labels kept only in the largest component (other labels untouched). */
  readonly mask: Mask;
  /** Connected components of the selected labels, and the voxels of the largest and of all. */
  readonly components: number;
  readonly keptVoxels: number;
  readonly totalVoxels: number;
}

/**
 * Keep the largest 26-connected component of the voxels carrying `labels` (e.g. the index lesion of
 * a multifocal tumour) and set the other components' voxels to 0; voxels of other labels (liver,
 * vessels) are left as they are. Ties go to the component met first in storage order. With no voxel
 * of `labels` the mask is returned unchanged (components 0).
 */
export function largestComponent(mask: Mask, labels: readonly number[]): LargestComponent {
  const [nx, ny, nz] = mask.shape;
  const want = new Uint8Array(256);
  for (const l of labels) want[l] = 1;
  const d = mask.data;
  const comp = new Int32Array(d.length); // 0 = unvisited / not selected, else component id
  const stack = new Int32Array(d.length);
  let components = 0;
  let best = 0;
  let bestSize = 0;
  let total = 0;
  for (let start = 0; start < d.length; start++) {
    if (!want[d[start]] || comp[start] !== 0) continue;
    const id = ++components;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    comp[start] = id;
    while (top > 0) {
      const v = stack[--top];
      size++;
      const i = v % nx;
      const j = ((v - i) / nx) % ny;
      const k = (v - i - nx * j) / (nx * ny);
      for (let dk = -1; dk <= 1; dk++) {
        const kk = k + dk;
        if (kk < 0 || kk >= nz) continue;
        for (let dj = -1; dj <= 1; dj++) {
          const jj = j + dj;
          if (jj < 0 || jj >= ny) continue;
          for (let di = -1; di <= 1; di++) {
            const ii = i + di;
            if (ii < 0 || ii >= nx) continue;
            const u = ii + nx * (jj + ny * kk);
            if (comp[u] !== 0 || !want[d[u]]) continue;
            comp[u] = id;
            stack[top++] = u;
          }
        }
      }
    }
    total += size;
    if (size > bestSize) {
      bestSize = size;
      best = id;
    }
  }
  if (components <= 1) return { mask, components, keptVoxels: total, totalVoxels: total };
  const out = new Uint8Array(d);
  for (let q = 0; q < out.length; q++) if (comp[q] !== 0 && comp[q] !== best) out[q] = 0;
  return { mask: { ...mask, data: out }, components, keptVoxels: bestSize, totalVoxels: total };
}
