/** Build zone-type count matrices (grey level × zone size or zone distance) from a zone list. */
import type { CountMatrix } from './count-matrix.js';
import { emptyCountMatrix } from './count-matrix.js';
import type { ZoneList } from './zones.js';

/** Count matrix Ng × max(column) with one count per zone at (level, column). */
export function zoneCountMatrix(zones: ZoneList, nGreyLevels: number, column: 'size' | 'distance'): CountMatrix {
  const col = column === 'size' ? zones.size : zones.distance;
  let nCols = 1;
  for (let t = 0; t < zones.count; t++) if (col[t] > nCols) nCols = col[t];
  const m = emptyCountMatrix(nGreyLevels, nCols, zones.nVoxels);
  for (let t = 0; t < zones.count; t++) m.counts[(zones.level[t] - 1) * nCols + (col[t] - 1)]++;
  return m;
}
