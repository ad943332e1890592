import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { sha256 } from '../../core/provenance.js';
import type { Mask } from '../../core/volume.js';
import type { Sanitiser } from '../deidentify/sanitiser.js';
import { parseDicomBytes } from '../mask/dicom-access.js';
import type { Grid } from '../mask/frame-placement.js';
import { readDicomSeg } from '../mask/read-dicom-seg.js';
import { readRtStruct } from '../mask/read-rtstruct.js';
import { rtStructToMask } from '../mask/rtstruct-to-mask.js';
import { importKey, readImported, writeImported } from './image-cache.js';
import { identifyingValues } from './identifying-values.js';
import type { MaskLabelMap } from './mask-label-map.js';
import { formatMaskLabels, labelKey } from './mask-label-map.js';

/** The image a DICOM mask is rasterised on: its grid and its frame of reference when known. */
export interface MaskReference {
  readonly grid: Grid;
  readonly frameOfReferenceUid: () => string | null;
  /** Words naming the image in messages, e.g. "the portal_venous image". */
  readonly name: string;
}

/** A DICOM-SEG or RTSTRUCT mask imported as a NIfTI label map (or why it could not be). */
export type MaskImport =
  | { readonly ok: true; readonly path: string; readonly reused: boolean; readonly labels: Readonly<Record<number, string>>; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

function issuesOf(e: unknown): Issue[] | null {
  return e instanceof HccError && (e.code === 'E_INPUT' || e.code === 'E_IO') ? (e.issues.length ? [...e.issues] : [issueError('bad_dicom', [], e.message)]) : null;
}

const unmapped = (what: string, names: readonly string[], map: MaskLabelMap, source: string): Issue =>
  issueError('unknown_label', [source, what], `${what} ${names.map((n) => JSON.stringify(n)).join(', ')} ${names.length > 1 ? 'are' : 'is'} not in the mask label map (${formatMaskLabels(map)})`, {
    expected: `a mask_labels entry for every ${what} (label 0 leaves one out), names compared case-insensitively`,
    received: names.join(', '),
  });

/** SEG: segment numbers → the map's labels by segment name. */
function segMask(bytes: Uint8Array, source: string, ref: MaskReference, map: MaskLabelMap | null): { mask: Mask; warnings: Issue[] } {
  const seg = readDicomSeg(bytes, { source, referenceGrid: ref.grid });
  const warnings = [...seg.warnings];
  if (!map) {
    warnings.push(issueWarning('inferred_value', [source], `no mask_labels for this mask: labels are the segment numbers (${seg.segments.map((s) => `${s.label}=${s.name}`).join(';')})`, { expected: 'a mask_labels column such as 1=liver;2=tumour' }));
    return { mask: seg.mask, warnings };
  }
  const missing = seg.segments.filter((s) => !map.byName.has(labelKey(s.name))).map((s) => s.name);
  if (missing.length) throw new HccError('E_INPUT', `${source}: segments not in the label map`, { issues: [unmapped('segment', missing, map, source)] });
  const lut = new Uint8Array(256);
  const labels: Record<number, string> = {};
  for (const s of seg.segments) {
    const to = map.byName.get(labelKey(s.name))!;
    lut[s.label] = to;
    if (to > 0) labels[to] = s.name;
  }
  const data = seg.mask.data.map((v) => lut[v]);
  return { mask: { ...seg.mask, data, labels }, warnings };
}

/** RTSTRUCT: every ROI named in the map, rasterised on the reference grid. */
function rtMask(bytes: Uint8Array, source: string, ref: MaskReference, map: MaskLabelMap | null): { mask: Mask; warnings: Issue[] } {
  const rt = readRtStruct(bytes, { source });
  const warnings: Issue[] = [];
  let roiLabels: Record<string, number> | undefined;
  if (map) {
    const missing = rt.rois.map((r) => r.name).filter((n) => !map.byName.has(labelKey(n)));
    if (missing.length) throw new HccError('E_INPUT', `${source}: ROIs not in the label map`, { issues: [unmapped('ROI', missing, map, source)] });
    roiLabels = {};
    for (const r of rt.rois) {
      const label = map.byName.get(labelKey(r.name))!;
      if (label > 0) roiLabels[r.name] = label;
    }
  } else {
    warnings.push(issueWarning('inferred_value', [source], `no mask_labels for this mask: the ROIs are labelled 1, 2, ... in file order (${rt.rois.map((r) => r.name).join(', ')})`, { expected: 'a mask_labels column such as 1=liver;2=tumour' }));
  }
  const r = rtStructToMask(rt, ref.grid, { roiLabels, frameOfReferenceUid: ref.frameOfReferenceUid() ?? undefined, imageSource: ref.name });
  return { mask: r.mask, warnings: [...warnings, ...r.warnings] };
}

/**
 * What a mask's conversion depends on besides the mask and its label map: the reference image's grid
 * and frame of reference, not its voxels. So a mask shared by phases reconstructed on one grid (the
 * usual case: phases registered to one another) is converted once, not once per phase.
 */
function gridKey(ref: MaskReference): string {
  const { shape, spacing, origin, direction } = ref.grid;
  return sha256(JSON.stringify({ shape: [...shape], spacing: [...spacing], origin: [...origin], direction: [...direction], frame: ref.frameOfReferenceUid() }));
}

/**
 * Convert a DICOM-SEG or RTSTRUCT file to a NIfTI label map on the grid of its phase's image,
 * `<cacheDir>/<key>/mask.nii.gz` (key: SHA-256 of the mask file, the label map, and the reference
 * image's grid and frame of reference), unless already there (converted by an earlier run, or for
 * another phase on the same grid). Labels come from `map` matched to segment labels / ROI names
 * (case-insensitively; label 0 leaves a structure out); without a map, SEG keeps its segment numbers
 * and RTSTRUCT numbers its ROIs in file order (a warning each). Failures are coded issues: an ROI or
 * segment missing from the map (`unknown_label`), frames off the image's slices or another frame of
 * reference (`grid_mismatch`), contours off its planes (`contour_off_plane`), an unreadable file
 * (`bad_dicom`). Every issue passes `sanitiser` (after it learned the file's identifying values).
 */
export function importDicomMask(file: string, kind: 'dicom-seg' | 'rtstruct', ref: MaskReference, map: MaskLabelMap | null, cacheDir: string, sanitiser: Sanitiser): MaskImport {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    return { ok: false, issues: [issueError('bad_dicom', [file], `cannot read the mask file: ${(e as Error).message}`)] };
  }
  const key = importKey({ kind, mask: sha256(bytes), labels: map ? map.entries.map((e) => [e.label, labelKey(e.name)]) : null, grid: gridKey(ref) });
  const found = readImported(cacheDir, key, 'mask');
  if (found) return { ok: true, path: found.path, reused: true, labels: (found.sidecar.labels ?? {}) as Record<number, string>, warnings: [] };
  try {
    sanitiser.addSecrets(identifyingValues(parseDicomBytes(bytes, basename(file)).dataSet));
  } catch {
    // unreadable: the reader below reports it
  }
  const source = basename(file);
  let made: { mask: Mask; warnings: Issue[] };
  try {
    made = kind === 'dicom-seg' ? segMask(bytes, source, ref, map) : rtMask(bytes, source, ref, map);
  } catch (e) {
    const issues = issuesOf(e);
    if (!issues) throw e;
    return { ok: false, issues: issues.map((i) => sanitiser.issue(i)) };
  }
  const warnings = made.warnings.map((i) => sanitiser.issue(i));
  const labels = Object.fromEntries(Object.entries(made.mask.labels).map(([k, v]) => [k, sanitiser.text(v)]));
  const { data, shape, spacing, origin, direction, frame } = made.mask;
  const path = writeImported(cacheDir, key, 'mask', { data, shape, spacing, origin, direction, frame }, { source: kind, labels, warnings });
  return { ok: true, path, reused: false, labels, warnings };
}
