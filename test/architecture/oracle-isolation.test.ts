import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/reference.js';

/** Source files (not tests) under src/ that may mention the synthetic cohort's truth file. */
function allowed(rel: string): boolean {
  const parts = rel.split(sep);
  if (parts[0] === 'synth') return true;
  return parts[0] === 'fusion' && parts.length === 2 && /^evaluate[^/]*\.ts$/.test(parts[1]);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Files under src/ (outside the allowed places) whose text mentions "oracle" in any case. */
export function oracleReferences(srcDir: string): string[] {
  return walk(srcDir)
    .map((f) => relative(srcDir, f))
    .filter((rel) => !allowed(rel) && /oracle/i.test(readFileSync(join(srcDir, rel), 'utf8')));
}

describe('architecture: the synthetic oracle is out of reach of training code', () => {
  it('no source file outside src/synth/ and src/fusion/evaluate*.ts mentions "oracle"', () => {
    expect(oracleReferences(join(REPO_ROOT, 'src'))).toEqual([]);
  });
  it('the rule can fail: src/synth itself does mention it', () => {
    const synth = walk(join(REPO_ROOT, 'src', 'synth')).filter((f) => /oracle/i.test(readFileSync(f, 'utf8')));
    expect(synth.length).toBeGreaterThan(0);
    expect(allowed(join('fusion', 'evaluate-external.ts'))).toBe(true);
    expect(allowed(join('fusion', 'train.ts'))).toBe(false);
    expect(allowed(join('cli', 'commands', 'synth.ts'))).toBe(false);
  });
});
