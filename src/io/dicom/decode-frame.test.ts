import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { sharedReferencePath } from '../../../test/helpers/reference.js';
import { decodeFrame } from './decode-frame.js';
import { parseDicomBytes } from './parse-file.js';
import { readDicomSeries } from './read-dicom-series.js';
import { decodeRleFrame } from './rle.js';

const sample = (name: string) => parseDicomBytes(new Uint8Array(readFileSync(sharedReferencePath(`imaging/pydicom/${name}`))), name);

describe('transfer syntaxes on pydicom sample files (tier b: same pixels as the uncompressed original)', () => {
  const reference = sample('MR_small.dcm');

  it('MR_small.dcm (explicit VR LE) decodes to 64x64 signed 16-bit values', async () => {
    const v = await decodeFrame(reference);
    expect(v.length).toBe(64 * 64);
    expect(reference.header.pixelRepresentation).toBe(1);
    expect(Math.max(...v)).toBeGreaterThan(1000); // not an empty/garbage frame
  });

  it.each([
    ['MR_small_RLE.dcm', '1.2.840.10008.1.2.5'],
    ['MR_small_jpeg_ls_lossless.dcm', '1.2.840.10008.1.2.4.80'],
    ['MR_small_jp2klossless.dcm', '1.2.840.10008.1.2.4.90'],
  ])('%s decodes to exactly the pixels of MR_small.dcm', async (name, tsUid) => {
    const f = sample(name);
    expect(f.header.transferSyntaxUid).toBe(tsUid);
    const [a, b] = await Promise.all([decodeFrame(f), decodeFrame(reference)]);
    expect(a.length).toBe(b.length);
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing).toBe(0);
  });

  it('an RLE slice assembles into the same volume as the uncompressed one (geometry too)', async () => {
    const [a, b] = await Promise.all([readDicomSeries([sample('MR_small_RLE.dcm')], 'rle'), readDicomSeries([reference], 'ref')]);
    if (!a.ok || !b.ok) throw new Error('read failed');
    expect(Array.from(a.value.volume.data)).toEqual(Array.from(b.value.volume.data));
    expect(a.value.volume.origin).toEqual(b.value.volume.origin);
    expect(a.value.volume.direction).toEqual(b.value.volume.direction);
    expect(a.value.lossyCompression).toBe(false);
  });

  it('JPEG2000.dcm (lossy J2K, 1024x256 NM) decodes; spot values within 25 of GDCM on the same image', async () => {
    // Tolerance: no uncompressed original ships; pydicom's GDCM test of the same image (JPEG-lossy.dcm)
    // asserts a[420,140] = 244 and a[230,120] = 95. Lossy J2K vs lossy JPEG differ by up to ~10 % here.
    const f = sample('JPEG2000.dcm');
    const v = await decodeFrame(f);
    expect([f.header.rows, f.header.columns]).toEqual([1024, 256]);
    expect(Math.abs(v[420 * 256 + 140] - 244)).toBeLessThanOrEqual(25);
    expect(Math.abs(v[230 * 256 + 120] - 95)).toBeLessThanOrEqual(25);
  });

  it('JPEG-lossy.dcm (12-bit JPEG extended) -> dicom_unsupported naming the file (no 12-bit decoder)', async () => {
    const f = sample('JPEG-lossy.dcm');
    const err = await decodeFrame(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HccError);
    expect((err as HccError).issues.map((i) => [i.code, i.path])).toEqual([['dicom_unsupported', ['file', 'JPEG-lossy.dcm']]]);
  });

  it('image_dfl.dcm (deflated explicit VR LE) inflates and decodes 512x512 8-bit pixels', async () => {
    const f = sample('image_dfl.dcm');
    expect(f.header.transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
    const v = await decodeFrame(f);
    expect(v.length).toBe(512 * 512);
    expect(new Set(v).size).toBeGreaterThan(10);
  });

  it('CT_small.dcm: rescale slope 1 / intercept -1024 gives int16 HU in a plausible range', async () => {
    const r = await readDicomSeries([sample('CT_small.dcm')], 'ct');
    if (!r.ok) throw new Error('read failed');
    const v = r.value.volume;
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(v.spacing[0]).toBeCloseTo(0.661468, 6);
    const stored = await decodeFrame(sample('CT_small.dcm'));
    expect(v.data[0]).toBe(stored[0] - 1024);
    expect(r.warnings.map((w) => w.code)).toEqual(['dicom_missing_attribute']); // single slice: spacing from SliceThickness
  });
});

describe('decodeRleFrame (PS3.5 Annex G, tier a: hand-built)', () => {
  it('decodes literal and replicate runs, MSB segment first', () => {
    // 2x2 pixels, 16 bits: values 0x0102, 0x0102, 0x0304, 0x0005
    const header = new Uint8Array(64);
    const dv = new DataView(header.buffer);
    dv.setUint32(0, 2, true);
    const seg1 = [0xff, 0x01, 0x01, 0x03, 0x00]; // replicate 0x01 twice, literal [0x03, 0x00]
    const seg2 = [0xff, 0x02, 0x01, 0x04, 0x05]; // replicate 0x02 twice, literal [0x04, 0x05]
    dv.setUint32(4, 64, true);
    dv.setUint32(8, 64 + seg1.length, true);
    const frame = new Uint8Array([...header, ...seg1, ...seg2]);
    const out = decodeRleFrame(frame, 2, 2, 1, 16);
    expect(Array.from(new Uint16Array(out.buffer))).toEqual([0x0102, 0x0102, 0x0304, 0x0005]);
  });

  it('rejects a truncated segment', () => {
    const header = new Uint8Array(64);
    new DataView(header.buffer).setUint32(0, 1, true);
    new DataView(header.buffer).setUint32(4, 64, true);
    expect(() => decodeRleFrame(new Uint8Array([...header, 0x00, 0x07]), 2, 2, 1, 8)).toThrow(/truncated/);
  });
});
