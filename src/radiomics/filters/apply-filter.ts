import { HccError } from '../../core/errors.js';
import { gaborFilter } from './gabor.js';
import { laplacianOfGaussian } from './laplacian-of-gaussian.js';
import { lawsFilter } from './laws.js';
import { meanFilter } from './mean-filter.js';
import type { FilterSpec, FilterSpecInput } from './filter-spec.js';
import { parseFilterSpec } from './filter-spec.js';
import type { FilterImage, ResponseMap } from './response-map.js';
import { waveletFilter } from './wavelet-filter.js';
import { simoncelliFilter } from './simoncelli.js';
import { rieszFilter } from './riesz.js';

/** Diagnostics of one filtering. */
export interface FilterDiagnostics {
  /** The resolved spec (defaults filled) that produced the map. */
  readonly spec: FilterSpec;
  /** Minimum and maximum of the response (finite by construction). */
  readonly min: number;
  readonly max: number;
}

/** A response map with what produced it. */
export interface FilterResponse {
  readonly map: ResponseMap;
  readonly diagnostics: FilterDiagnostics;
}

/**
 * Validate `spec` and apply the IBSI 2 filter it names to `image`; the map keeps the image grid.
 * Throws `E_OPTION` (issues at `['filter', …]`) for an invalid spec.
 */
export function applyFilter(image: FilterImage, spec: FilterSpecInput): FilterResponse {
  const parsed = parseFilterSpec(spec);
  if (!parsed.ok) throw new HccError('E_OPTION', 'filter: invalid settings', { issues: parsed.issues });
  const s = parsed.value;
  let map: ResponseMap;
  switch (s.kind) {
    case 'mean':
      map = meanFilter(image, s);
      break;
    case 'log':
      map = laplacianOfGaussian(image, s);
      break;
    case 'laws':
      map = lawsFilter(image, s);
      break;
    case 'gabor':
      map = gaborFilter(image, s);
      break;
    case 'wavelet':
      map = waveletFilter(image, s);
      break;
    case 'simoncelli':
      map = simoncelliFilter(image, s);
      break;
    case 'riesz':
      map = rieszFilter(image, s);
      break;
    default:
      throw new HccError('E_INTERNAL', `unhandled filter kind ${(s as { kind: string }).kind}`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of map.data) {
    if (!Number.isFinite(v)) throw new HccError('E_NUMERIC', `filter ${s.kind}: non-finite response`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { map, diagnostics: { spec: s, min, max } };
}
