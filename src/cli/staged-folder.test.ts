import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stageFolder } from './staged-folder.js';

const root = mkdtempSync(join(tmpdir(), 'mmf-staged-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `d` with its text, by path relative to `d`. */
function tree(d: string): Record<string, string> {
  if (!existsSync(d)) return {};
  const out: Record<string, string> = {};
  for (const e of readdirSync(d, { recursive: true, withFileTypes: true })) if (e.isFile()) out[join(e.parentPath, e.name).slice(d.length + 1)] = readFileSync(join(e.parentPath, e.name), 'utf8');
  return out;
}

function writeInto(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

describe('stageFolder: a folder of outputs written in full or not at all', () => {
  it('commit: the staged files become the target folder, at the paths finalPath gives', () => {
    const target = join(root, 'a', 'gradcam');
    const s = stageFolder(target);
    expect(existsSync(target)).toBe(false);
    writeInto(s.dir, { 'cnn/P1.png': 'png', 'cnn/P1.nii.gz': 'nii' });
    expect(s.finalPath(join(s.dir, 'cnn', 'P1.png'))).toBe(join(target, 'cnn', 'P1.png'));
    expect(s.finalPath('/elsewhere/x.png')).toBe('/elsewhere/x.png');
    s.commit();
    s.discard(); // after commit: nothing
    expect(tree(target)).toEqual({ 'cnn/P1.png': 'png', 'cnn/P1.nii.gz': 'nii' });
    expect(readdirSync(join(root, 'a'))).toEqual(['gradcam']);
  });

  it('commit into an existing folder: staged files replace files of the same name, every other file is kept', () => {
    const target = join(root, 'b', 'gradcam');
    writeInto(target, { 'cnn/P1.png': 'old', 'cnn/P9.png': 'other patient', 'notes.txt': 'mine' });
    const s = stageFolder(target);
    writeInto(s.dir, { 'cnn/P1.png': 'new', 'ae/P1.png': 'ae' });
    s.commit();
    expect(tree(target)).toEqual({ 'cnn/P1.png': 'new', 'cnn/P9.png': 'other patient', 'notes.txt': 'mine', 'ae/P1.png': 'ae' });
    expect(readdirSync(join(root, 'b'))).toEqual(['gradcam']);
  });

  it('discard: the target is untouched, the staging folder is gone, and so are the empty folders made for it', () => {
    const kept = join(root, 'c', 'gradcam');
    writeInto(kept, { 'cnn/P1.png': 'earlier run' });
    const s = stageFolder(kept);
    writeInto(s.dir, { 'cnn/P1.png': 'failed run', 'cnn/P2.png': 'failed run' });
    s.discard();
    expect(tree(kept)).toEqual({ 'cnn/P1.png': 'earlier run' });
    expect(readdirSync(join(root, 'c'))).toEqual(['gradcam']);

    const fresh = join(root, 'd', 'e', 'gradcam');
    const t = stageFolder(fresh);
    writeInto(t.dir, { 'cnn/P1.png': 'failed run' });
    t.discard();
    expect(existsSync(join(root, 'd'))).toBe(false);

    // a folder made for it that something else wrote into meanwhile (a conversion cache) stays
    const shared = join(root, 'f', 'gradcam');
    const u = stageFolder(shared);
    writeInto(join(root, 'f', 'images'), { 'x.nii.gz': 'cache' });
    u.discard();
    expect(readdirSync(join(root, 'f'))).toEqual(['images']);
  });
});
