import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFingerprint, codeFiles, fingerprintFiles } from './build-id.js';

describe('build fingerprint', () => {
  const tree = () => {
    const root = mkdtempSync(join(tmpdir(), 'mmf-build-'));
    mkdirSync(join(root, 'core'));
    writeFileSync(join(root, 'core', 'a.js'), 'export const a = 1;\n');
    writeFileSync(join(root, 'b.ts'), 'export const b = 2;\n');
    writeFileSync(join(root, 'b.test.ts'), 'test\n');
    writeFileSync(join(root, 'b.d.ts'), 'declare const b: number;\n');
    writeFileSync(join(root, 'a.js.map'), '{}');
    return root;
  };

  it('covers the code files only, by relative path', () => {
    expect(codeFiles(tree())).toEqual(['b.ts', 'core/a.js']);
  });

  it('is the same for a copy under another name and changes when one byte of code changes', () => {
    const root = tree();
    const copy = join(mkdtempSync(join(tmpdir(), 'mmf-build-copy-')), 'other-name');
    cpSync(root, copy, { recursive: true });
    const f = fingerprintFiles(root, codeFiles(root));
    expect(f).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintFiles(copy, codeFiles(copy))).toBe(f);
    writeFileSync(join(copy, 'core', 'a.js'), 'export const a = 2;\n');
    expect(fingerprintFiles(copy, codeFiles(copy))).not.toBe(f);
    // A test file is not code that computes results.
    writeFileSync(join(root, 'b.test.ts'), 'another test\n');
    expect(fingerprintFiles(root, codeFiles(root))).toBe(f);
  });

  it('fingerprints the running package once per process', () => {
    const f = buildFingerprint();
    expect(f).toMatch(/^[0-9a-f]{64}$/);
    expect(buildFingerprint()).toBe(f);
  });
});
