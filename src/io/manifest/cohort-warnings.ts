import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { ManifestDescriptor, Split } from './schema.js';
import { SPLITS } from './schema.js';
import { didYouMean, suggestValue } from '../../core/did-you-mean.js';

/**
 * A centre with fewer patients than this is warned about. Per-centre harmonisation (ComBat) estimates
 * each centre's mean and spread of every radiomic feature from its training patients: with one
 * patient the spread cannot be estimated at all, and from 2-4 it has at most 3 degrees of freedom and
 * is mostly noise, which ComBat then divides every feature of that centre by. Per-centre counts and
 * metrics of so few patients say nothing either.
 */
export const MIN_CENTRE_PATIENTS = 5;

/** Ids listed in a warning (the count is always given). */
const LISTED_IDS = 5;

function listIds(ids: readonly string[]): string {
  return ids.slice(0, LISTED_IDS).join(', ') + (ids.length > LISTED_IDS ? `, … (${ids.length - LISTED_IDS} more)` : '');
}

/** Where an image or mask of a phase is given, per patient, in a cohort table. */
export interface PhasePresence {
  readonly phase: string;
  readonly image: number;
  readonly mask: number;
  readonly both: number;
  /** Patients with an image but no mask, and with a mask but no image. */
  readonly imageOnly: readonly string[];
  readonly maskOnly: readonly string[];
}

/** Per phase of the manifest that has an image or mask column in the table: who has the image, the mask, both or only one. */
export function phasePresence(table: Table, phases: readonly string[]): PhasePresence[] {
  const ids = table.cells.get('patient_id') ?? [];
  const out: PhasePresence[] = [];
  for (const phase of phases) {
    const img = table.cells.get(`image_${phase}`);
    const msk = table.cells.get(`mask_${phase}`);
    if (!img && !msk) continue;
    let image = 0;
    let mask = 0;
    let both = 0;
    const imageOnly: string[] = [];
    const maskOnly: string[] = [];
    for (let i = 0; i < table.nRows; i++) {
      const hasI = (img?.[i] ?? null) !== null;
      const hasM = (msk?.[i] ?? null) !== null;
      if (hasI) image++;
      if (hasM) mask++;
      if (hasI && hasM) both++;
      else if (hasI) imageOnly.push(ids[i] ?? `row ${i + 1}`);
      else if (hasM) maskOnly.push(ids[i] ?? `row ${i + 1}`);
    }
    out.push({ phase, image, mask, both, imageOnly, maskOnly });
  }
  return out;
}

/** What {@link cohortWarnings} reads besides the table. */
export interface CohortWarningsInput {
  readonly table: Table;
  readonly split: readonly Split[];
  readonly descriptor: ManifestDescriptor;
  /** File name of the table holding a manifest column (for issue paths). */
  readonly fileOf: (column: string) => string;
}

/**
 * Warnings about a valid cohort that would weaken or silently limit the study, found before any work:
 * - `no_events`: an outcome with no event in a split that has patients (its C-index, calibration,
 *   decision curves and risk-group comparisons cannot be computed there);
 * - `too_few_rows`: a centre with fewer than {@link MIN_CENTRE_PATIENTS} patients;
 * - `unknown_level`: a by-centre split rule naming a centre no patient has (with a did-you-mean
 *   among the centres present);
 * - `missing_value`: per phase, patients with an image but no mask or a mask but no image (counted,
 *   first ids listed), which the imaging stages cannot use for that phase.
 */
export function cohortWarnings(input: CohortWarningsInput): Issue[] {
  const { table, split, descriptor: d, fileOf } = input;
  const warnings: Issue[] = [];
  for (const outcome of ['os', 'pfs'] as const) {
    const ev = table.cells.get(`${outcome}_event`);
    if (!ev) continue;
    for (const s of SPLITS) {
      let n = 0;
      let e = 0;
      ev.forEach((x, i) => {
        if (split[i] !== s || x === null) return;
        n++;
        if (x === '1') e++;
      });
      if (n > 0 && e === 0) {
        const label = outcome.toUpperCase();
        warnings.push(
          issueWarning('no_events', ['cohort', s, `${outcome}_event`], `${s}: no ${label} event among its ${n} patient(s); ${label} C-index, calibration, decision curves and risk-group comparisons cannot be computed on it`, {
            expected: `at least one ${label} event in each split`,
            received: `0 events of ${n}`,
          }),
        );
      }
    }
  }
  const centres = table.cells.get('centre') ?? [];
  const perCentre = new Map<string, Map<Split, number>>();
  centres.forEach((c, i) => {
    if (c === null) return;
    const m = perCentre.get(c) ?? new Map<Split, number>();
    m.set(split[i], (m.get(split[i]) ?? 0) + 1);
    perCentre.set(c, m);
  });
  for (const [c, bySplit] of [...perCentre].sort((a, b) => a[0].localeCompare(b[0]))) {
    const n = [...bySplit.values()].reduce((a, b) => a + b, 0);
    if (n >= MIN_CENTRE_PATIENTS) continue;
    const where = [...bySplit].map(([s, k]) => `${k} ${s}`).join(', ');
    warnings.push(
      issueWarning('too_few_rows', [fileOf(d.columns.centre), d.columns.centre, c], `centre ${c} has only ${n} patient(s) (${where}): harmonisation by centre (ComBat) cannot estimate its spread reliably from fewer than ${MIN_CENTRE_PATIENTS}, and its per-centre results are noise; consider merging it with a similar centre`, {
        expected: `at least ${MIN_CENTRE_PATIENTS} patients per centre`,
        received: String(n),
      }),
    );
  }
  if (d.split.kind === 'by-centre') {
    const present = [...perCentre.keys()].sort();
    for (const [key, list] of [['training', d.split.training], ['internalValidation', d.split.internalValidation], ['externalTest', d.split.externalTest]] as const) {
      for (const c of list) {
        if (perCentre.has(c)) continue;
        warnings.push(
          issueWarning('unknown_level', ['manifest', 'split', key, c], `the by-centre split rule names centre "${c}" (${key}), but no patient has that centre${didYouMean(suggestValue(c, present))}`, {
            expected: `a centre of the cohort: ${present.join(', ')}`,
            received: c,
          }),
        );
      }
    }
  }
  for (const p of phasePresence(table, d.phases)) {
    if (p.imageOnly.length === 0 && p.maskOnly.length === 0) continue;
    const parts = [
      ...(p.imageOnly.length ? [`${p.imageOnly.length} patient(s) have an image but no mask (${listIds(p.imageOnly)})`] : []),
      ...(p.maskOnly.length ? [`${p.maskOnly.length} have a mask but no image (${listIds(p.maskOnly)})`] : []),
    ];
    const column = (p.imageOnly.length ? d.columns.mask : d.columns.image).replace('{phase}', p.phase);
    warnings.push(
      issueWarning('missing_value', [fileOf(column), column], `${p.phase} phase: ${parts.join('; ')}; the imaging stages cannot use this phase for them (${p.both} patient(s) have both)`, {
        expected: 'an image and a mask for each patient with either',
        received: `${p.imageOnly.length} image only, ${p.maskOnly.length} mask only`,
      }),
    );
  }
  return warnings;
}
