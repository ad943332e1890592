import { readFileSync } from 'node:fs';
import { HccError } from '../../core/errors.js';
import type { Issue, IssueCode } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { VolumeGrid } from '../../core/volume.js';
import { parseDicomBytes } from '../dicom/parse-file.js';
import { checkMaskGrid, MASK_GRID_TOLERANCE } from '../mask/mask-grid.js';
import { niftiDatatype } from '../nifti/nifti-datatypes.js';
import { readNifti, readNiftiGrid } from '../nifti/read-nifti.js';
import type { ImagingPathKind } from '../study/imaging-path.js';
import { firstDicomFile } from '../study/imaging-path.js';
import type { PatientIssue } from './validate-rows.js';

/** One image or mask cell of the manifest that passed the path checks. */
export interface ImagingCell {
  /** Absolute path. */
  readonly path: string;
  readonly kind: ImagingPathKind;
  /** Issue path of the cell: [file, 'row', row, column]. */
  readonly where: readonly (string | number)[];
}

/** The checked image and mask cells per phase (index = patient of the patients table; null = none). */
export interface ImagingCells {
  readonly phases: readonly string[];
  readonly image: ReadonlyMap<string, readonly (ImagingCell | null)[]>;
  readonly mask: ReadonlyMap<string, readonly (ImagingCell | null)[]>;
}

/**
 * A NIfTI mask whose voxel data is at most this many bytes is read whole to find out whether it is
 * empty (every voxel 0); a larger one only has its header and length checked (reading e.g. a
 * 512×512×300 int16 mask per patient would make validation take minutes). 32 MiB is a 256×256×256
 * mask of 16-bit labels; the masks of the synthetic cohort are 0.4 MiB.
 */
export const MASK_EMPTINESS_MAX_BYTES = 32 * 2 ** 20;

/** What is known of one NIfTI file: its grid and, for a small mask, whether it is empty; or why it cannot be read. */
type NiftiFacts = { readonly ok: true; readonly grid: VolumeGrid; readonly frames: number; readonly empty: boolean | null } | { readonly ok: false; readonly code: IssueCode; readonly message: string; readonly expected?: string; readonly received?: string };

function problem(e: unknown, path: string): NiftiFacts {
  if (!(e instanceof HccError)) throw e;
  const inner = e.issues[0];
  const strip = (m: string) => (m.startsWith(`${path}: `) ? m.slice(path.length + 2) : m);
  if (!inner) return { ok: false, code: 'bad_nifti', message: strip(e.message) };
  return { ok: false, code: inner.code, message: strip(inner.message), expected: inner.expected, received: inner.received };
}

/** Header, completeness and (small masks) emptiness of a NIfTI file. */
function niftiFacts(path: string, isMask: boolean): NiftiFacts {
  try {
    // An image: header and data length. A mask: the header first, to see whether it is small enough to read whole.
    const g = readNiftiGrid(path, { checkData: !isMask });
    const dt = niftiDatatype(g.header.datatypeCode)!;
    const [nx, ny, nz] = g.grid.shape;
    const dataBytes = nx * ny * nz * g.frames * dt.bytes;
    if (isMask && g.frames === 1 && dataBytes <= MASK_EMPTINESS_MAX_BYTES) {
      // small: read it whole (this checks the gzip stream and the data length too)
      const data = readNifti(path).volume.data;
      let empty = true;
      for (let i = 0; i < data.length; i++) {
        if (data[i] !== 0) {
          empty = false;
          break;
        }
      }
      return { ok: true, grid: g.grid, frames: 1, empty };
    }
    if (isMask) readNiftiGrid(path, { checkData: true }); // a large mask: its header and data length only
    return { ok: true, grid: g.grid, frames: g.frames, empty: null };
  } catch (e) {
    return problem(e, path);
  }
}

/** In-plane size and spacing of a DICOM series folder, from its first file's header; null when it cannot be read (the DICOM import reports that). */
function dicomInPlane(folder: string): { columns: number; rows: number; spacing: readonly [number, number] | null } | null {
  const first = firstDicomFile(folder);
  if (first === null) return null;
  try {
    const h = parseDicomBytes(new Uint8Array(readFileSync(first)), first).header;
    if (!(h.rows > 0 && h.columns > 0)) return null;
    // the series reader's grid: x along columns (spacing PixelSpacing[1]), y along rows (PixelSpacing[0])
    return { columns: h.columns, rows: h.rows, spacing: h.pixelSpacing ? [h.pixelSpacing[1], h.pixelSpacing[0]] : null };
  } catch {
    return null;
  }
}

/**
 * Open the headers of every NIfTI image and mask of the manifest (each file once), before any long
 * work, and report per patient, on the cell that names the file:
 * - a NIfTI file that cannot be read: bad header, unsupported datatype, corrupt or truncated gzip,
 *   voxel data shorter than the header says (`bad_nifti`, ... — the reader's code);
 * - an image with several 3-D frames (`multiple_frames`: the stages read one volume per phase);
 * - a NIfTI mask not on the grid of its own phase's NIfTI image (`grid_mismatch`: shape, spacing,
 *   origin, direction within 0.001 mm / 1e-4, the tolerance the radiomics stage applies);
 * - a NIfTI mask beside a DICOM series image whose in-plane size or pixel spacing (from the first
 *   file's header) differs from the mask's (`grid_mismatch`; the DICOM import checks the whole grid,
 *   slices, origin and direction included, once the series is converted);
 * - a NIfTI mask (up to {@link MASK_EMPTINESS_MAX_BYTES} of voxels) with every voxel 0 (`empty_mask`).
 * All are row errors: the run stops, or with `onInvalidRow: 'skip'` the patient is left out, as for
 * DICOM inputs that cannot be converted. DICOM series, SEG and RTSTRUCT files are left to the DICOM
 * import, which converts and checks them before the imaging stages.
 */
export function checkImagingFiles(cells: ImagingCells, n: number): PatientIssue[] {
  const out: PatientIssue[] = [];
  const facts = new Map<string, NiftiFacts>();
  const factsOf = (path: string, isMask: boolean): NiftiFacts => {
    let f = facts.get(path);
    if (f === undefined) facts.set(path, (f = niftiFacts(path, isMask)));
    return f;
  };
  const planes = new Map<string, ReturnType<typeof dicomInPlane>>();
  const planeOf = (folder: string) => {
    if (!planes.has(folder)) planes.set(folder, dicomInPlane(folder));
    return planes.get(folder)!;
  };
  // one report per patient, file and problem (and grid difference): a mask shared by the phases is reported once
  const reported = new Set<string>();
  const push = (patient: number, cell: ImagingCell, issue: Issue, other = '') => {
    const key = `${patient}\u0000${cell.path}\u0000${issue.code}\u0000${other}`;
    if (reported.has(key)) return;
    reported.add(key);
    out.push({ patient, issue });
  };
  for (const phase of cells.phases) {
    const images = cells.image.get(phase);
    const masks = cells.mask.get(phase);
    for (let i = 0; i < n; i++) {
      const img = images?.[i] ?? null;
      const msk = masks?.[i] ?? null;
      let imageGrid: VolumeGrid | null = null;
      if (img?.kind === 'nifti') {
        const f = factsOf(img.path, false);
        if (!f.ok) push(i, img, issueError(f.code, img.where, `image of the ${phase} phase ${img.path} cannot be read: ${f.message}`, { expected: f.expected ?? 'a readable NIfTI file', received: f.received }));
        else if (f.frames > 1) push(i, img, issueError('multiple_frames', img.where, `image of the ${phase} phase ${img.path} holds ${f.frames} 3-D frames; give one 3-D volume per phase`, { expected: 'a 3-D image', received: `${f.frames} frames` }));
        else imageGrid = f.grid;
      }
      if (msk?.kind !== 'nifti') continue;
      const m = factsOf(msk.path, true);
      if (!m.ok) {
        push(i, msk, issueError(m.code, msk.where, `mask of the ${phase} phase ${msk.path} cannot be read: ${m.message}`, { expected: m.expected ?? 'a readable NIfTI file', received: m.received }));
        continue;
      }
      if (m.frames > 1) push(i, msk, issueError('multiple_frames', msk.where, `mask of the ${phase} phase ${msk.path} holds ${m.frames} 3-D frames; give one 3-D label map`, { expected: 'a 3-D label map', received: `${m.frames} frames` }));
      if (m.empty === true) push(i, msk, issueError('empty_mask', msk.where, `mask of the ${phase} phase ${msk.path} is empty: every voxel is 0`, { expected: 'a label map with the tumour labelled', received: 'all voxels 0' }));
      if (imageGrid !== null && img !== null) {
        const diff = checkMaskGrid(imageGrid, m.grid, { imageSource: img.path, maskSource: msk.path });
        if (diff) push(i, msk, { ...diff, path: msk.where, message: `mask of the ${phase} phase ${msk.path} is not on the grid of its image ${img.path}: ${diff.received}` }, diff.received);
      } else if (img?.kind === 'dicom-series') {
        const p = planeOf(img.path);
        if (p === null) continue;
        const [mx, my] = m.grid.shape;
        const tol = MASK_GRID_TOLERANCE.toleranceMm;
        const spacingOff = p.spacing !== null && (Math.abs(p.spacing[0] - m.grid.spacing[0]) * (p.columns - 1) > tol || Math.abs(p.spacing[1] - m.grid.spacing[1]) * (p.rows - 1) > tol);
        if (mx !== p.columns || my !== p.rows || spacingOff) {
          const mm = (x: number) => String(Number(x.toPrecision(6))); // float32 NIfTI spacing without its noise
          const found = `mask ${mx} x ${my} voxels of ${mm(m.grid.spacing[0])} x ${mm(m.grid.spacing[1])} mm; series ${p.columns} x ${p.rows} (columns x rows)${p.spacing ? ` of ${mm(p.spacing[0])} x ${mm(p.spacing[1])} mm` : ''}`;
          push(i, msk, issueError('grid_mismatch', msk.where, `mask of the ${phase} phase ${msk.path} is not on the grid of its DICOM series ${img.path}: ${found}`, { expected: 'the in-plane size and pixel spacing of the series (resample the mask with nearest neighbour or export it on the image grid)', received: found }), found);
        }
      }
    }
  }
  return out;
}
