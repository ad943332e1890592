import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { indexToWorld } from '../../core/volume.js';
import { parseNrrd, readNrrd } from './read-nrrd.js';

const header = (fields: string[]): string => `NRRD0004\n# comment\n${fields.join('\n')}\n\n`;
const bytes = (h: string, data: Uint8Array): Uint8Array => {
  const hb = Buffer.from(h, 'latin1');
  const out = new Uint8Array(hb.length + data.length);
  out.set(hb, 0);
  out.set(data, hb.length);
  return out;
};
const int16 = (values: number[], little = true): Uint8Array => {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => (little ? b.writeInt16LE(v, 2 * i) : b.writeInt16BE(v, 2 * i)));
  return new Uint8Array(b);
};
const geo = ['dimension: 3', 'sizes: 2 2 1', 'space: left-posterior-superior', 'space directions: (0.5,0,0) (0,-0.75,0) (0,0,3)', 'space origin: (10,20,-5)'];
const errorOf = (f: () => unknown): HccError => {
  try {
    f();
  } catch (e) {
    return e as HccError;
  }
  throw new Error('expected an error');
};

describe('parseNrrd', () => {
  it('reads raw little-endian int16 with LPS geometry (spacing = direction norms)', () => {
    const r = parseNrrd(bytes(header(['type: short', ...geo, 'endian: little', 'encoding: raw']), int16([1, -2, 300, 4])), 'x.nrrd');
    expect(Array.from(r.volume.data)).toEqual([1, -2, 300, 4]);
    expect(r.volume.data).toBeInstanceOf(Int16Array);
    expect(r.volume.shape).toEqual([2, 2, 1]);
    expect(r.volume.spacing).toEqual([0.5, 0.75, 3]);
    expect(r.volume.direction).toEqual([1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(indexToWorld(r.volume, [1, 1, 0])).toEqual([10.5, 19.25, -5]);
  });

  it('reads gzip big-endian data and converts RAS space to LPS', () => {
    const h = header(['type: int16', 'dimension: 3', 'sizes: 2 2 1', 'space: right-anterior-superior', 'space directions: (1,0,0) (0,1,0) (0,0,2)', 'space origin: (1,2,3)', 'endian: big', 'encoding: gzip']);
    const r = parseNrrd(bytes(h, gzipSync(int16([5, 6, 7, 8], false))), 'x.nrrd');
    expect(Array.from(r.volume.data)).toEqual([5, 6, 7, 8]);
    expect(r.volume.origin).toEqual([-1, -2, 3]);
    expect(r.volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it('reads a detached header with its data file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrrd-'));
    writeFileSync(join(dir, 'img.raw'), Buffer.from([1, 2, 3, 4]));
    writeFileSync(join(dir, 'img.nhdr'), header(['type: uchar', ...geo, 'encoding: raw', 'data file: img.raw']));
    const r = readNrrd(join(dir, 'img.nhdr'));
    expect(Array.from(r.volume.data)).toEqual([1, 2, 3, 4]);
    expect(r.header.dataFile).toBe('img.raw');
  });

  it('reports a coded error for bad input', () => {
    expect(errorOf(() => parseNrrd(Buffer.from('P3\n'), 'a.ppm')).issues?.[0]).toMatchObject({ code: 'bad_nrrd', path: ['a.ppm', 'magic'] });
    const noSizes = errorOf(() => parseNrrd(bytes(header(['type: short', 'dimension: 3', 'encoding: raw']), new Uint8Array(0)), 'b.nrrd'));
    expect(noSizes.code).toBe('E_INPUT');
    expect(noSizes.issues?.[0]).toMatchObject({ code: 'bad_nrrd', path: ['b.nrrd', 'sizes'] });
    const short = errorOf(() => parseNrrd(bytes(header(['type: short', ...geo, 'encoding: raw']), int16([1, 2])), 'c.nrrd'));
    expect(short.issues?.[0]).toMatchObject({ code: 'bad_nrrd', path: ['c.nrrd', 'data'] });
    const type = errorOf(() => parseNrrd(bytes(header(['type: block', ...geo, 'encoding: raw']), new Uint8Array(8)), 'd.nrrd'));
    expect(type.issues?.[0]).toMatchObject({ code: 'unsupported_datatype', path: ['d.nrrd', 'type'] });
    const enc = errorOf(() => parseNrrd(bytes(header(['type: short', ...geo, 'encoding: bzip2']), new Uint8Array(8)), 'e.nrrd'));
    expect(enc.issues?.[0]).toMatchObject({ code: 'bad_nrrd', path: ['e.nrrd', 'encoding'] });
    expect(errorOf(() => readNrrd('/nonexistent/x.nrrd')).code).toBe('E_IO');
  });
});
