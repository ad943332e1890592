import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { DeepOutcome } from '../dataset.js';

/**
 * Risk scores of the ensemble members for n patients: n × m row-major (`values[i*m + j]` = member j's
 * score for patient i, higher = worse), one column per member, named.
 */
export interface MemberScores {
  readonly n: number;
  readonly members: readonly string[];
  readonly values: Float64Array;
}

/** Build a `MemberScores` from named columns (each of length n). @throws HccError `E_INPUT`. */
export function memberScoresFromColumns(columns: Readonly<Record<string, ArrayLike<number>>>): MemberScores {
  const members = Object.keys(columns);
  if (members.length === 0) throw new HccError('E_INPUT', 'memberScoresFromColumns: no member columns', { issues: [issueError('empty_data', ['members'], 'no member scores given', { expected: '>= 1 member', received: '0' })] });
  const n = columns[members[0]].length;
  const m = members.length;
  const values = new Float64Array(n * m);
  const issues: Issue[] = [];
  members.forEach((name, j) => {
    const col = columns[name];
    if (col.length !== n) {
      issues.push(issueError('bad_option', ['members', name], `member "${name}" has ${col.length} scores, the first member ${n}`, { expected: String(n), received: String(col.length) }));
      return;
    }
    for (let i = 0; i < n; i++) values[i * m + j] = col[i];
  });
  if (issues.length) throw new HccError('E_INPUT', `memberScoresFromColumns: ${issues.length} problem(s)`, { issues });
  const s: MemberScores = { n, members, values };
  assertMemberScores(s, 'memberScoresFromColumns');
  return s;
}

/** All problems of a score matrix (and, when given, of its outcome), as issues. */
export function checkMemberScores(s: MemberScores, outcome?: DeepOutcome): Issue[] {
  const issues: Issue[] = [];
  const m = s.members.length;
  if (s.n < 1) issues.push(issueError('empty_data', ['n'], 'no patients', { expected: 'n >= 1', received: String(s.n) }));
  if (m < 1) issues.push(issueError('empty_data', ['members'], 'no members', { expected: '>= 1 member', received: '0' }));
  if (s.values.length !== s.n * m) issues.push(issueError('bad_option', ['values'], `values has ${s.values.length} entries, n × members = ${s.n * m}`, { expected: String(s.n * m), received: String(s.values.length) }));
  for (let k = 0; k < s.values.length; k++) {
    if (!Number.isFinite(s.values[k])) {
      issues.push(issueError('non_finite', ['values', Math.floor(k / Math.max(1, m)), s.members[k % Math.max(1, m)] ?? k % Math.max(1, m)], `patient ${Math.floor(k / Math.max(1, m))} has a non-finite score`, { expected: 'finite', received: String(s.values[k]) }));
      break;
    }
  }
  if (outcome) {
    if (outcome.time.length !== s.n || outcome.event.length !== s.n) issues.push(issueError('bad_option', ['outcome'], `outcome has ${outcome.time.length} times / ${outcome.event.length} events for ${s.n} patients`, { expected: String(s.n), received: `${outcome.time.length}/${outcome.event.length}` }));
    for (let i = 0; i < Math.min(s.n, outcome.time.length); i++) {
      if (!(Number.isFinite(outcome.time[i]) && outcome.time[i] >= 0)) issues.push(issueError('non_finite', ['outcome', 'time', i], `time of patient ${i} must be finite and >= 0`, { expected: '>= 0', received: String(outcome.time[i]) }));
      if (outcome.event[i] !== 0 && outcome.event[i] !== 1) issues.push(issueError('bad_event_code', ['outcome', 'event', i], `event of patient ${i} must be 0 or 1`, { expected: '0 or 1', received: String(outcome.event[i]) }));
    }
  }
  return issues;
}

/** Throw `E_INPUT` with every issue when the scores (or outcome) are malformed. */
export function assertMemberScores(s: MemberScores, label: string, outcome?: DeepOutcome): void {
  const issues = checkMemberScores(s, outcome);
  if (issues.length) throw new HccError('E_INPUT', `${label}: ${issues.length} problem(s) in the member scores`, { issues });
}

/** Per-member mean and population sd (sd 1 for a constant column, so it standardises to 0). */
export function memberMoments(s: MemberScores): { mean: Float64Array; sd: Float64Array } {
  const m = s.members.length;
  const mean = new Float64Array(m);
  const sd = new Float64Array(m);
  for (let i = 0; i < s.n; i++) for (let j = 0; j < m; j++) mean[j] += s.values[i * m + j];
  for (let j = 0; j < m; j++) mean[j] /= s.n;
  for (let i = 0; i < s.n; i++) for (let j = 0; j < m; j++) sd[j] += (s.values[i * m + j] - mean[j]) ** 2;
  for (let j = 0; j < m; j++) {
    sd[j] = Math.sqrt(sd[j] / s.n);
    if (!(sd[j] > 0)) sd[j] = 1;
  }
  return { mean, sd };
}

/** Scores of `s` re-ordered to the member order `members` (by name). @throws HccError `E_INPUT` when one is missing. */
export function alignMembers(s: MemberScores, members: readonly string[], label: string): Float64Array {
  const idx = members.map((name) => s.members.indexOf(name));
  const missing = members.filter((_, k) => idx[k] < 0);
  if (missing.length) {
    throw new HccError('E_INPUT', `${label}: member(s) ${missing.join(', ')} missing from the scores`, { issues: missing.map((name) => issueError('missing_column', ['members', name], `member "${name}" was fitted but is not in the scores`, { expected: members.join(', '), received: s.members.join(', ') })) });
  }
  const m = s.members.length;
  const k = members.length;
  const out = new Float64Array(s.n * k);
  for (let i = 0; i < s.n; i++) for (let j = 0; j < k; j++) out[i * k + j] = s.values[i * m + idx[j]];
  return out;
}
