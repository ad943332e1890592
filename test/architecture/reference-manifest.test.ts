import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkManifest } from '../../scripts/reference-manifest.mjs';

describe('golden reference cases carry their provenance', () => {
  it('every case under test/reference has a generator and matches MANIFEST.json hashes', () => {
    expect(checkManifest()).toEqual([]);
  });
});
