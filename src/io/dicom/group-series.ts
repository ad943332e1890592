import type { DicomFileHeader } from './parse-file.js';

/** Files of one series that share matrix size and orientation, so they can stack into one volume. */
export interface SeriesGroup<T extends { readonly header: DicomFileHeader }> {
  /** SeriesInstanceUID, suffixed `#2`, `#3`... when one series splits into several stacks. */
  readonly label: string;
  readonly seriesInstanceUid: string;
  readonly members: readonly T[];
}

function orientationKey(iop: readonly number[] | null): string {
  return iop ? iop.map((v) => (Math.round(v * 1e3) / 1e3 + 0).toFixed(3)).join(',') : 'none';
}

/**
 * Group parsed image files by SeriesInstanceUID, then within a series by Rows x Columns and
 * ImageOrientationPatient (rounded to 1e-3), because a "series" sometimes mixes localisers,
 * reformats or differently sized stacks that cannot form one volume. Groups keep the first-seen
 * order; members keep input order (sorting happens along the slice normal later).
 */
export function groupIntoSeries<T extends { readonly header: DicomFileHeader }>(files: readonly T[]): SeriesGroup<T>[] {
  const bySeries = new Map<string, Map<string, T[]>>();
  for (const f of files) {
    const h = f.header;
    const uid = h.seriesInstanceUid || '(no SeriesInstanceUID)';
    const sub = `${h.rows}x${h.columns}|${orientationKey(h.imageOrientationPatient)}|${h.numberOfFrames > 1 ? h.sopInstanceUid : 'single'}`;
    let m = bySeries.get(uid);
    if (!m) bySeries.set(uid, (m = new Map()));
    let list = m.get(sub);
    if (!list) m.set(sub, (list = []));
    list.push(f);
  }
  const groups: SeriesGroup<T>[] = [];
  for (const [uid, subs] of bySeries) {
    let i = 0;
    for (const members of subs.values()) {
      i++;
      groups.push({ label: subs.size > 1 ? `${uid}#${i}` : uid, seriesInstanceUid: uid, members });
    }
  }
  return groups;
}
