import type { Issue } from '../../core/issues.js';
import { cohortLabel } from './figures.js';

/** Warnings of one kind listed whole up to this many; a larger group is one line with a count. */
const LIST_UP_TO = 3;
/** Examples quoted on the line of a large group. */
const EXAMPLES_PER_GROUP = 2;
/** Longest example quoted (characters). */
const EXAMPLE_CHARS = 180;

/**
 * The kind of a warning message: absolute or relative file paths become `<file>` and every token with
 * a digit (numbers, patient ids, voxel counts) `#`, so "patient P1 …: 2189 voxel(s) …" and
 * "patient P2 …: 137 voxel(s) …" are the same kind while a different message with the same code is not.
 */
export function warningKind(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?[\w.~-]*(?:[/\\][\w. ~@+-]+)+/g, '<file>').replace(/[\w.+-]*\d[\w.+-]*/g, '#');
}

/** A message shortened for quoting: file paths reduced to their last part, at most EXAMPLE_CHARS characters. */
function shorten(message: string): string {
  const m = message.replace(/(?:[A-Za-z]:)?(?:[/\\][\w.~@+-]+){2,}/g, (p) => `…/${p.split(/[/\\]/).pop()}`);
  return m.length > EXAMPLE_CHARS ? `${m.slice(0, EXAMPLE_CHARS - 1)}…` : m;
}

/**
 * The report's view of a run's warnings: grouped by code and kind of message ({@link warningKind}).
 * Groups of at most `listUpTo` warnings are listed whole, first (so a single real problem is not
 * buried); each larger group is one line with its code, count, `examples` shortened examples and
 * where the full list is (a run can have hundreds of identical crop or mask warnings, which a
 * clinician should not scroll through). Every warning stays in results.json.
 */
export function summariseWarnings(warnings: readonly Issue[], examples = EXAMPLES_PER_GROUP, listUpTo = LIST_UP_TO): string[] {
  const groups = new Map<string, { code: string; messages: string[] }>();
  for (const w of warnings) {
    const key = `${w.code}\u0000${warningKind(w.message)}`;
    const g = groups.get(key);
    if (g) g.messages.push(w.message);
    else groups.set(key, { code: w.code, messages: [w.message] });
  }
  const small: string[] = [];
  const large: string[] = [];
  for (const { code, messages } of groups.values()) {
    if (messages.length <= listUpTo) small.push(...messages);
    else large.push(`\`${code}\` × ${messages.length} of one kind, e.g. ${messages.slice(0, examples).map((m) => `“${shorten(m)}”`).join('; ')} (all ${messages.length} in results/results.json, \`warnings\`)`);
  }
  return [...small, ...large];
}


/**
 * The run's notes with the per-cohort repeats of one metric merged: "os: score-bclc training risk
 * groups: not computed (…)" for training, internal validation and external test becomes one line
 * naming the three cohorts, with the first cohort's reason (they differ in patient counts only).
 * Other notes pass unchanged, in order.
 */
export function summariseNotes(notes: readonly string[]): string[] {
  const pattern = /^(\w+): (\S+) (training|internal_validation|external_test) (.+?): not computed \((.*)\)$/s;
  const groups = new Map<string, { cohorts: string[]; reason: string }>();
  const out: (string | { key: string })[] = [];
  for (const n of notes) {
    const m = pattern.exec(n);
    if (!m) {
      out.push(n);
      continue;
    }
    const key = `${m[1]}: ${m[2]} ${m[4]}`;
    const g = groups.get(key);
    if (g) g.cohorts.push(cohortLabel(m[3]).toLowerCase());
    else {
      groups.set(key, { cohorts: [cohortLabel(m[3]).toLowerCase()], reason: m[5] });
      out.push({ key });
    }
  }
  return out.map((o) => {
    if (typeof o === 'string') return o;
    const g = groups.get(o.key)!;
    return g.cohorts.length === 1 ? `${o.key.replace(/^(\w+: \S+) /, `$1 ${g.cohorts[0]} `)}: not computed (${g.reason})` : `${o.key} (${g.cohorts.join(', ')}): not computed (${g.cohorts[0]}: ${g.reason})`;
  });
}
