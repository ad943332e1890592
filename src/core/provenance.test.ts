import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File } from './provenance.js';

const dir = mkdtempSync(join(tmpdir(), 'sha256-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hex = (s: string) => createHash('sha256').update(s).digest('hex');

describe('sha256File', () => {
  it('hashes the bytes, and hashes again when the file is rewritten (same size, new content)', () => {
    const p = join(dir, 'a.bin');
    writeFileSync(p, 'aaaa');
    expect(sha256File(p)).toBe(hex('aaaa'));
    expect(sha256File(join(dir, '.', 'a.bin'))).toBe(hex('aaaa'));
    writeFileSync(p, 'bbbb');
    expect(sha256File(p)).toBe(hex('bbbb'));
  });
});
