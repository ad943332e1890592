// Progress shown on stderr by the long-running commands: one bar format, one clock, one policy for
// terminals (redrawn in place, at most every 100 ms) and for logs (a line per finished tenth, or at
// the end only), shared by every command.

/** Minutes:seconds. */
export function formatMs(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** `[####------]` for a fraction done. */
export function barText(fraction: number, width = 24): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(width * f);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** How a progress line is written off a terminal (logs, CI): every update, a line per finished tenth, or the last line only. */
export type OffTerminal = 'every' | 'deciles' | 'end';

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  /** Percentage and elapsed time (default true). */
  readonly timing?: boolean;
  /** An ETA from the mean time per item since the start (default true; only with `timing`). Leave it off when items take very different times. */
  readonly eta?: boolean;
  readonly offTerminal?: OffTerminal;
  /** Clock start (ms since the epoch); default: when the line is created. */
  readonly startMs?: number;
}

/** A progress line: call with items done, total and optional trailing text. */
export type ProgressLine = (done: number, total: number, extra?: string) => void;

/**
 * A progress line labelled `label`: `label [####----] done/total pct% elapsed m:ss ETA m:ss extra`.
 * On a terminal it is redrawn in place (the last update always drawn, with a newline); off a
 * terminal it writes lines as `offTerminal` says (default: one per finished tenth).
 */
export function progressLine(label: string, options: ProgressOptions = {}): ProgressLine {
  const stream = options.stream ?? process.stderr;
  const showTiming = options.timing ?? true;
  const showEta = showTiming && (options.eta ?? true);
  const policy = options.offTerminal ?? 'deciles';
  const t0 = options.startMs ?? Date.now();
  let lastDraw = 0;
  let lastDecile = -1;
  return (done, total, extra = '') => {
    const now = Date.now();
    const final = done >= total;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    if (stream.isTTY === true) {
      if (!final && now - lastDraw < 100) return;
    } else {
      const decile = Math.floor(frac * 10);
      if (policy === 'end' && !final) return;
      if (policy === 'deciles' && decile === lastDecile) return;
      lastDecile = decile;
    }
    lastDraw = now;
    const elapsed = now - t0;
    const eta = done > 0 ? (elapsed / done) * Math.max(0, total - done) : 0;
    const timing = showTiming ? ` ${(100 * frac).toFixed(0)}% elapsed ${formatMs(elapsed)}${showEta ? ` ETA ${formatMs(eta)}` : ''}` : '';
    const line = `${label} ${barText(frac)} ${done}/${total}${timing}${extra ? ` ${extra}` : ''}`;
    stream.write(stream.isTTY === true ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  };
}

const bars = new Map<string, ProgressLine>();

/**
 * A progress line keyed by its label, for callers that report from callbacks without holding one
 * (no elapsed/ETA of its own: such callers put their own ETA in `extra`; off a terminal, the last
 * line only).
 */
export function progressBar(label: string, done: number, total: number, extra = ''): void {
  let bar = bars.get(label);
  if (bar === undefined) {
    bar = progressLine(label, { timing: false, offTerminal: 'end' });
    bars.set(label, bar);
  }
  bar(done, total, extra);
  if (done >= total) bars.delete(label);
}

/**
 * The progress callback of a long step that reports items (patients, stacks) and may run more than
 * once in a command: a fresh {@link progressLine} each time the step starts over (its clock, ETA and
 * tenths start again), so off a terminal it writes one line per finished tenth (default) rather
 * than one per item.
 */
export function stepProgress(label: string, options: ProgressOptions = {}): ProgressLine {
  let line: ProgressLine | null = null;
  return (done, total, extra) => {
    line ??= progressLine(label, options);
    line(done, total, extra);
    if (done >= total) line = null;
  };
}
