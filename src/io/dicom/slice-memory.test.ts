import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { patchDicom, syntheticCt, tempDir, writeSlices } from '../../../test/helpers/synthetic-dicom.js';
import { decodeFrame } from './decode-frame.js';
import { parseDicomBytes } from './parse-file.js';
import { readDicomFolder } from './read-dicom-folder.js';
import type { DicomSliceSource } from './read-dicom-series.js';
import { readDicomSeries } from './read-dicom-series.js';
import { writeDicomSeries } from './write-dicom-series.js';

// Memory-saving paths of the DICOM reader: decoding into a reused buffer, slices loaded lazily one at
// a time, and a folder scan that reads every file into one reused buffer. Each must give exactly the
// voxels of the plain path.

const UIDS = { studyInstanceUid: '2.25.7001', seriesInstanceUid: '2.25.7002', frameOfReferenceUid: '2.25.7003' };
const dirs: string[] = [];
const fresh = (): string => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const truth = syntheticCt([7, 5, 6]);
const written = writeDicomSeries(truth, UIDS);
const parsed = written.map((s, k) => parseDicomBytes(s.bytes, `slice${k}.dcm`));

describe('decodeFrame into a caller-owned buffer', () => {
  it('writes into the target and returns a view of it with the same values as a fresh decode', async () => {
    const target = new Int32Array(7 * 5 + 10).fill(12345);
    const plain = await decodeFrame(parsed[2]);
    const into = await decodeFrame(parsed[2], 0, target);
    expect(into.buffer).toBe(target.buffer);
    expect(into.length).toBe(35);
    expect(Array.from(into)).toEqual(Array.from(plain));
    expect(target[35]).toBe(12345); // nothing written past the frame
    // and the values are the stored ones: HU − intercept (−1024)
    expect(into[0]).toBe(truth.data[2 * 35] + 1024);
  });

  it('allocates a fresh array when the target is too short (never a truncated frame)', async () => {
    const short = new Int32Array(10);
    const v = await decodeFrame(parsed[0], 0, short);
    expect(v.buffer).not.toBe(short.buffer);
    expect(v.length).toBe(35);
    expect(Array.from(v)).toEqual(Array.from(await decodeFrame(parsed[0])));
  });

  it('keeps only BitsStored bits of 16-bit words, sign-extending when PixelRepresentation is 1', async () => {
    // Stored word 0xF00A with 12 bits stored: unsigned -> 0x00A = 10; signed -> 0x00A also (bit 11 clear);
    // word 0x0FFF: unsigned 4095, signed -1.
    const one = syntheticCt([2, 1, 1]);
    const [slice] = writeDicomSeries(one, { ...UIDS, rescaleIntercept: 0 });
    const withWords = (signed: 0 | 1) =>
      parseDicomBytes(
        patchDicom(slice.bytes, (ds) => {
          ds.BitsStored = 12;
          ds.HighBit = 11;
          ds.PixelRepresentation = signed;
          ds.PixelData = [new Uint16Array([0xf00a, 0x0fff]).buffer];
        }),
        'words.dcm',
      );
    const target = new Int32Array(2);
    expect(Array.from(await decodeFrame(withWords(0), 0, target))).toEqual([10, 4095]);
    expect(Array.from(await decodeFrame(withWords(1), 0, target))).toEqual([10, -1]);
  });
});

describe('readDicomSeries with lazily loaded slices', () => {
  it('gives the same volume as parsed files and loads each slice exactly once', async () => {
    const loads = new Map<string, number>();
    const lazy: DicomSliceSource[] = parsed.map((p) => ({
      header: p.header,
      load: () => {
        loads.set(p.header.file, (loads.get(p.header.file) ?? 0) + 1);
        return p;
      },
    }));
    const [a, b] = await Promise.all([readDicomSeries(lazy, 'lazy'), readDicomSeries(parsed, 'parsed')]);
    if (!a.ok || !b.ok) throw new Error('read failed');
    expect(Array.from(a.value.volume.data)).toEqual(Array.from(truth.data));
    expect(Array.from(a.value.volume.data)).toEqual(Array.from(b.value.volume.data));
    expect(a.value.volume.origin).toEqual(b.value.volume.origin);
    expect(loads.size).toBe(6);
    expect([...loads.values()].every((n) => n === 1)).toBe(true);
  });

  it('reports a slice whose reload fails as a coded issue naming the series and file, without throwing', async () => {
    const lazy: DicomSliceSource[] = parsed.map((p, k) => ({
      header: p.header,
      load: () => {
        if (k === 3) throw new HccError('E_IO', 'gone', { issues: [issueError('dicom_unreadable', ['file', p.header.file], 'cannot read file: gone')] });
        return p;
      },
    }));
    const r = await readDicomSeries(lazy, 'lazy');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].code).toBe('dicom_unreadable');
    expect(r.issues[0].path).toEqual(['series', 'lazy', 'file', 'slice3.dcm']);
  });
});

describe('readDicomFolder reading files into one reused buffer', () => {
  it('reads two series of different file sizes to their exact voxels', async () => {
    // The scan reads the small series' files, then the larger ones (the scratch buffer grows); the
    // pixel pass then reads the small files into the grown buffer again.
    const big = syntheticCt([24, 20, 5]);
    const small = syntheticCt([7, 5, 6]);
    const uidsBig = { studyInstanceUid: '2.25.7101', seriesInstanceUid: '2.25.7102', frameOfReferenceUid: '2.25.7103' };
    const d = fresh();
    mkdirSync(join(d, 'a'));
    mkdirSync(join(d, 'b'));
    writeSlices(join(d, 'a'), writeDicomSeries(small, UIDS));
    writeSlices(join(d, 'b'), writeDicomSeries(big, uidsBig));
    const read = await readDicomFolder(d);
    expect(read.fileIssues).toEqual([]);
    expect(read.filesScanned).toBe(11);
    expect(read.series.map((s) => s.seriesInstanceUid).sort()).toEqual([UIDS.seriesInstanceUid, uidsBig.seriesInstanceUid]);
    for (const s of read.series) {
      if (!s.result.ok) throw new Error(JSON.stringify(s.result.issues));
      const want = s.seriesInstanceUid === UIDS.seriesInstanceUid ? small : big;
      expect(s.result.value.volume.shape).toEqual(want.shape);
      expect(Array.from(s.result.value.volume.data)).toEqual(Array.from(want.data));
    }
  });
});
