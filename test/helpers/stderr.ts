/**
 * Run `f` with process.stderr captured as if it were not a terminal (log / CI output); returns the
 * chunks written. stderr's `write` and `isTTY` are restored afterwards, also when `f` throws.
 */
export function captureStderr(f: () => void): string[] {
  const chunks: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  const tty = process.stderr.isTTY;
  Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  process.stderr.write = ((c: string) => (chunks.push(String(c)), true)) as typeof process.stderr.write;
  try {
    f();
  } finally {
    process.stderr.write = original;
    Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
  }
  return chunks;
}
