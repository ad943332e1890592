import type { Issue } from '../../core/issues.js';

/** Redacts identifying text from every message before it reaches a log, report or UI. */
export interface Sanitiser {
  /** Add values that must never appear (names, IDs, dates...). */
  addSecrets(values: Iterable<string>): void;
  /** Add original → replacement UIDs; original UIDs in messages are replaced. */
  addUidMap(map: ReadonlyMap<string, string>): void;
  text(message: string): string;
  issue(issue: Issue): Issue;
}

/**
 * UID-like tokens: four or more dotted components, or the three-component UUID-derived form
 * `2.25.<decimal UUID>` (PS3.5 B.2), which the first alternative would miss.
 */
const UID = String.raw`(?:\d+(?:\.\d+){3,}|2\.25\.\d{6,})`;
const UID_LIKE = new RegExp(String.raw`\b${UID}\b`, 'g');
const IS_UID = new RegExp(`^${UID}$`);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A sanitiser: secrets (and each '^'/space-separated component of at least 3 characters) are
 * replaced by `[redacted]`, case-insensitively; UID-like tokens become their replacement UID when
 * known, stay when they are DICOM-defined (1.2.840.10008.*) or already a replacement, and become
 * `[uid]` otherwise. Values shorter than 3 characters are not redacted (they would wreck ordinary
 * words and carry little identity, e.g. sex 'M').
 */
export function createSanitiser(): Sanitiser {
  const secrets = new Set<string>();
  const uidMap = new Map<string, string>();
  const replacements = new Set<string>();
  let pattern: RegExp | null = null;
  const add = (s: string): void => {
    const v = s.trim();
    if (v.length >= 3 && !IS_UID.test(v)) secrets.add(v); // UIDs are handled by the UID pass
  };
  return {
    addSecrets(values) {
      for (const v of values) {
        if (typeof v !== 'string') continue;
        add(v);
        for (const part of v.split(/[\^=\s,]+/)) add(part);
      }
      pattern = null;
    },
    addUidMap(map) {
      for (const [k, v] of map) {
        uidMap.set(k, v);
        replacements.add(v);
      }
    },
    text(message) {
      let out = message;
      if (secrets.size) {
        pattern ??= new RegExp([...secrets].sort((a, b) => b.length - a.length).map(escape).join('|'), 'gi');
        out = out.replace(pattern, '[redacted]');
      }
      return out.replace(UID_LIKE, (uid) => uidMap.get(uid) ?? (replacements.has(uid) || uid.startsWith('1.2.840.10008.') ? uid : '[uid]'));
    },
    issue(issue) {
      const t = (s: string | undefined) => (s === undefined ? undefined : this.text(s));
      return {
        ...issue,
        path: issue.path.map((p) => (typeof p === 'string' ? this.text(p) : p)),
        message: this.text(issue.message),
        ...(issue.expected !== undefined ? { expected: t(issue.expected) } : {}),
        ...(issue.received !== undefined ? { received: t(issue.received) } : {}),
      };
    },
  };
}
