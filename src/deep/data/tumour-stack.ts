import { z } from 'zod';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Mask, Volume } from '../../core/volume.js';
import type { VoxelBox } from '../../preprocess/index.js';
import { cropAroundMask, dilateRegionMm, largestComponent, windowHu } from '../../preprocess/index.js';

/**
 * How a 2.5-D tumour stack is cut from CT phases (zod; recorded with datasets and checkpoints).
 * Defaults: 64 × 64 pixels, 3 adjacent slices, liver window [−100, 240] HU mapped to [0, 1].
 */
export const tumourStackSpecSchema = z.object({
  /** Phase names, in channel order (e.g. arterial, portal, delayed). */
  phases: z.array(z.string().min(1)).min(1).default(['arterial', 'portal', 'delayed']),
  /** Mask labels that form the tumour (default: 2, the synthetic cohort's tumour label). */
  labels: z.array(z.number().int().min(1).max(255)).min(1).default([2]),
  /** In-plane size [height (rows = j), width (columns = i)] in voxels. */
  size: z.tuple([z.number().int().min(8), z.number().int().min(8)]).default([64, 64]),
  /**
   * Which tumour the stack is cut around. 'largest': the largest 26-connected component of `labels`,
   * the index lesion (its mask channel, context and spread slices too; other lesions are left out of
   * the tumour mask). 'all': the bounding box of every voxel of `labels`, which for a multifocal
   * tumour can be centred between the lesions, on slices with no tumour at all (so it was for 49 of
   * the 859 demo patients, 19 with no tumour on any of the 3 slices; the default until 2026-11-27).
   */
  lesion: z.enum(['largest', 'all']).default('largest'),
  /** Adjacent slices (odd), centred on the tumour's central slice. */
  slices: z.number().int().min(1).refine((s) => s % 2 === 1, { message: 'slices must be odd' }).default(3),
  /**
   * More slices, spread evenly over the tumour's whole extent (its first to its last slice; repeated
   * when the tumour has fewer), appended after the adjacent ones with the same channels. 0 = none. A
   * member's trunk keeps to the adjacent slices; its region statistics read these too, so they
   * describe the whole tumour rather than its middle.
   */
  spreadSlices: z.number().int().min(0).max(32).default(0),
  /**
   * Views per patient (odd; 1 = one stack, the default). With V > 1 the stack is cut V times, its
   * adjacent slices centred at V levels spread evenly over the central `viewSpread` share of the index
   * lesion's extent (view 0 is the usual central stack, then the others by distance from it). Training
   * draws one view per patient and epoch; prediction averages the views' scores, so the score describes
   * the tumour over its extent rather than its middle slices only (slice-level training with patient-level
   * aggregation, usual in 2.5-D medical imaging).
   */
  views: z.number().int().min(1).max(15).refine((v) => v % 2 === 1, { message: 'views must be odd' }).default(1),
  /** Share of the index lesion's extent (first to last slice) over which the views' centres are spread. */
  viewSpread: z.number().min(0).max(1).default(0.6),
  windowHu: z.tuple([z.number().finite(), z.number().finite()]).refine(([a, b]) => a < b, { message: 'window must be [low, high] with low < high' }).default([-100, 240]),
  /** Value outside the CT grid before windowing (air). */
  fillHu: z.number().finite().default(-1000),
  /**
   * Append the tumour mask as one more channel per slice (1 inside the tumour, 0 outside), after the
   * phases: channel = slice·(phases + 1) + p, the mask at p = phases. Tells the network where the
   * tumour is, whatever its size.
   */
  maskChannel: z.boolean().default(false),
  /**
   * Keep only voxels within this many mm of the tumour (3-D, spacing-aware, within the stack's
   * slices); farther voxels are set to the window's low end (0 after scaling). null keeps the whole
   * crop. 10 mm keeps the tumour, its margin and a peritumoral rim.
   */
  contextMm: z.number().min(0).max(200).nullable().default(null),
  /**
   * HU written where `contextMm` blanks the image (before windowing). null = the window's low end (0
   * after scaling); a soft-tissue value (e.g. 60 HU) avoids a strong artificial edge at the context
   * boundary that a network (and its Grad-CAM) could latch onto.
   */
  contextFillHu: z.number().finite().nullable().default(null),
  /**
   * How the in-plane box is chosen. 'native': `size` voxels at the CT's own spacing, centred on the
   * tumour (a large tumour is cut off, a small one is a few pixels). 'tumour': the smallest square (in
   * mm) holding the tumour's bounding box and `fitMarginMm` around it, cut at native spacing and
   * resampled bilinearly to `size`, so every tumour fills the stack and its texture, margin and rim
   * are seen at the same relative scale. Slices stay native in both.
   */
  fit: z.enum(['native', 'tumour']).default('native'),
  /** Margin (mm) around the tumour's bounding box kept by fit 'tumour'. */
  fitMarginMm: z.number().min(0).max(100).default(10),
  /**
   * Per-phase intensity reference (null = off): before windowing, each phase is shifted and scaled so
   * that the voxels of these mask labels (e.g. [1], the liver parenchyma; tumour labels are never
   * counted) have mean `hu` and standard deviation `sdHu`. Removes the scanner's HU offset, contrast
   * timing and noise level, so relative enhancement (APHE, a peritumoral rim) and texture against the
   * patient's own liver are comparable across centres.
   */
  reference: z
    .object({ labels: z.array(z.number().int().min(1).max(255)).min(1), hu: z.number().finite().default(100), sdHu: z.number().positive().default(20) })
    .nullable()
    .default(null),
});

/** Channels of one stack slice: the phases, plus the mask channel when on. */
export function channelsPerSlice(spec: Pick<TumourStackSpec, 'phases' | 'maskChannel'>): number {
  return spec.phases.length + (spec.maskChannel ? 1 : 0);
}
export type TumourStackSpec = z.output<typeof tumourStackSpecSchema>;
export type TumourStackSpecInput = z.input<typeof tumourStackSpecSchema>;

/** Where a stack came from on the CT grid: the inverse map used to put Grad-CAM maps back. */
export interface StackPlacement {
  /** Voxel box on the CT grid: start (may be negative) and size [width, height, slices] along i, j, k. */
  readonly box: VoxelBox;
  /** Tumour bounding box (selected labels) on the CT grid. */
  readonly labelBox: VoxelBox;
  /** CT grid geometry (shape, spacing, origin, direction) the box refers to. */
  readonly grid: Pick<Volume, 'shape' | 'spacing' | 'origin' | 'direction'>;
}

/** One sample: [height, width, slices × phases] NHWC block (channel = slice·phases + phase). */
export interface TumourStack {
  /** `views` blocks of height × width × channels, one after the other (view 0 = the central stack). */
  readonly data: Float32Array;
  /** Number of views (blocks in `data`). */
  readonly views: number;
  /** Slice offset of each view's centre from the central stack's (view 0: 0). */
  readonly viewShifts: readonly number[];
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly placement: StackPlacement;
  /** Tumour mask of the central slice on the stack grid (height × width), for Grad-CAM scoring. */
  readonly centreMask: Uint8Array;
  readonly warnings: readonly Issue[];
}

/**
 * Cut one tumour-centred 2.5-D stack from co-registered phase volumes and a tumour mask on the same
 * grid: preprocess's `cropAroundMask` (box of `size` × `slices` voxels centred on the tumour's bounding
 * box, outside the grid = `fillHu`), `windowHu`, then v ↦ (v − low)/(high − low) ∈ [0, 1] (a fixed-window
 * scaling written here, since preprocess's min-max `normalise` uses the data's own range). Row y of the
 * stack is CT index j = box.start[1] + y and column x is i = box.start[0] + x; channel s·P + p holds slice
 * k = box.start[2] + s of phase p. Resample phases to a common isotropic in-plane spacing upstream.
 * @throws HccError `E_INPUT` (`unknown_phase`, `grid_mismatch`, `empty_mask`).
 */
export function tumourStack(phases: Readonly<Record<string, Volume>>, mask: Mask, specInput: TumourStackSpecInput = {}): TumourStack {
  const spec = tumourStackSpecSchema.parse(specInput);
  const missing = spec.phases.filter((p) => !(p in phases));
  if (missing.length) throw new HccError('E_INPUT', `tumourStack: phase(s) ${missing.join(', ')} missing`, { issues: missing.map((p) => issueError('unknown_phase', ['phases', p], `phase "${p}" is missing`, { expected: spec.phases.join(', '), received: Object.keys(phases).join(', ') })) });
  const [H, W] = spec.size;
  const S = spec.slices;
  const K = spec.spreadSlices;
  const ST = S + K;
  // Native box [bw, bh]: the stack itself ('native') or the tumour-fitted square, resampled to [W, H].
  // The index lesion (or every tumour voxel): what the box is centred on and the mask channel shows.
  const lesion = spec.lesion === 'largest' ? largestComponent(mask, spec.labels).mask : mask;
  const [bw, bh] = spec.fit === 'tumour' ? fittedBox(phases[spec.phases[0]], lesion, spec) : [W, H];
  const P = spec.phases.length;
  const CP = channelsPerSlice(spec);
  const [lo, hi] = spec.windowHu;
  const want = new Set(spec.labels);
  // Views: the adjacent slices re-centred at `shifts` (slices from the central stack); the crop is
  // `m` slices deeper on each side so every view is cut from it (m = 0 with one view).
  const shifts = spec.views > 1 ? viewShifts(spec.views, spec.viewSpread, lesionDepth(lesion, want)) : [0];
  const m = Math.max(0, ...shifts.map(Math.abs));
  const D = S + 2 * m;
  const V = shifts.length;
  const per = bw * bh * ST * CP;
  const data = new Float32Array(V * per);
  let tumour = new Uint8Array(0);
  let keep: Uint8Array | null = null;
  const warnings: Issue[] = [];
  let placement: StackPlacement | null = null;
  let centreMask = new Uint8Array(bw * bh);
  // Spread slices: which slices of the crop over the tumour's whole extent are kept, their tumour and context.
  let spread: { picks: number[]; tumour: Uint8Array; keep: Uint8Array | null } | null = null;
  /** Write slice `k` of a [bw, bh, ·] volume into view `w`'s stack slice `s`, channel `c`. */
  const put = (values: ArrayLike<number>, k: number, w: number, s: number, c: number, value: (v: number, q: number) => number) => {
    const base = w * per;
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        const q = x + bw * (y + bh * k);
        data[base + (y * bw + x) * ST * CP + s * CP + c] = value(values[q], q);
      }
    }
  };
  spec.phases.forEach((name, p) => {
    const v = phases[name];
    const crop = cropAroundMask(v, lesion, { labels: spec.labels, sizeVoxels: [bw, bh, D], fillValue: spec.fillHu, marginMm: 0 });
    const full = K > 0 ? cropAroundMask(v, lesion, { labels: spec.labels, sizeVoxels: [bw, bh, crop.value.labelBox.size[2]], fillValue: spec.fillHu, marginMm: 0 }).value : null;
    if (p === 0) {
      // A 2.5-D stack takes a few central slices by design: only a tumour wider than the in-plane box
      // (its edges cut off) is worth a warning, not one taller than the stack (every patient's).
      const lb = crop.value.labelBox.size;
      if (lb[0] > bw || lb[1] > bh) {
        warnings.push(issueWarning('out_of_range', ['size'], `the tumour spans ${lb[0]} × ${lb[1]} voxels in-plane, more than the stack's ${bw} × ${bh}; its edges are cut off (a larger size or fit 'tumour' keeps it whole)`, { expected: `<= ${bw} × ${bh}`, received: `${lb[0]} × ${lb[1]}` }));
      }
      const b = crop.value.box;
      placement = { box: { start: [b.start[0], b.start[1], b.start[2] + m], size: [b.size[0], b.size[1], S] }, labelBox: crop.value.labelBox, grid: { shape: v.shape, spacing: v.spacing, origin: v.origin, direction: v.direction } };
      const md = crop.value.mask.data;
      const k0 = (S - 1) >> 1;
      tumour = new Uint8Array(md.length);
      for (let q = 0; q < md.length; q++) tumour[q] = want.has(md[q]) ? 1 : 0;
      centreMask = tumour.slice(bw * bh * (m + k0), bw * bh * (m + k0 + 1));
      if (spec.contextMm !== null) keep = withinMm(tumour, [bw, bh, D], v.spacing, spec.contextMm);
      if (full) {
        const depth = full.box.size[2];
        const t = Uint8Array.from(full.mask.data, (l) => (want.has(l) ? 1 : 0));
        const picks = Array.from({ length: K }, (_, k) => (K === 1 ? (depth - 1) >> 1 : Math.round((k * (depth - 1)) / (K - 1))));
        spread = { picks, tumour: t, keep: spec.contextMm !== null ? withinMm(t, [bw, bh, depth], v.spacing, spec.contextMm) : null };
      }
    }
    const ref = spec.reference ? referenceScale(v, mask, spec.reference, want, name) : null;
    const windowed = (img: Volume) => windowHu(ref ? { ...img, data: Float32Array.from(img.data, (x) => ref.hu + ref.scale * (x - ref.mean)) } : img, { lowerHu: lo, upperHu: hi }).value.data;
    const scale = 1 / (hi - lo);
    const blank = spec.contextFillHu === null ? 0 : (Math.min(hi, Math.max(lo, spec.contextFillHu)) - lo) * scale;
    const scaled = (kept: Uint8Array | null) => (w: number, q: number) => (kept && !kept[q] ? blank : (w - lo) * scale);
    const win = windowed(crop.value.image);
    for (let w = 0; w < V; w++) for (let s = 0; s < S; s++) put(win, m + shifts[w] + s, w, s, p, scaled(keep));
    if (full && spread) {
      const sp: { picks: number[]; keep: Uint8Array | null } = spread;
      const fw = windowed(full.image);
      for (let w = 0; w < V; w++) sp.picks.forEach((k, e) => put(fw, k, w, S + e, p, scaled(sp.keep)));
    }
  });
  if (spec.maskChannel) {
    for (let w = 0; w < V; w++) for (let s = 0; s < S; s++) put(tumour, m + shifts[w] + s, w, s, P, (t) => t);
    const sp = spread as { picks: number[]; tumour: Uint8Array } | null;
    if (sp) for (let w = 0; w < V; w++) sp.picks.forEach((k, e) => put(sp.tumour, k, w, S + e, P, (t) => t));
  }
  const native = bw === W && bh === H;
  let out = data;
  if (!native) {
    const outPer = H * W * ST * CP;
    out = new Float32Array(V * outPer);
    for (let w = 0; w < V; w++) out.set(resizeBilinear(data.subarray(w * per, (w + 1) * per), bh, bw, ST * CP, H, W), w * outPer);
  }
  const centre = native ? centreMask : thresholdHalf(resizeBilinear(Float32Array.from(centreMask), bh, bw, 1, H, W));
  return { data: out, views: V, viewShifts: shifts, height: H, width: W, channels: ST * CP, placement: placement as unknown as StackPlacement, centreMask: centre, warnings };
}

/** Number of slices (along k) from the first to the last voxel with one of the `labels`; 0 when none. */
function lesionDepth(mask: Mask, labels: ReadonlySet<number>): number {
  const [nx, ny, nz] = mask.shape;
  const plane = nx * ny;
  let first = -1;
  let last = -1;
  const d = mask.data;
  for (let k = 0; k < nz; k++) {
    for (let q = k * plane, e = q + plane; q < e; q++) {
      if (labels.has(d[q])) {
        if (first < 0) first = k;
        last = k;
        break;
      }
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

/**
 * Slice offsets of `views` (odd) view centres spread evenly over the central `spread` share of a lesion
 * `depth` slices deep, rounded; the central view (0) first, then the others by distance from it
 * (the one below before the one above). One view gives [0].
 */
export function viewShifts(views: number, spread: number, depth: number): number[] {
  if (views <= 1) return [0];
  const a = (spread * Math.max(0, depth - 1)) / 2;
  const h = (views - 1) / 2;
  const out = [0];
  for (let j = 1; j <= h; j++) {
    const d = Math.round((a * j) / h);
    out.push(d === 0 ? 0 : -d, d);
  }
  return out;
}

/**
 * Mean and SD of one phase over the reference-label voxels (tumour labels excluded), as the affine map
 * v ↦ hu + scale·(v − mean) with scale = sdHu / SD.
 * @throws HccError `E_INPUT` (`empty_mask`) when no reference voxel (or a constant one) is found.
 */
function referenceScale(phase: Volume, mask: Mask, ref: { labels: readonly number[]; hu: number; sdHu: number }, tumour: ReadonlySet<number>, name: string): { mean: number; scale: number; hu: number } {
  const use = new Uint8Array(256);
  for (const l of ref.labels) if (!tumour.has(l)) use[l] = 1;
  const m = mask.data;
  const v = phase.data;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < m.length; i++) {
    if (!use[m[i]]) continue;
    const x = v[i];
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  if (!(sd > 0)) throw new HccError('E_INPUT', `tumourStack: phase "${name}" has ${n} reference voxel(s) (labels ${ref.labels.join(', ')}) with SD ${sd}: cannot normalise to the reference`, { issues: [issueError('empty_mask', ['reference', 'labels'], `no usable reference region (labels ${ref.labels.join(', ')}) in phase "${name}"`, { expected: 'at least 2 voxels of the reference labels with varying HU', received: `${n} voxels` })] });
  return { mean, scale: ref.sdHu / sd, hu: ref.hu };
}

/**
 * In-plane size [along i, along j] in voxels of the tumour-fitted box: the tumour's bounding box
 * (selected labels, all slices) plus `fitMarginMm` on each side, made square in mm.
 */
function fittedBox(phase: Volume, mask: Mask, spec: TumourStackSpec): [number, number] {
  const { labelBox } = cropAroundMask(phase, mask, { labels: spec.labels, marginMm: 0 }).value;
  const [sx, sy] = mask.spacing;
  const sideMm = Math.max(labelBox.size[0] * sx, labelBox.size[1] * sy) + 2 * spec.fitMarginMm;
  return [Math.max(2, Math.ceil(sideMm / sx - 1e-9)), Math.max(2, Math.ceil(sideMm / sy - 1e-9))];
}

/**
 * Bilinear resize of an interleaved [h, w, c] image to [H, W, c]; pixel centres are aligned
 * (output (x + 0.5)·w/W − 0.5 in input pixels, clamped at the edges). Used both ways: a fitted box
 * onto the stack, and a stack-sized Grad-CAM map back onto its box.
 */
export function resizeBilinear(src: Float32Array, h: number, w: number, c: number, H: number, W: number): Float32Array {
  const out = new Float32Array(H * W * c);
  for (let y = 0; y < H; y++) {
    const v = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / H - 0.5));
    const y0 = Math.floor(v), y1 = Math.min(h - 1, y0 + 1), fy = v - y0;
    for (let x = 0; x < W; x++) {
      const u = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / W - 0.5));
      const x0 = Math.floor(u), x1 = Math.min(w - 1, x0 + 1), fx = u - x0;
      const a = (y0 * w + x0) * c, b = (y0 * w + x1) * c, d = (y1 * w + x0) * c, e = (y1 * w + x1) * c, o = (y * W + x) * c;
      for (let k = 0; k < c; k++) out[o + k] = (1 - fy) * ((1 - fx) * src[a + k] + fx * src[b + k]) + fy * ((1 - fx) * src[d + k] + fx * src[e + k]);
    }
  }
  return out;
}

function thresholdHalf(v: Float32Array): Uint8Array {
  const m = new Uint8Array(v.length);
  for (let q = 0; q < v.length; q++) m[q] = v[q] >= 0.5 ? 1 : 0;
  return m;
}

/** Voxels within `mm` of the region (the region itself included), on a [nx, ny, nz] grid. */
function withinMm(region: Uint8Array, shape: readonly [number, number, number], spacing: readonly number[], mm: number): Uint8Array {
  if (mm === 0) return region;
  const dilated = dilateRegionMm(region, shape, spacing, mm);
  for (let q = 0; q < region.length; q++) if (region[q]) dilated[q] = 1;
  return dilated;
}
