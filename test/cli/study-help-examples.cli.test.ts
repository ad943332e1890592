import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** The example lines of a command's --help (after "Example:"), as argument lists without the leading `mmf`. */
async function examples(cmd: string): Promise<string[][]> {
  const r = await runCli([cmd, '--help']);
  expect(r.code).toBe(0);
  const text = r.out.slice(r.out.indexOf('Example:'));
  return text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('mmf ')).map((l) => l.split(/\s+/).slice(1));
}

/**
 * The --help examples of `mmf train`, `mmf evaluate` and `mmf report` name files a user has after running the
 * example's own first line (`mmf synth`), not a manifest no command writes.
 */
describe('train / evaluate / report --help examples', () => {
  it('start from `mmf synth` and name only paths that command writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-help-'));
    const local = (args: string[]) => args.map((a) => a.replace(/^\/tmp\/cohort/, join(dir, 'cohort')).replace(/^\/tmp\//, `${dir}/`));
    const train = await examples('train');
    const evaluate = await examples('evaluate');
    const report = await examples('report');
    for (const ex of [train, evaluate, report]) {
      expect(ex[0][0]).toBe('synth');
      expect(ex.flat().join(' ')).not.toContain('study-manifest.json');
    }
    expect(evaluate[0]).toEqual(train[0]);
    expect(report[0]).toEqual(train[0]);
    const synth = await runCli([...local(train[0]), '--no-progress', '--no-rnaseq']);
    expect(synth.code).toBe(0);
    // every --manifest and --patients of the examples exists after the synth line
    const inputs = [...train, ...evaluate, ...report].filter((args) => args[0] !== 'synth').flatMap((args) => local(args).flatMap((a, i, all) => (['--manifest', '--patients'].includes(all[i - 1] ?? '') ? [a] : [])));
    expect(inputs.length).toBeGreaterThanOrEqual(4);
    for (const p of inputs) expect(existsSync(p), p).toBe(true);
  }, 60_000);
});
