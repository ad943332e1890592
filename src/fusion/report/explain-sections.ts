import { relative, resolve, sep } from 'node:path';
import type { NamedTable } from '../evaluate.js';
import type { DeepRadiomicCorrelation } from '../explain/deep-radiomic-correlation.js';
import { correlationHeatmapSpec } from '../explain/correlation-heatmap.js';
import type { GradCamGallery } from '../explain/grad-cam-gallery.js';
import { escapeHtml } from './markdown-html.js';
import type { ReportBlock } from './write-report.js';

/**
 * Raw HTML for the self-contained report, with the Markdown to write in its place in report.md
 * (the Grad-CAM gallery needs `<img>` tags with data URIs, which the report's Markdown → HTML
 * conversion does not produce).
 */
export interface HtmlReportBlock {
  readonly kind: 'html';
  readonly html: string;
  readonly markdown: string;
}

/** A block of the explainability sections: the report's own kinds plus raw HTML. */
export type ExplainReportBlock = ReportBlock | HtmlReportBlock;

/** Input of `explainabilitySections` / `explainabilityTables`; either part may be absent. */
export interface ExplainabilityInput {
  readonly correlation?: DeepRadiomicCorrelation | null;
  readonly gallery?: GradCamGallery | null;
  /** Rows of the top-pairs table in the text (default 10). */
  readonly topPairs?: number;
  /**
   * How report.md shows gallery images: `data-uri` (default: self-contained, but large) or
   * `path` (the PNG path relative to `markdownBase`, e.g. `../gradcam/cnn25d/P1_gradcam_k21.png`,
   * so the links survive moving the study folder; as given when `markdownBase` is absent).
   */
  readonly markdownImages?: 'data-uri' | 'path';
  readonly markdownBase?: string;
}

const f3 = (v: number | null) => (v === null ? 'NA' : v.toFixed(3));
const fp = (v: number | null) => (v === null ? 'NA' : v < 1e-4 ? v.toExponential(1) : v.toPrecision(2));

function correlationBlocks(c: DeepRadiomicCorrelation, top: number): ReportBlock[] {
  const d = c.diagnostics;
  const reasons = (['missing', 'constant', 'below_top_k'] as const).map((r) => [r, d.dropped.filter((x) => x.reason === r).length] as const).filter(([, k]) => k > 0);
  const text = [
    '### Deep features vs radiomic features',
    '',
    `Spearman correlation (average ranks for ties; two-sided p from the t approximation with n − 2 df) between ${c.deepFeatures.length} deep features (penultimate layer) and ${c.radiomicFeatures.length} radiomic (IBSI) features on the ${d.nJoined} patients with both (${d.onlyDeep} with deep features only, ${d.onlyRadiomic} with radiomic features only). False discovery rate controlled by Benjamini–Hochberg over ${d.nTested} computable pairs: **${d.nSignificant}** pair(s) with q < ${d.alpha}.` +
      (reasons.length ? ` Features left out: ${reasons.map(([r, k]) => `${k} ${r === 'below_top_k' ? 'deep features outside the top by variance' : r}`).join(', ')}.` : ''),
  ];
  const rows = [...c.pairs].filter((p) => p.rho !== null).sort((a, b) => Math.abs(b.rho!) - Math.abs(a.rho!)).slice(0, top);
  if (rows.length) {
    text.push('', '| deep feature | radiomic feature | n | ρ | p | q (BH) |', '|---|---|---:|---:|---:|---:|');
    for (const p of rows) text.push(`| ${p.deep} | ${p.radiomic} | ${p.n} | ${f3(p.rho)} | ${fp(p.p)} | ${fp(p.q)}${p.significant ? ' *' : ''} |`);
  }
  const blocks: ReportBlock[] = [{ kind: 'md', text: text.join('\n') }];
  const spec = correlationHeatmapSpec(c);
  if (spec) blocks.push({ kind: 'figure', name: 'deep-radiomic-correlation', caption: `Spearman ρ of deep vs radiomic features (n = ${d.nJoined}); dots: q < ${d.alpha} (Benjamini–Hochberg); ${d.orderMethod}.`, figure: { kind: 'vega', spec } });
  return blocks;
}

function galleryBlocks(g: GradCamGallery, input: ExplainabilityInput): ExplainReportBlock[] {
  const intro = `### Grad-CAM gallery\n\nGrad-CAM overlays (OS head; tumour outline drawn) of the member \`${g.member}\` (the other members' overlays are in gradcam/<member>/), for the ${g.selection}. The ${g.scoreLabel} is the ensemble's OS output, the same for every member; the imaging model's risk in results/predictions.csv is a Cox linear predictor of it. Each image is the axial CT slice at the centre of the member's input stack.`;
  if (!g.items.length) return [{ kind: 'md', text: `${intro} No images could be shown.` }];
  // both resolved, so a relative study folder (`mmf report --out study`) still links from report/
  const rel = (file: string) => (input.markdownBase ? relative(resolve(input.markdownBase), resolve(file)).split(sep).join('/') : file);
  const md = g.items.map((it) => `![${it.caption}](${input.markdownImages === 'path' ? rel(it.file) : it.dataUri})\n\n*${it.caption}*`).join('\n\n');
  const html =
    '<div class="gradcam-gallery" style="display:flex;flex-wrap:wrap;gap:12px">' +
    g.items.map((it) => `<figure style="width:260px;margin:0"><img src="${it.dataUri}" alt="${escapeHtml(`Grad-CAM ${it.id}`)}" style="width:100%;image-rendering:pixelated"><figcaption>${escapeHtml(it.caption)}</figcaption></figure>`).join('') +
    '</div>';
  return [{ kind: 'md', text: intro }, { kind: 'html', html, markdown: md }];
}

/**
 * Report blocks explaining the deep model: the deep vs radiomic correlation (text with the strongest
 * pairs and the ρ heatmap) and the Grad-CAM gallery (raw HTML with embedded PNGs, Markdown in
 * report.md). Empty when neither part is given.
 */
export function explainabilitySections(input: ExplainabilityInput): ExplainReportBlock[] {
  const blocks: ExplainReportBlock[] = [];
  if (!input.correlation && !input.gallery) return blocks;
  blocks.push({ kind: 'md', text: '## Explainability of the deep model' });
  if (input.correlation) blocks.push(...correlationBlocks(input.correlation, input.topPairs ?? 10));
  if (input.gallery) blocks.push(...galleryBlocks(input.gallery, input));
  return blocks;
}

/**
 * Result tables of the explainability analyses: `deep_radiomic_correlation` (every pair with n, ρ,
 * p, q, significance and its heatmap position), `deep_radiomic_dropped` (features left out and why)
 * and `grad_cam_gallery` (the shown images).
 */
export function explainabilityTables(input: Pick<ExplainabilityInput, 'correlation' | 'gallery'>): NamedTable[] {
  const out: NamedTable[] = [];
  const c = input.correlation;
  if (c) {
    const di = new Map(c.deepFeatures.map((f, i) => [f, i + 1]));
    const ri = new Map(c.radiomicFeatures.map((f, i) => [f, i + 1]));
    out.push({
      name: 'deep_radiomic_correlation',
      columns: ['deep_feature', 'radiomic_feature', 'n', 'rho', 'p', 'q', 'significant', 'deep_order', 'radiomic_order'],
      rows: c.pairs.map((p) => [p.deep, p.radiomic, p.n, p.rho, p.p, p.q, p.significant ? 1 : 0, di.get(p.deep)!, ri.get(p.radiomic)!]),
    });
    out.push({ name: 'deep_radiomic_dropped', columns: ['modality', 'feature', 'reason', 'detail'], rows: c.diagnostics.dropped.map((x) => [x.modality, x.feature, x.reason, x.detail]) });
  }
  if (input.gallery) {
    const g = input.gallery;
    out.push({ name: 'grad_cam_gallery', columns: ['patient', 'member', 'role', 'score_name', 'risk', 'tumour_mass', 'slice', 'stack_slices', 'file'], rows: g.items.map((it) => [it.id, g.member, it.role, g.scoreLabel, it.risk, it.tumourMass, it.slice, it.slices, it.file]) });
  }
  return out;
}
