// Progress shown on stderr by the long-running commands.

let lastBar = 0;

/** A progress bar on stderr (redrawn in place on a terminal; one line at completion otherwise). */
export function progressBar(label: string, done: number, total: number, extra = ''): void {
  const tty = process.stderr.isTTY === true;
  const now = Date.now();
  if (done < total && (!tty || now - lastBar < 100)) return;
  lastBar = now;
  const width = 24;
  const filled = Math.round((width * done) / Math.max(1, total));
  const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${extra ? ` ${extra}` : ''}`;
  process.stderr.write(tty ? `\r${line}\x1b[K${done >= total ? '\n' : ''}` : `${line}\n`);
}

/** Minutes:seconds. */
export function formatMs(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
