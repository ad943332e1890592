import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeJpegBaseline } from './codecs.js';

const require = createRequire(import.meta.url);

interface Encoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean }): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  setQuality(q: number): void;
  delete(): void;
}

describe('8-bit JPEG baseline through libjpeg-turbo (tier c: encode/decode round trip; no baseline sample ships)', () => {
  it('decodes a quality-100 grey-scale gradient within 2 grey levels', async () => {
    const mod = await (require('@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs') as (o: object) => Promise<{ JPEGEncoder: new () => Encoder }>)({ print: () => undefined, printErr: () => undefined });
    const enc = new mod.JPEGEncoder();
    const width = 32;
    const height = 16;
    const pixels = new Uint8Array(width * height).map((_, p) => (p % width) * 6 + Math.floor(p / width) * 3);
    enc.getDecodedBuffer({ width, height, bitsPerSample: 8, componentCount: 1, isSigned: false }).set(pixels);
    enc.setQuality(100);
    enc.encode();
    const jpeg = enc.getEncodedBuffer().slice();
    enc.delete();
    const frame = await decodeJpegBaseline(jpeg);
    expect([frame.width, frame.height, frame.componentCount, frame.bitsPerSample]).toEqual([width, height, 1, 8]);
    let worst = 0;
    for (let i = 0; i < pixels.length; i++) worst = Math.max(worst, Math.abs(frame.bytes[i] - pixels[i]));
    expect(worst).toBeLessThanOrEqual(2);
  });
});
