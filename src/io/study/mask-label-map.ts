/** Column of a manifest (and of the cohort table) holding each patient's mask label map. */
export const MASK_LABELS_COLUMN = 'mask_labels';

/**
 * The label map of a manifest's mask cell (`mask_labels` column), e.g. `1=liver;2=tumour;3=thrombus`:
 * label value = structure name, separated by `;`. Names match DICOM-SEG segment labels and RTSTRUCT
 * ROI names case-insensitively (after trimming). Label 0 names a structure to leave out (e.g.
 * `0=body;1=liver;2=tumour`); several names may share a label (`2=tumour;2=GTV`).
 */
export interface MaskLabelMap {
  /** Lower-cased trimmed name → label value (0 = leave out). */
  readonly byName: ReadonlyMap<string, number>;
  /** The entries as written (label, name), for messages. */
  readonly entries: readonly { readonly label: number; readonly name: string }[];
}

/** Lower-cased, trimmed name as the map compares it. */
export function labelKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Parse a label map text (see {@link MaskLabelMap}). Returns the map, or the reason it is malformed
 * (an entry without `=`, a label that is not an integer 0..255, an empty or repeated name).
 */
export function parseMaskLabels(text: string): { map: MaskLabelMap; error: null } | { map: null; error: string } {
  const byName = new Map<string, number>();
  const entries: { label: number; name: string }[] = [];
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { map: null, error: 'no entries' };
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return { map: null, error: `entry "${part}" has no "=" (write label=name, e.g. 2=tumour)` };
    const labelText = part.slice(0, eq).trim();
    const name = part.slice(eq + 1).trim();
    const label = Number(labelText);
    if (!/^\d+$/.test(labelText) || label > 255) return { map: null, error: `"${labelText}" is not a label value 0..255` };
    if (name === '') return { map: null, error: `label ${label} has no name` };
    if (byName.has(labelKey(name))) return { map: null, error: `name "${name}" is given twice` };
    byName.set(labelKey(name), label);
    entries.push({ label, name });
  }
  return { map: { byName, entries }, error: null };
}

/** The map as text again (for messages), e.g. `1=liver;2=tumour`. */
export function formatMaskLabels(map: MaskLabelMap): string {
  return map.entries.map((e) => `${e.label}=${e.name}`).join(';');
}
