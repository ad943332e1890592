import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NamedTable } from '../../src/fusion/index.js';
import { EXPLAIN_FILE, readExplainability } from '../../src/fusion/run-full-study.js';

// A 1×1 PNG (what the gallery embeds; its content is not decoded here).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

function studyFolder(gradCamDir: string | ((out: string) => string)): string {
  const out = mkdtempSync(join(tmpdir(), 'mmf-explain-'));
  mkdirSync(join(out, 'results'), { recursive: true });
  mkdirSync(join(out, 'gradcam', 'cnn25d'), { recursive: true });
  for (const id of ['P1', 'P2']) writeFileSync(join(out, 'gradcam', 'cnn25d', `${id}_gradcam_k5.png`), PNG);
  const dir = typeof gradCamDir === 'string' ? gradCamDir : gradCamDir(out);
  writeFileSync(join(out, 'results', EXPLAIN_FILE), JSON.stringify({ correlation: null, gradCamDir: dir, galleryMember: 'cnn25d', galleryPatients: 2 }));
  return out;
}

const tables = [{ name: 'gradcam_scores', columns: ['patient_id', 'member', 'risk', 'mass_in_tumour'], rows: [['P1', 'cnn25d', 1.5, 0.8], ['P2', 'cnn25d', -0.5, 0.6]] }] as unknown as NamedTable[];

describe('readExplainability finds the Grad-CAM overlays of a moved study folder', () => {
  it('reads a folder stored relative to the study (as runFullStudy now writes it) after the study is moved', () => {
    const out = studyFolder('gradcam');
    const moved = `${out}-moved`;
    renameSync(out, moved);
    const r = readExplainability(moved, tables);
    expect(r?.gallery?.items.length).toBe(2);
    rmSync(moved, { recursive: true, force: true });
  });

  it('falls back to <out>/gradcam when an absolute folder of an earlier version no longer exists', () => {
    const out = studyFolder((o) => join(o, 'gradcam'));
    const copy = `${out}-copy`;
    cpSync(out, copy, { recursive: true });
    rmSync(out, { recursive: true, force: true });
    expect(readExplainability(copy, tables)?.gallery?.items.length).toBe(2);
    rmSync(copy, { recursive: true, force: true });
  });

  it('has no gallery when the overlays are gone', () => {
    const out = studyFolder('gradcam');
    rmSync(join(out, 'gradcam'), { recursive: true, force: true });
    expect(readExplainability(out, tables)?.gallery ?? null).toBeNull();
  });
});
