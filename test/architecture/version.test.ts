import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { REPO_ROOT } from '../helpers/reference.js';

describe('version', () => {
  it('src/core/version.ts matches package.json', () => {
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
