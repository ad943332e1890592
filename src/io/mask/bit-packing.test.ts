import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { packBits, unpackBits } from './bit-packing.js';

describe('1-bit DICOM pixel packing (oracle: PS3.5 bit order, by hand)', () => {
  it('reads the least significant bit first', () => {
    // 0b00000101 → pixels 0 and 2 set; 0b10000000 → pixel 15 set
    expect(Array.from(unpackBits(new Uint8Array([0x05, 0x80]), 0, 16))).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('unpacks frames that start at odd bit offsets (3×5 = 15-bit frames)', () => {
    const frames = [
      [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    ];
    const packed = packBits(Uint8Array.from(frames.flat()));
    expect(packed.length).toBe(6); // 45 bits → 6 bytes (even length)
    for (let f = 0; f < 3; f++) expect(Array.from(unpackBits(packed, f * 15, 15))).toEqual(frames[f]);
  });

  it('round-trips random bits at every start offset 0..16', () => {
    const rng = createRng(7);
    const bits = Uint8Array.from({ length: 1000 }, () => (rng.uniform() < 0.3 ? 1 : 0));
    const packed = packBits(bits);
    for (let start = 0; start <= 16; start++) {
      const got = unpackBits(packed, start, 1000 - start);
      expect(Array.from(got)).toEqual(Array.from(bits.subarray(start)));
    }
  });
});
