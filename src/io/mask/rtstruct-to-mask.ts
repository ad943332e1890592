import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Mask } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import type { Grid } from './frame-placement.js';
import { rasterisePlanarContours } from './rasterise-contours.js';
import type { RtStructureSet } from './read-rtstruct.js';

/** Options for {@link rtStructToMask}. */
export interface RtStructToMaskOptions {
  /**
   * ROI name → label value (1..255), e.g. `{ Liver: 1, GTV: 2 }`; names match case-insensitively after
   * trimming. Default: every ROI with CLOSED_PLANAR contours, labelled 1, 2, … in file order.
   */
  readonly roiLabels?: Readonly<Record<string, number>>;
  /** When given, every selected ROI must reference this FrameOfReferenceUID (the image's). */
  readonly frameOfReferenceUid?: string;
  /** Plane tolerance in mm, see `rasterisePlanarContours` (default a quarter of the slice spacing). */
  readonly toleranceMm?: number;
  /** Name of the image the grid came from, used in messages. */
  readonly imageSource?: string;
}

/** Per-ROI outcome of {@link rtStructToMask}. */
export interface RtRoiRaster {
  readonly name: string;
  readonly label: number;
  readonly contours: number;
  readonly contoursUsed: number;
  readonly voxels: number;
  readonly slices: readonly number[];
}

/** Mask plus what was rasterised and any warnings. */
export interface RtStructMaskResult {
  readonly mask: Mask;
  readonly rois: readonly RtRoiRaster[];
  /** Voxels inside more than one selected ROI (the higher label wins). */
  readonly overlapVoxels: number;
  readonly warnings: readonly Issue[];
}

/**
 * Rasterise the CLOSED_PLANAR contours of selected ROIs of a structure set onto an image grid,
 * one label per ROI (even-odd fill at voxel centres per slice, see `rasterisePlanarContours`).
 * ROIs are painted in ascending label order, so where they overlap the higher label wins (give the
 * tumour a higher label than the liver). POINT / OPEN_* contours are ignored with a warning.
 * Errors (thrown as `HccError` `E_INPUT`, issues naming the structure-set file and ROI): a requested
 * ROI that is absent (`unknown_label`), a frame of reference different from the image's
 * (`grid_mismatch`), contours off the image's slice planes (`contour_off_plane`).
 */
export function rtStructToMask(rt: RtStructureSet, grid: Grid, options: RtStructToMaskOptions = {}): RtStructMaskResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [...rt.warnings];
  const key = (s: string): string => s.trim().toLowerCase();
  let selected: { roi: RtStructureSet['rois'][number]; label: number }[];
  if (options.roiLabels) {
    selected = [];
    for (const [name, label] of Object.entries(options.roiLabels)) {
      const roi = rt.rois.find((r) => key(r.name) === key(name));
      if (!Number.isInteger(label) || label < 1 || label > 255) errors.push(issueError('bad_option', ['roiLabels', name], `label ${label} cannot be stored in a mask`, { expected: 'an integer 1..255', received: String(label) }));
      else if (!roi) errors.push(issueError('unknown_label', [rt.source, 'ROI', name], `ROI "${name}" is not in the structure set`, { expected: `one of ${rt.rois.map((r) => JSON.stringify(r.name)).join(', ')}`, received: name }));
      else selected.push({ roi, label });
    }
  } else {
    selected = rt.rois.filter((r) => r.contours.some((c) => c.geometricType === 'CLOSED_PLANAR')).map((roi, n) => ({ roi, label: n + 1 }));
  }
  if (selected.length === 0 && errors.length === 0) errors.push(issueError('empty_data', [rt.source], 'no ROI with CLOSED_PLANAR contours to rasterise'));
  for (const { roi } of selected) {
    const ref = roi.referencedFrameOfReferenceUid;
    if (options.frameOfReferenceUid && ref && ref !== options.frameOfReferenceUid) {
      errors.push(issueError('grid_mismatch', [rt.source, 'ROI', roi.name, 'ReferencedFrameOfReferenceUID'], `ROI "${roi.name}" was drawn in another frame of reference than image ${options.imageSource ?? ''}`.trim(), { expected: options.frameOfReferenceUid, received: ref }));
    }
  }
  const [nx, ny, nz] = grid.shape;
  const data = new Uint8Array(nx * ny * nz);
  const rois: RtRoiRaster[] = [];
  let overlap = 0;
  // Voxels each ROI shares with a lower-label ROI painted before it: pairs.get(higher)?.get(lower).
  const pairs = new Map<number, Map<number, number>>();
  for (const { roi, label } of [...selected].sort((a, b) => a.label - b.label)) {
    const closed = roi.contours.filter((c) => c.geometricType === 'CLOSED_PLANAR');
    if (closed.length < roi.contours.length) warnings.push(issueWarning('inferred_value', [rt.source, 'ROI', roi.name], `${roi.contours.length - closed.length} non-CLOSED_PLANAR contour(s) ignored`));
    const r = rasterisePlanarContours(closed.map((c) => c.points), grid, { toleranceMm: options.toleranceMm, path: [rt.source, 'ROI', roi.name] });
    for (const i of r.issues) (i.severity === 'error' ? errors : warnings).push({ ...i, message: `ROI "${roi.name}": ${i.message}` });
    let voxels = 0;
    for (let n = 0; n < data.length; n++) {
      if (r.data[n] === 0) continue;
      voxels++;
      if (data[n] !== 0 && data[n] !== label) {
        overlap++;
        const m = pairs.get(label) ?? new Map<number, number>();
        m.set(data[n], (m.get(data[n]) ?? 0) + 1);
        pairs.set(label, m);
      }
      data[n] = label;
    }
    rois.push({ name: roi.name, label, contours: roi.contours.length, contoursUsed: r.contoursUsed, voxels, slices: r.slices });
  }
  if (errors.length) {
    throw new HccError('E_INPUT', `${rt.source}: cannot rasterise onto ${options.imageSource ?? 'the image grid'}: ${errors.map((e) => e.message).join('; ')}`, { issues: errors });
  }
  warnings.push(...overlapWarnings(rt.source, rois, pairs, data));
  const labels: Record<number, string> = {};
  for (const r of rois) labels[r.label] = r.name;
  const volume = makeVolume({ data, shape: grid.shape, spacing: grid.spacing, origin: grid.origin, direction: grid.direction }, rt.source);
  return { mask: { ...volume, labels }, rois, overlapVoxels: overlap, warnings };
}

/** Share of a higher-label ROI inside a lower-label one above which it counts as drawn within it (a tumour within the liver contour). */
export const NESTED_SHARE = 0.9;

/**
 * Warnings about overlapping ROIs, painted in ascending label order. A higher-label ROI lying (at least
 * {@link NESTED_SHARE}) within a lower-label one is the usual drawing — a tumour inside the liver
 * contour, the higher label kept — and gives none. A lower-label ROI left with no voxel of its own is
 * lost (a liver labelled above the tumour it encloses): one warning naming both. Any other overlap:
 * one warning per pair with its voxel count.
 */
function overlapWarnings(source: string, rois: readonly RtRoiRaster[], pairs: ReadonlyMap<number, ReadonlyMap<number, number>>, data: Uint8Array): Issue[] {
  const out: Issue[] = [];
  if (pairs.size === 0) return out;
  const kept = new Map<number, number>();
  for (const v of data) if (v) kept.set(v, (kept.get(v) ?? 0) + 1);
  const byLabel = new Map(rois.map((r) => [r.label, r]));
  for (const [higher, lowers] of pairs) {
    const h = byLabel.get(higher)!;
    for (const [lower, shared] of lowers) {
      const l = byLabel.get(lower)!;
      if ((kept.get(lower) ?? 0) === 0) {
        out.push(issueWarning('inferred_value', [source, 'ROI', l.name], `ROI "${l.name}" (label ${lower}) is entirely covered by ROI "${h.name}" (label ${higher}), painted over it: no voxel keeps label ${lower}`, { expected: `the inner structure given the higher label (e.g. mask_labels ${higher}=${l.name.trim()};${lower}=${h.name.trim()})`, received: `${shared} shared voxel(s)` }));
      } else if (shared < NESTED_SHARE * h.voxels) {
        out.push(issueWarning('inferred_value', [source, 'ROI', h.name], `ROI "${h.name}" (label ${higher}) and ROI "${l.name}" (label ${lower}) share ${shared} voxel(s) without one lying within the other; the higher label was kept there`));
      }
    }
  }
  return out;
}
