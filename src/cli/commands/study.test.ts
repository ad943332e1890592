import { afterEach, describe, expect, it, vi } from 'vitest';
import { deepProgressHooks, noReportLine } from './study.js';

afterEach(() => vi.restoreAllMocks());

describe('deepProgressHooks', () => {
  it('says which parts of an interrupted Ensemble-DL stage a resumed run reuses, with --no-progress too', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const quiet = deepProgressHooks(false);
    expect(quiet.onTrain).toBeUndefined(); // no bars
    quiet.onReuse?.('ensemble');
    quiet.onReuse?.('fold 1/2');
    expect(lines).toEqual(['deep: ensemble kept from an interrupted run, reused\n', 'deep: fold 1/2 kept from an interrupted run, reused\n']);
    expect(deepProgressHooks(true).onTrain).toBeDefined();
  });
});

describe('noReportLine', () => {
  it('names what a run without a report removed, and says nothing when there was no earlier report', () => {
    expect(noReportLine('/s', [])).toBeNull();
    expect(noReportLine('/s', ['report/report.html', 'report/report.md', 'report/figures/os-c-index.svg', 'report/genomics/section.md'])).toBe(
      "report: --no-report, so the earlier run's report in /s/report (4 file(s): report.html, report.md, figures, genomics section) was removed: it did not match these results",
    );
  });
});
