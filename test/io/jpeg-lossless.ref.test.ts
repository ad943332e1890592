import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFrame, parseDicomBytes } from '../../src/io/index.js';
import { localReferencePath, sharedReferencePath } from '../helpers/reference.js';

// Oracle tier (b): DCMTK 3.6.7 (dcmcjpeg) encoded pydicom's CT_small.dcm losslessly; decoding
// through our DICOM reader (jpeg-lossless-decoder-js) must give the original pixels exactly.
async function pixels(path: string): Promise<{ syntax: string; values: Int32Array }> {
  const parsed = parseDicomBytes(new Uint8Array(readFileSync(path)), path);
  const values = await decodeFrame(parsed);
  return { syntax: (parsed as unknown as { transferSyntaxUid?: string }).transferSyntaxUid ?? '', values };
}

describe('JPEG lossless (process 14) transfer syntaxes', () => {
  for (const [name, uid] of [
    ['ct_small_jpeg_lossless_sv1.dcm', '1.2.840.10008.1.2.4.70'],
    ['ct_small_jpeg_lossless_p14.dcm', '1.2.840.10008.1.2.4.57'],
  ] as const) {
    it(`${name} (${uid}) decodes to the uncompressed CT_small pixels`, async () => {
      const original = await pixels(sharedReferencePath('imaging/pydicom/CT_small.dcm'));
      const jpeg = await pixels(localReferencePath(`imaging/jpeg-lossless/${name}`));
      expect(jpeg.values.length).toBe(128 * 128);
      let differing = 0;
      for (let i = 0; i < original.values.length; i++) if (original.values[i] !== jpeg.values[i]) differing++;
      expect(differing).toBe(0);
      expect(readFileSync(localReferencePath(`imaging/jpeg-lossless/${name}`)).includes(Buffer.from(uid))).toBe(true);
    });
  }
});
