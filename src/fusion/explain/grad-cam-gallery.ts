import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';

/** Per-patient numbers shown with (and used to choose) the Grad-CAM images. */
export interface GalleryPatientScore {
  readonly id: string;
  /** Predicted risk (e.g. the Ensemble-DL score); drives the highest / lowest selection. */
  readonly risk?: number | null;
  /** Fraction of the CAM mass inside the tumour (`camGridScore`). */
  readonly tumourMass?: number | null;
  /** Cohort split; with `GradCamGalleryOptions.cohort` only that split is considered. */
  readonly cohort?: string | null;
}

/** Options of `gradCamGallery`. */
export interface GradCamGalleryOptions {
  /** Folder with `<id>_gradcam_k<k>.png` files (`mmf gradcam`). */
  readonly dir: string;
  readonly scores?: readonly GalleryPatientScore[];
  /** Maximum number of patients (default 6). */
  readonly maxPatients?: number;
  /** Only patients of this cohort (needs `scores`), e.g. `external_test`. */
  readonly cohort?: string;
  /** Skip PNG files larger than this (bytes, default 2 MiB) so the HTML stays reasonable. */
  readonly maxBytes?: number;
  /** Member whose maps are shown (default: the name of `dir`, which `writeGradCamOutputs` names after the member). */
  readonly member?: string;
  /**
   * What `scores[].risk` is, for the captions (default "Ensemble-DL OS score": the study passes the
   * ensemble's OS output, the same for every member and the input of the imaging Cox model).
   */
  readonly scoreLabel?: string;
}

/** One image of the gallery. */
export interface GalleryItem {
  readonly id: string;
  /** `highest risk` / `lowest risk` / `listed`. */
  readonly role: 'highest risk' | 'lowest risk' | 'listed';
  readonly risk: number | null;
  readonly tumourMass: number | null;
  /** Axial CT slice index k of the shown image: the centre of the slices of the member's input stack. */
  readonly slice: number;
  /** Axial slices in the input stack (one PNG each). */
  readonly slices: number;
  readonly file: string;
  /** `data:image/png;base64,...`: the report HTML stays self-contained. */
  readonly dataUri: string;
  readonly caption: string;
}

/** Result of `gradCamGallery`. */
export interface GradCamGallery {
  readonly items: readonly GalleryItem[];
  /** The member whose Grad-CAM maps are shown. */
  readonly member: string;
  /** What the score in the captions is. */
  readonly scoreLabel: string;
  /** How the patients were chosen (one sentence). */
  readonly selection: string;
  readonly warnings: readonly Issue[];
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** The file-name stem `writeGradCamOutputs` uses for a patient id. */
export function gradCamFileStem(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

function fmt(v: number | null, d: number): string {
  return v === null ? 'NA' : v.toFixed(d);
}

/**
 * Choose Grad-CAM overlays for the report and embed them. With risk scores, the patients (of
 * `cohort`, when given) that have images are ranked by risk and the ⌈N/2⌉ highest and ⌊N/2⌋ lowest
 * are shown (highest first, then lowest ascending); without scores, the first N patients by file-name
 * stem. For each patient the middle slice among its `<stem>_gradcam_k<k>.png` files is shown, read
 * and checked for the PNG signature, and embedded as a base64 data URI with a caption (the score
 * named by `scoreLabel`, its rank, in-tumour CAM mass, the axial CT slice). Throws `E_IO` when `dir` is not a folder, `E_OPTION` for bad options.
 */
export function gradCamGallery(options: GradCamGalleryOptions): GradCamGallery {
  const n = options.maxPatients ?? 6;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  if (!(Number.isInteger(n) && n > 0)) throw new HccError('E_OPTION', 'gradCamGallery: maxPatients must be a positive integer', { issues: [issueError('bad_option', ['maxPatients'], 'must be a positive integer', { received: String(n) })] });
  if (!existsSync(options.dir) || !statSync(options.dir).isDirectory()) throw new HccError('E_IO', `gradCamGallery: ${options.dir} is not a folder`, { issues: [issueError('missing_file', ['dir'], 'Grad-CAM folder not found', { received: options.dir })] });
  const slicesByStem = new Map<string, { k: number; file: string }[]>();
  for (const f of readdirSync(options.dir).sort()) {
    const m = /^(.*)_gradcam_k(\d+)\.png$/.exec(f);
    if (!m) continue;
    const list = slicesByStem.get(m[1]) ?? [];
    list.push({ k: Number(m[2]), file: join(options.dir, f) });
    slicesByStem.set(m[1], list);
  }
  const warnings: Issue[] = [];
  const member = options.member ?? basename(options.dir);
  const scoreLabel = options.scoreLabel ?? 'Ensemble-DL OS score';
  let chosen: { id: string; role: GalleryItem['role']; score: GalleryPatientScore | null }[];
  let selection: string;
  let rankOf = new Map<string, number>();
  let nRanked = 0;
  if (options.scores && options.scores.length) {
    const pool = options.scores.filter((s) => (options.cohort === undefined || s.cohort === options.cohort) && typeof s.risk === 'number' && Number.isFinite(s.risk));
    const withImages = pool.filter((s) => slicesByStem.has(gradCamFileStem(s.id)));
    if (withImages.length < pool.length) warnings.push(issueWarning('missing_file', ['grad_cam_gallery'], `${pool.length - withImages.length} scored patient(s) have no Grad-CAM PNG in ${options.dir}`));
    const ranked = [...withImages].sort((a, b) => b.risk! - a.risk! || (a.id < b.id ? -1 : 1));
    nRanked = ranked.length;
    rankOf = new Map(ranked.map((s, i) => [s.id, i + 1]));
    const nHigh = Math.min(ranked.length, Math.ceil(n / 2));
    const nLow = Math.min(ranked.length - nHigh, n - nHigh);
    chosen = [
      ...ranked.slice(0, nHigh).map((s) => ({ id: s.id, role: 'highest risk' as const, score: s })),
      ...ranked.slice(ranked.length - nLow).reverse().map((s) => ({ id: s.id, role: 'lowest risk' as const, score: s })),
    ];
    selection = `${nHigh} highest- and ${nLow} lowest-scoring patient(s) by ${scoreLabel} of ${ranked.length} with Grad-CAM images${options.cohort ? ` (${options.cohort.replace(/_/g, ' ')})` : ''}`;
  } else {
    chosen = [...slicesByStem.keys()].slice(0, n).map((id) => ({ id, role: 'listed' as const, score: null }));
    selection = `the first ${chosen.length} patient(s) by id of ${slicesByStem.size} with Grad-CAM images (no risk scores given)`;
  }
  const items: GalleryItem[] = [];
  for (const c of chosen) {
    const slices = [...slicesByStem.get(gradCamFileStem(c.id))!].sort((a, b) => a.k - b.k);
    const pick = slices[Math.floor((slices.length - 1) / 2)];
    const bytes = readFileSync(pick.file);
    if (bytes.length > maxBytes || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
      warnings.push(issueWarning(bytes.length > maxBytes ? 'out_of_range' : 'unsupported_datatype', ['grad_cam_gallery', c.id], `${pick.file} skipped: ${bytes.length > maxBytes ? `larger than ${maxBytes} bytes` : 'not a PNG file'}`));
      continue;
    }
    const risk = typeof c.score?.risk === 'number' ? c.score.risk : null;
    const tumourMass = typeof c.score?.tumourMass === 'number' && Number.isFinite(c.score.tumourMass) ? c.score.tumourMass : null;
    const rank = rankOf.get(c.id);
    const caption = `${c.id}${c.role === 'listed' ? '' : ` (${c.role})`}: ${risk === null ? '' : `${scoreLabel} ${fmt(risk, 3)}${rank ? ` (rank ${rank} of ${nRanked})` : ''}; `}in-tumour CAM mass ${tumourMass === null ? 'NA' : `${fmt(tumourMass * 100, 1)} %`}; axial CT slice ${pick.k}, the centre of the ${slices.length} slice(s) of the input stack.`;
    items.push({ id: c.id, role: c.role, risk, tumourMass, slice: pick.k, slices: slices.length, file: pick.file, dataUri: `data:image/png;base64,${bytes.toString('base64')}`, caption });
  }
  return { items, member, scoreLabel, selection, warnings };
}
