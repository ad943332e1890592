import { describe, expect, it } from 'vitest';
import { issueError, issueKey, issueWarning } from './issues.js';

describe('issueKey', () => {
  it('is the same for the same code and path, whatever the message or severity', () => {
    const a = issueError('missing_value', ['p.csv', 'row', 3, 'os_time'], 'OS time is missing');
    const b = issueWarning('missing_value', ['p.csv', 'row', 3, 'os_time'], 'patient P3 left out: OS time is missing');
    expect(issueKey(a)).toBe(issueKey(b));
  });

  it('tells apart another code, another place, and paths that only join alike', () => {
    const a = issueError('missing_value', ['p.csv', 'row', 3, 'os_time'], 'x');
    expect(issueKey(a)).not.toBe(issueKey({ ...a, code: 'not_a_number' }));
    expect(issueKey(a)).not.toBe(issueKey({ ...a, path: ['p.csv', 'row', 4, 'os_time'] }));
    expect(issueKey({ code: 'bad_option', path: ['a.b'] })).not.toBe(issueKey({ code: 'bad_option', path: ['a', 'b'] }));
  });
});
