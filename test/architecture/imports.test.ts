import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkImports } from '../../scripts/check-imports.mjs';

describe('architecture', () => {
  it('stages import only core and the public index of upstream stages', () => {
    expect(checkImports()).toEqual([]);
  });
});
