import type { DataSet } from 'dicom-parser';

/**
 * Attributes whose values identify a patient, a visit or a device (names, ids, birth date, study
 * dates, institution, physicians, station, serial number) and the instance UIDs: a subset of the PS3.15
 * Basic Profile (Table E.1-1). Free-text attributes of that profile (comments, descriptions) are left
 * out on purpose: the sanitiser redacts every word of a secret, and words such as "arterial" or "not"
 * would vanish from every message.
 */
const IDENTIFYING_TAGS = [
  'x00100010', 'x00100020', 'x00101000', 'x00101001', 'x00100030', 'x00101005', 'x00101060', 'x00101040', 'x00102154', 'x00101090',
  'x00080050', 'x00200010', 'x00080080', 'x00080081', 'x00080090', 'x00081050', 'x00081060', 'x00081070', 'x00081010', 'x00181000',
  'x00080020', 'x00080021', 'x00080022', 'x00080023',
  'x0020000d', 'x0020000e', 'x00200052', 'x00080018',
];

/**
 * The identifying text values of a DICOM data set (see `IDENTIFYING_TAGS`: patient name and id, birth
 * date, accession number, institution, dates, the study / series / frame-of-reference / instance
 * UIDs, also those of the short `2.25.<n>` form the sanitiser's UID pattern does not catch), top level
 * only. Given to a `Sanitiser` so that no message of the study's image import repeats them.
 */
export function identifyingValues(ds: DataSet): string[] {
  const out: string[] = [];
  for (const tag of IDENTIFYING_TAGS) {
    const el = ds.elements[tag];
    if (!el || el.items || el.length === 0 || el.length > 1024) continue;
    let text: string | undefined;
    try {
      text = ds.string(tag);
    } catch {
      continue;
    }
    if (text === undefined || !/^[\x20-\x7e]*$/.test(text)) continue;
    for (const v of text.split('\\')) if (v.replace(/\0/g, '').trim() !== '') out.push(v.replace(/\0/g, '').trim());
  }
  return out;
}
