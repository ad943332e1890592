import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json and src/), from a bench module's URL (src/ or dist/). */
export function repoRoot(moduleUrl: string): string {
  let d = dirname(fileURLToPath(moduleUrl));
  while (!(existsSync(join(d, 'package.json')) && existsSync(join(d, 'src'))) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
