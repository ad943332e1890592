import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import type { NamedTable } from '../../src/fusion/evaluate.js';

/** A Vega-Lite spec rendered headless to SVG text (the view finalised afterwards). */
export async function svgOf(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A result table as the report reads it. */
export function table(name: string, columns: string[], rows: (string | number | null)[][]): NamedTable {
  return { name, columns, rows } as unknown as NamedTable;
}
