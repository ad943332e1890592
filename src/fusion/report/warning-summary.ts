import type { Issue } from '../../core/issues.js';

/** Messages shown per warning code before the rest are counted. */
const EXAMPLES_PER_CODE = 3;

/**
 * The report's view of a run's warnings: grouped by code in order of first appearance; a code with
 * at most `examples` warnings lists them all, a larger one gives its count, the first `examples`
 * messages and where the full list is (a 859-patient run can have over a thousand crop and mask
 * warnings, which a clinician should not scroll through). Every warning stays in results.json.
 */
export function summariseWarnings(warnings: readonly Issue[], examples = EXAMPLES_PER_CODE): string[] {
  const groups = new Map<string, string[]>();
  for (const w of warnings) {
    const g = groups.get(w.code);
    if (g) g.push(w.message);
    else groups.set(w.code, [w.message]);
  }
  const out: string[] = [];
  for (const [code, messages] of groups) {
    if (messages.length <= examples) out.push(...messages);
    else out.push(`\`${code}\` × ${messages.length}, e.g. ${messages.slice(0, examples).map((m) => `“${m}”`).join('; ')} (all ${messages.length} in results/results.json, \`warnings\`)`);
  }
  return out;
}
