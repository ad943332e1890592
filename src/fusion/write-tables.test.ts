import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleResults } from './write-tables.js';

function resultsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmf-results-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('removeStaleResults', () => {
  it("removes an earlier run's tables that this run lacks and the files written after the tables, keeping files a study never wrote", () => {
    // An earlier run with the Ensemble-DL stage and a report, then a run without them.
    const dir = resultsFolder({
      'results.json': JSON.stringify({ tables: { discrimination: [], deep_members: [], gradcam_scores: [] } }),
      'discrimination.csv': 'x\n',
      'deep_members.csv': 'x\n',
      'gradcam_scores.csv': 'x\n',
      'explainability.json': '{}',
      'tripod_ai.json': '[]',
      'my-notes.csv': 'kept\n',
    });
    const removed = removeStaleResults(dir, ['discrimination', 'brier']);
    expect(removed.sort()).toEqual(['deep_members.csv', 'explainability.json', 'gradcam_scores.csv', 'tripod_ai.json']);
    expect(readdirSync(dir).sort()).toEqual(['discrimination.csv', 'my-notes.csv', 'results.json']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes nothing in a new folder or one whose results.json cannot be read', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'mmf-results-'));
    expect(removeStaleResults(join(fresh, 'results'), ['discrimination'])).toEqual([]);
    const cut = resultsFolder({ 'results.json': '{"tables": {"deep_mem', 'deep_members.csv': 'x\n' });
    expect(removeStaleResults(cut, ['discrimination'])).toEqual([]);
    expect(existsSync(join(cut, 'deep_members.csv'))).toBe(true);
    rmSync(fresh, { recursive: true, force: true });
    rmSync(cut, { recursive: true, force: true });
  });
});
