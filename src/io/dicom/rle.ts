/**
 * DICOM RLE Lossless decoder (PS3.5 Annex G). A frame is a 64-byte header (segment count, then 15
 * little-endian uint32 segment offsets) followed by PackBits-coded segments: one segment per byte
 * plane of each sample, most significant byte first (G.2). Output is native little-endian,
 * sample-interleaved bytes, as the uncompressed syntaxes store them.
 * @see https://dicom.nema.org/medical/dicom/current/output/chtml/part05/chapter_G.html
 */

/** Decode one RLE frame into little-endian bytes (`rows*columns*samples*bytesPerSample`). */
export function decodeRleFrame(frame: Uint8Array, rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number): Uint8Array {
  if (frame.length < 64) throw new RangeError(`RLE frame has ${frame.length} bytes, shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const nSegments = view.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  const expected = samplesPerPixel * bytesPerSample;
  if (!Number.isInteger(bytesPerSample) || nSegments !== expected) {
    throw new RangeError(`RLE header declares ${nSegments} segments, expected ${expected} for ${samplesPerPixel} sample(s) of ${bitsAllocated} bits`);
  }
  const nPixels = rows * columns;
  const out = new Uint8Array(nPixels * expected);
  for (let s = 0; s < nSegments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < nSegments ? view.getUint32(8 + 4 * s, true) : frame.length;
    if (start < 64 || end > frame.length || end < start) throw new RangeError(`RLE segment ${s} offsets [${start}, ${end}) lie outside the frame (${frame.length} bytes)`);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segment order is MSB first
    const stride = expected;
    let o = sample * bytesPerSample + byteInSample;
    let written = 0;
    let p = start;
    while (p < end && written < nPixels) {
      const n = frame[p++];
      if (n < 128) {
        const count = n + 1;
        if (p + count > end) throw new RangeError(`RLE segment ${s}: literal run passes the segment end`);
        for (let i = 0; i < count && written < nPixels; i++, written++, o += stride) out[o] = frame[p + i];
        p += count;
      } else if (n > 128) {
        const count = 257 - n;
        const v = frame[p++];
        for (let i = 0; i < count && written < nPixels; i++, written++, o += stride) out[o] = v;
      } // n === 128 is a no-op
    }
    if (written < nPixels) throw new RangeError(`RLE segment ${s} decoded ${written} of ${nPixels} pixels (truncated data)`);
  }
  return out;
}
