/** Escape text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Options of {@link markdownToHtml}. */
export interface MarkdownToHtmlOptions {
  /**
   * HTML for an image line `![alt](src)` (e.g. an inline SVG read from `src`); null or absent: the
   * image becomes a link to `src`, so the HTML stays free of external resources.
   */
  readonly image?: (src: string, alt: string) => string | null;
}

/**
 * Minimal Markdown → HTML for what this report writes: headings, pipe tables (cells of columns
 * aligned `---:` get class `num`, right-aligned by the report's CSS; other columns are text),
 * bullet lists, image lines, paragraphs, `code`, **bold**.
 */
export function markdownToHtml(md: string, options: MarkdownToHtmlOptions = {}): string {
  const out: string[] = [];
  const inline = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const h = /^(#{1,4}) (.*)$/.exec(l);
    const img = /^!\[([^\]]*)\]\(([^)\s]+)\)\s*$/.exec(l);
    if (h) out.push(`<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`);
    else if (img) out.push(options.image?.(img[2], img[1]) ?? `<p><a href="${escapeHtml(img[2])}">${inline(img[1] || img[2])}</a></p>`);
    else if (l.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(1, -1).split('|').map((c) => c.trim()));
      i--;
      const isRule = rows.length > 1 && rows[1].every((c) => /^:?-+:?$/.test(c));
      const right = isRule ? rows[1].map((c) => /-:$/.test(c)) : [];
      const body = isRule ? rows.filter((_, k) => k !== 1) : rows;
      const cell = (tag: string, c: string, j: number) => `<${tag}${right[j] ? ' class="num"' : ''}>${inline(c)}</${tag}>`;
      out.push('<table>' + body.map((r, k) => `<tr>${r.map((c, j) => cell(k === 0 ? 'th' : 'td', c, j)).join('')}</tr>`).join('') + '</table>');
    } else if (l.startsWith('- ')) {
      const items: string[] = [];
      for (; i < lines.length && lines[i].startsWith('- '); i++) items.push(`<li>${inline(lines[i].slice(2))}</li>`);
      i--;
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (l.trim()) out.push(`<p>${inline(l)}</p>`);
  }
  return out.join('\n');
}


/**
 * An SVG with every `id` prefixed (and the references to it: `url(#id)`, `href="#id"`), so that
 * several SVGs inlined in one HTML page cannot pick up each other's gradients or clip paths: ids are
 * global in a document, and two renderer processes both number their first gradient `gradient_0`.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  if (!ids.size) return svg;
  const p = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return svg
    .replace(/(\sid=")([^"]+)"/g, (m, a: string, id: string) => `${a}${p}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${p}-${id})` : m))
    .replace(/(href=")#([^"]+)"/g, (m, a: string, id: string) => (ids.has(id) ? `${a}#${p}-${id}"` : m));
}
