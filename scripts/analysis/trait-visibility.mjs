// Are the synthetic imaging traits visible in the rendered CT? Per patient: SD of the viable tumour HU
// (arterial; interior voxels with portal HU > 50), mean arterial HU of the one-voxel ring outside the
// tumour minus the liver far from it, with the traits from the truth file (analysis only; the pipeline
// never reads it). Usage (after npm run build): node scripts/analysis/trait-visibility.mjs COHORT_DIR [N] [all|centralK|spanK] > vis.csv
// (centralK, K odd, e.g. central3: only the K slices a K-slice 2.5-D stack holds, centred as tumourStack
// centres them on the tumour's bounding box; spanK, K >= 1: K slices spread evenly over the tumour's
// extent, as stack.spreadSlices picks them. The liver reference is taken from every slice.)
// then e.g. in R: cor(d$heterogeneity, d$viable_sd, method = "spearman"); survival::concordance(rim ~ ring_minus_liver, d)
import { readNifti } from '../../dist/io/index.js';
import fs from 'node:fs';
const dir = process.argv[2]; const N = Number(process.argv[3] ?? 200); const slices = process.argv[4] ?? 'all';
const K = slices === 'all' ? 0 : Number(/^(?:central|span)(\d+)$/.exec(slices)?.[1] ?? NaN);
if (slices !== 'all' && !(K >= 1 && (slices.startsWith('span') || K % 2 === 1))) throw new Error(`slices must be all, centralK (K odd) or spanK (K >= 1), got ${slices}`);
const man = fs.readFileSync(`${dir}/manifest.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const orc = Object.fromEntries(fs.readFileSync(`${dir}/oracle.csv`, 'utf8').trim().split('\n').slice(1).map((l) => { const c = l.split(','); return [c[0], c]; }));
const out = ['patient_id,centre,heterogeneity,rim,aphe_absent,necrosis,viable_sd,n_viable,ring_minus_liver,tumour_art_minus_liver,nvox'];
for (const r of man.slice(0, N)) {
  const [id, centre] = r;
  const art = readNifti(`${dir}/${r[3]}`).volume; const pv = readNifti(`${dir}/${r[4]}`).volume; const mask = readNifti(`${dir}/${r[11]}`).volume;
  const [nx, ny, nz] = art.shape; const a = art.data, m = mask.data;
  // viable tumour voxels: tumour label, not deep inside (exclude boundary voxels), HU in PV > 45 (exclude necrosis ~28)
  const isT = (i) => m[i] === 2;
  // the tumour's slice extent [lo, hi], as tumourStack's crop sees it
  let lo = nz, hi = -1;
  for (let z = 0; z < nz; z++) for (let q = 0; q < nx * ny; q++) if (m[q + nx * ny * z] === 2) { lo = Math.min(lo, z); hi = Math.max(hi, z); break; }
  let keep = null; // the slices whose tumour and ring voxels are measured (null = all)
  if (slices.startsWith('central')) {
    const start = lo + Math.floor((hi - lo + 1 - K) / 2); // cropAroundMask's box start for K slices
    keep = new Set(Array.from({ length: K }, (_, k) => start + k));
  } else if (slices.startsWith('span')) {
    const depth = hi - lo + 1;
    keep = new Set(Array.from({ length: K }, (_, k) => lo + (K === 1 ? (depth - 1) >> 1 : Math.round((k * (depth - 1)) / (K - 1)))));
  }
  const vals = []; const ring = []; const liver = []; let nvox = 0;
  for (let z = 1; z < nz - 1; z++) for (let y = 1; y < ny - 1; y++) for (let x = 1; x < nx - 1; x++) {
    const i = x + nx * (y + ny * z);
    const nb = [i - 1, i + 1, i - nx, i + nx, i - nx * ny, i + nx * ny];
    const measured = !keep || keep.has(z);
    if (isT(i)) { if (!measured) continue; nvox++; if (nb.every(isT) && pv.data[i] > 50) vals.push(a[i]); }
    else if (m[i] === 1) { if (nb.some(isT)) { if (measured) ring.push(a[i]); } else { let far = true; for (let d = -3; d <= 3 && far; d++) for (let e = -3; e <= 3 && far; e++) { const j = (x + d) + nx * ((y + e) + ny * z); if (x + d >= 0 && x + d < nx && y + e >= 0 && y + e < ny && m[j] === 2) far = false; } if (far) liver.push(a[i]); } }
  }
  const mean = (v) => v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  const sd = (v) => { const mu = mean(v); return Math.sqrt(mean(v.map((x) => (x - mu) ** 2))); };
  const o = orc[id];
  out.push([id, centre, o[17], o[14], o[12], o[16], sd(vals).toFixed(2), vals.length, (mean(ring) - mean(liver)).toFixed(2), (mean(vals) - mean(liver)).toFixed(2), nvox].join(','));
}
process.stdout.write(out.join('\n') + '\n');
