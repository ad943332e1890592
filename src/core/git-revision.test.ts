import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitRevision } from './git-revision.js';

const dir = mkdtempSync(join(tmpdir(), 'git-revision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const A = 'a'.repeat(40);
const B = '0123456789abcdef0123456789abcdef01234567';

function repo(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

describe('gitRevision', () => {
  it('resolves a branch from its loose ref', () => {
    expect(gitRevision(repo('loose', { '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${A}\n` }))).toEqual({ commit: A, ref: 'refs/heads/main' });
  });
  it('resolves a branch from packed-refs', () => {
    expect(gitRevision(repo('packed', { '.git/HEAD': 'ref: refs/heads/dev\n', '.git/packed-refs': `# pack-refs with: peeled\n${A} refs/heads/main\n${B} refs/heads/dev\n` }))).toEqual({ commit: B, ref: 'refs/heads/dev' });
  });
  it('gives a detached HEAD without a ref', () => {
    expect(gitRevision(repo('detached', { '.git/HEAD': `${B}\n` }))).toEqual({ commit: B, ref: null });
  });
  it('follows a .git file to a worktree folder and its common refs', () => {
    repo('main-repo', { '.git/refs/heads/feature': `${A}\n`, '.git/worktrees/wt/HEAD': 'ref: refs/heads/feature\n', '.git/worktrees/wt/commondir': '../..\n' });
    expect(gitRevision(repo('wt', { '.git': `gitdir: ${join(dir, 'main-repo', '.git', 'worktrees', 'wt')}\n` }))).toEqual({ commit: A, ref: 'refs/heads/feature' });
  });
  it('is null outside a checkout, for an unborn branch and for a malformed HEAD', () => {
    expect(gitRevision(repo('plain', { 'package.json': '{}' }))).toBeNull();
    expect(gitRevision(repo('unborn', { '.git/HEAD': 'ref: refs/heads/main\n' }))).toBeNull();
    expect(gitRevision(repo('bad', { '.git/HEAD': 'garbage\n' }))).toBeNull();
  });
});
