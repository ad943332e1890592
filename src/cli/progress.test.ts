import { describe, expect, it } from 'vitest';
import { captureStderr } from '../../test/helpers/stderr.js';
import { barText, formatMs, progressBar, progressLine, stepProgress } from './progress.js';

/** A stand-in stderr that records what is written. */
function sink(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

describe('progress lines', () => {
  it('formats minutes:seconds and bars', () => {
    expect(formatMs(0)).toBe('0:00');
    expect(formatMs(61_400)).toBe('1:01');
    expect(formatMs(-5)).toBe('0:00');
    expect(barText(0.5, 10)).toBe('[#####-----]');
    expect(barText(2, 4)).toBe('[####]');
    expect(barText(Number.NaN, 4)).toBe('[----]');
  });

  it('off a terminal writes the first update and then one line per finished tenth, with elapsed time, ETA and the extra text', () => {
    const s = sink(false);
    const line = progressLine('work', { stream: s.stream, startMs: Date.now() });
    for (let i = 1; i <= 40; i++) line(i, 40, `p${i}`);
    const lines = s.text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^work \[#?-+\] 1\/40 3% elapsed \d+:\d\d ETA \d+:\d\d p1$/);
    expect(lines[1]).toMatch(/^work \[##-{22}\] 4\/40 10% elapsed \d+:\d\d ETA \d+:\d\d p4$/);
    expect(lines[10]).toMatch(/^work \[#{24}\] 40\/40 100% elapsed \d+:\d\d ETA 0:00 p40$/);
  });

  it("off a terminal 'every' writes each update and 'end' the last one only", () => {
    const every = sink(false);
    const a = progressLine('a', { stream: every.stream, offTerminal: 'every' });
    for (let i = 1; i <= 3; i++) a(i, 3);
    expect(every.text().trim().split('\n')).toHaveLength(3);
    const end = sink(false);
    const b = progressLine('b', { stream: end.stream, offTerminal: 'end', timing: false });
    for (let i = 1; i <= 3; i++) b(i, 3, 'x');
    expect(end.text()).toBe('b [########################] 3/3 x\n');
  });

  it('on a terminal redraws in place, throttled, and always draws the last update with a newline', () => {
    const s = sink(true);
    const line = progressLine('t', { stream: s.stream });
    for (let i = 1; i <= 1000; i++) line(i, 1000);
    const out = s.text();
    const draws = out.split('\r').length - 1;
    expect(draws).toBeGreaterThanOrEqual(2);
    expect(draws).toBeLessThan(1000);
    expect(out.endsWith('ETA 0:00\x1b[K\n')).toBe(true);
    expect(out).toContain('\rt [');
  });

  it('eta: false keeps the percentage and elapsed time but no ETA', () => {
    const s = sink(false);
    progressLine('s', { stream: s.stream, eta: false, offTerminal: 'every' })(1, 4, 'x');
    expect(s.text()).toMatch(/^s \[######-{18}\] 1\/4 25% elapsed \d+:\d\d x\n$/);
  });

  it('a zero total counts as done', () => {
    const s = sink(false);
    progressLine('z', { stream: s.stream, timing: false })(0, 0);
    expect(s.text()).toBe('z [########################] 0/0\n');
  });

  it('progressBar keeps one line per label and prints the finished line off a terminal', () => {
    const chunks = captureStderr(() => {
      for (let i = 1; i <= 5; i++) progressBar('epoch 1/2', i, 5, `loss ${i}`);
      for (let i = 1; i <= 5; i++) progressBar('epoch 2/2', i, 5);
    });
    expect(chunks).toEqual(['epoch 1/2 [########################] 5/5 loss 5\n', 'epoch 2/2 [########################] 5/5\n']);
  });
});

describe('stepProgress', () => {
  it('off a terminal writes a line per finished tenth (not one per item), and starts afresh when the step runs again', () => {
    const s = sink(false);
    const step = stepProgress('radiomic features', { stream: s.stream });
    for (let i = 1; i <= 98; i++) step(i, 98);
    const first = s.text().trim().split('\n');
    expect(first.length).toBeLessThanOrEqual(11);
    expect(first.at(-1)).toMatch(/^radiomic features \[#{24}\] 98\/98 100% elapsed \d+:\d\d ETA 0:00$/);
    for (let i = 1; i <= 5; i++) step(i, 5);
    const second = s.text().trim().split('\n').slice(first.length);
    expect(second).toHaveLength(5);
    expect(second[0]).toMatch(/ 1\/5 20% /);
  });
});
