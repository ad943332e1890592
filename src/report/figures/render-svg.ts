import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Render a Vega-Lite spec to a standalone SVG string in Node (no canvas, no browser).
 * Figures are built as *specs* (data + encoding) by the other files in this folder, so they can
 * also be saved as JSON and re-rendered or restyled by users.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
