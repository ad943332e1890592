import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'atomic-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('replaces an existing file whole and leaves no temporary file', () => {
    const d = fresh();
    const p = join(d, 'a.json');
    writeFileSync(p, 'old contents that are longer');
    writeFileAtomic(p, '{"x":1}\n');
    expect(readFileSync(p, 'utf8')).toBe('{"x":1}\n');
    expect(readdirSync(d)).toEqual(['a.json']);
  });

  it('writes bytes unchanged', () => {
    const d = fresh();
    const p = join(d, 'b.bin');
    const bytes = new Uint8Array([0, 255, 1, 128, 10]);
    writeFileAtomic(p, bytes);
    expect([...readFileSync(p)]).toEqual([...bytes]);
  });

  it('keeps the old file and removes the temporary one when the rename fails', () => {
    const d = fresh();
    // the target is a non-empty folder: the temporary file is written, the rename over the folder fails
    const target = join(d, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    expect(() => writeFileAtomic(target, 'new')).toThrow();
    expect(readdirSync(d)).toEqual(['taken']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
  });

  it('throws the file system error when the folder does not exist', () => {
    const d = fresh();
    expect(() => writeFileAtomic(join(d, 'missing', 'c.txt'), 'x')).toThrow(/ENOENT/);
  });
});
