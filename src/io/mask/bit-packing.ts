/**
 * DICOM 1-bit pixel data (BitsAllocated = 1, e.g. BINARY segmentations): pixels are packed
 * consecutively with no padding between frames, the first pixel in the least significant bit of the
 * first byte (PS3.5 §8.1.1 and Annex D). Frame f of an R×C image therefore starts at bit f·R·C,
 * which is not byte-aligned when R·C is not a multiple of 8. The whole value is padded to an even
 * number of bytes.
 */

/**
 * Unpack `count` bits starting at bit `startBit` of `packed` into 0/1 bytes.
 * Bits beyond the end of `packed` are not read: the caller checks the length first.
 * @returns a new Uint8Array of length `count` holding 0 or 1.
 */
export function unpackBits(packed: Uint8Array, startBit: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let n = 0;
  let bit = startBit;
  // leading partial byte
  while (n < count && (bit & 7) !== 0) {
    out[n++] = (packed[bit >> 3] >> (bit & 7)) & 1;
    bit++;
  }
  // whole bytes
  let byte = bit >> 3;
  while (n + 8 <= count) {
    const b = packed[byte++];
    out[n] = b & 1;
    out[n + 1] = (b >> 1) & 1;
    out[n + 2] = (b >> 2) & 1;
    out[n + 3] = (b >> 3) & 1;
    out[n + 4] = (b >> 4) & 1;
    out[n + 5] = (b >> 5) & 1;
    out[n + 6] = (b >> 6) & 1;
    out[n + 7] = (b >> 7) & 1;
    n += 8;
  }
  bit = byte << 3;
  while (n < count) {
    out[n++] = (packed[bit >> 3] >> (bit & 7)) & 1;
    bit++;
  }
  return out;
}

/**
 * Pack 0/non-zero bytes into 1-bit DICOM pixel data (inverse of {@link unpackBits} with startBit 0),
 * padded with zero bits to an even number of bytes.
 */
export function packBits(bits: Uint8Array): Uint8Array {
  let bytes = Math.ceil(bits.length / 8);
  if (bytes % 2 === 1) bytes++;
  const out = new Uint8Array(bytes);
  for (let n = 0; n < bits.length; n++) if (bits[n] !== 0) out[n >> 3] |= 1 << (n & 7);
  return out;
}
