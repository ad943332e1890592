// `mmf … | head`: a reader that closes the pipe early must not crash the CLI with an EPIPE stack trace.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitQuietlyOnBrokenPipe } from '../../src/cli/main.js';

function fakeStream(): NodeJS.WriteStream {
  return new EventEmitter() as unknown as NodeJS.WriteStream;
}

describe('exitQuietlyOnBrokenPipe', () => {
  it('exits 0 on EPIPE', () => {
    const s = fakeStream();
    const codes: number[] = [];
    exitQuietlyOnBrokenPipe(s, (c) => codes.push(c));
    s.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([0]);
  });
  it('rethrows any other stream error', () => {
    const s = fakeStream();
    const codes: number[] = [];
    exitQuietlyOnBrokenPipe(s, (c) => codes.push(c));
    expect(() => s.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
    expect(codes).toEqual([]);
  });
});
