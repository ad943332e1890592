import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../write-tables.js';
import { escapeHtml, markdownToHtml, prefixSvgIds } from './markdown-html.js';

/** Folder (below the report folder) where the genomics step writes its section (`section.md` + SVGs). */
export const GENOMICS_DIR = 'genomics';
/** Files the genomics step writes into {@link GENOMICS_DIR}, by role (one list, so a run without a report removes exactly these). */
export const GENOMICS_FILES = { markdown: 'section.md', volcano: 'volcano.svg', gseaDot: 'gsea-dot.svg', oraUpDot: 'ora-up-dot.svg', genes: 'genes.csv', gsea: 'gsea.csv', oraUp: 'ora-up.csv', oraDown: 'ora-down.csv' } as const;
/** Comments around the genomics section in report.md and report.html, so a rerun replaces it. */
export const GENOMICS_START = '<!-- mmf:genomics:start -->';
export const GENOMICS_END = '<!-- mmf:genomics:end -->';

/** The genomics section as a report block: Markdown for report.md and HTML for report.html. */
export interface GenomicsBlock {
  readonly kind: 'html';
  readonly markdown: string;
  readonly html: string;
}

/**
 * The genomics section of the report, read from `<reportDir>/genomics/section.md` (written by the
 * study's genomics step): in report.md its figure links point into `genomics/`; in report.html the
 * SVGs are inlined (the HTML stays self-contained) and tables are HTML tables. Both are wrapped in
 * {@link GENOMICS_START} / {@link GENOMICS_END}. Null when the folder holds no section.
 */
export function readGenomicsBlock(reportDir: string): GenomicsBlock | null {
  const dir = join(reportDir, GENOMICS_DIR);
  const file = join(dir, GENOMICS_FILES.markdown);
  if (!existsSync(file)) return null;
  const section = readFileSync(file, 'utf8').trim();
  const markdown = section.replace(/\]\((?![a-z]+:|\/)([^)]+)\)/gi, `](${GENOMICS_DIR}/$1)`);
  const image = (src: string, alt: string): string | null => {
    const svg = join(dir, basename(src));
    if (!/\.svg$/i.test(src) || !existsSync(svg)) return null;
    return `<figure>${prefixSvgIds(readFileSync(svg, 'utf8').trim(), `genomics-${basename(src, '.svg')}`)}<figcaption>${escapeHtml(alt)}</figcaption></figure>`;
  };
  return { kind: 'html', markdown: `${GENOMICS_START}\n${markdown}\n${GENOMICS_END}`, html: `${GENOMICS_START}\n${markdownToHtml(section, { image })}\n${GENOMICS_END}` };
}

/**
 * `text` with the marked genomics section replaced by `block` (or removed when null); without a
 * marked section, `block` goes before `before` (the notes-and-warnings heading), else before `end`
 * (e.g. `</body>`), else at the end.
 */
export function spliceSection(text: string, block: string | null, before: string, end: string | null): string {
  const a = text.indexOf(GENOMICS_START);
  const b = a >= 0 ? text.indexOf(GENOMICS_END, a) : -1;
  if (a >= 0 && b >= 0) return text.slice(0, a) + (block ?? '') + text.slice(b + GENOMICS_END.length);
  if (block === null) return text;
  const at = text.indexOf(before);
  if (at >= 0) return `${text.slice(0, at)}${block}\n\n${text.slice(at)}`;
  const e = end === null ? -1 : text.lastIndexOf(end);
  if (e >= 0) return `${text.slice(0, e)}${block}\n${text.slice(e)}`;
  return `${text.replace(/\s*$/, '')}\n\n${block}\n`;
}

/**
 * Put the genomics section (from `<reportDir>/genomics/section.md`) into an already written
 * report.md and report.html, before the notes and warnings (or at the end), replacing the section a
 * previous run put there; with no section file, an old section is removed. Returns the files changed.
 */
export function spliceGenomicsIntoReport(reportDir: string, notesHeading = 'Notes and warnings'): string[] {
  const block = readGenomicsBlock(reportDir);
  const changed: string[] = [];
  const files = [
    { path: join(reportDir, 'report.md'), text: block?.markdown ?? null, before: `## ${notesHeading}`, end: null },
    { path: join(reportDir, 'report.html'), text: block?.html ?? null, before: `<h2>${escapeHtml(notesHeading)}</h2>`, end: '</body>' },
  ];
  for (const f of files) {
    if (!existsSync(f.path)) continue;
    const old = readFileSync(f.path, 'utf8');
    const next = spliceSection(old, f.text, f.before, f.end);
    if (next !== old) {
      writeFileAtomic(f.path, next);
      changed.push(f.path);
    }
  }
  return changed;
}
