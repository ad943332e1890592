import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue, Result } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { groupIntoSeries } from './group-series.js';
import type { ParsedDicomFile } from './parse-file.js';
import { parseDicomBytes, whyNotImageSlice } from './parse-file.js';
import type { DicomSeriesVolume, ReadDicomSeriesOptions } from './read-dicom-series.js';
import { readDicomSeries } from './read-dicom-series.js';

/** Options of `readDicomFolder`. */
export interface ReadDicomFolderOptions extends ReadDicomSeriesOptions {
  /** Only assemble these SeriesInstanceUIDs (default: all). */
  readonly seriesInstanceUids?: readonly string[];
}

/** One series found in the folder and what became of it. */
export interface DicomSeriesRead {
  readonly label: string;
  readonly seriesInstanceUid: string;
  /** Files (relative to the root, '/'-separated) in the series, input order. */
  readonly files: readonly string[];
  readonly result: Result<DicomSeriesVolume>;
}

/** Everything `readDicomFolder` found. */
export interface DicomFolderRead {
  readonly root: string;
  readonly series: readonly DicomSeriesRead[];
  /** Files that are not part of any series: unreadable (error) or non-image objects (warning, skipped). */
  readonly fileIssues: readonly Issue[];
  readonly filesScanned: number;
}

/** A scanned image file: its header and a loader that parses it again (into a reused buffer). */
interface DicomSliceRef {
  readonly header: ParsedDicomFile['header'];
  readonly load: () => ParsedDicomFile;
}

/**
 * Reads whole files into one growing, reused buffer: the bytes of the previous file are overwritten
 * by the next read, so scanning a folder of N slices allocates about one file's worth of memory
 * instead of N (and leaves no garbage for the collector). Callers must finish with a result before
 * the next `read`.
 */
class ScratchFileReader {
  private buf = new Uint8Array(0);

  read(path: string): Uint8Array {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > this.buf.length) this.buf = new Uint8Array(Math.max(size, Math.ceil(this.buf.length * 1.5)));
      let off = 0;
      while (off < size) {
        const n = readSync(fd, this.buf, off, size - off, off);
        if (n === 0) break;
        off += n;
      }
      return this.buf.subarray(0, off);
    } finally {
      closeSync(fd);
    }
  }
}

/** Parse a scanned file again for its pixels; a file that vanished or changed becomes a coded issue. */
function loadAgain(reader: ScratchFileReader, full: string, rel: string): ParsedDicomFile {
  let bytes: Uint8Array;
  try {
    bytes = reader.read(full);
  } catch (e) {
    throw new HccError('E_IO', `${rel}: cannot read file again for its pixels (${(e as Error).message})`, { cause: e, issues: [issueError('dicom_unreadable', ['file', rel], `cannot read file: ${(e as Error).message}`)] });
  }
  return parseDicomBytes(bytes, rel);
}

/** All regular files under `root`, relative and '/'-separated, in sorted order (for stable reports only). */
export function listFilesRecursive(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/**
 * Scan a folder tree for DICOM files, group them into series (SeriesInstanceUID, then size and
 * orientation) and assemble each into a volume with `readDicomSeries`. Files are parsed once for
 * their headers and once more, one at a time, for their pixels (memory: the decoded volume plus one
 * file, not the whole folder). Never throws for bad files:
 * unreadable or truncated files become `dicom_unreadable` errors naming the file; non-image objects
 * (SEG, RTSTRUCT, SR, localisers, DICOMDIR, ...) are skipped with a `dicom_not_image` warning.
 * Throws `HccError('E_IO')` only when `root` itself cannot be read.
 */
export async function readDicomFolder(root: string, options: ReadDicomFolderOptions = {}): Promise<DicomFolderRead> {
  let files: string[];
  try {
    files = statSync(root).isDirectory() ? listFilesRecursive(root) : [];
  } catch (e) {
    throw new HccError('E_IO', `cannot read folder ${root}: ${(e as Error).message}`, { cause: e });
  }
  if (files.length === 0) throw new HccError('E_IO', `${root}: not a folder or it holds no files`);
  const fileIssues: Issue[] = [];
  const images: DicomSliceRef[] = [];
  const reader = new ScratchFileReader();
  for (const rel of files) {
    let parsed: ParsedDicomFile;
    try {
      parsed = parseDicomBytes(reader.read(join(root, rel)), rel);
    } catch (e) {
      if (e instanceof HccError && e.issues.length) fileIssues.push(...e.issues);
      else fileIssues.push(issueError('dicom_unreadable', ['file', rel], `cannot read file: ${(e as Error).message}`));
      continue;
    }
    const why = whyNotImageSlice(parsed.header);
    if (why !== null) {
      fileIssues.push(issueWarning('dicom_not_image', ['file', rel], `skipped: ${why}`));
      continue;
    }
    // Keep only the header: the pixels are read again, one slice at a time, when the series is
    // assembled, so the folder's bytes are never all in memory next to the decoded volume.
    const { header } = parsed;
    images.push({ header, load: () => loadAgain(reader, join(root, rel), rel) });
  }
  const wanted = options.seriesInstanceUids ? new Set(options.seriesInstanceUids) : null;
  const series: DicomSeriesRead[] = [];
  for (const g of groupIntoSeries(images)) {
    if (wanted && !wanted.has(g.seriesInstanceUid)) continue;
    const result = await readDicomSeries(g.members, g.label, options);
    series.push({ label: g.label, seriesInstanceUid: g.seriesInstanceUid, files: g.members.map((m) => m.header.file), result });
  }
  return { root, series, fileIssues, filesScanned: files.length };
}
