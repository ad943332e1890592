import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NamedTable } from '../evaluate.js';
import { parseStudySettings } from '../settings.js';
import { GENOMICS_END, GENOMICS_START, readGenomicsBlock, spliceGenomicsIntoReport } from './genomics-block.js';
import { markdownToHtml, prefixSvgIds } from './markdown-html.js';
import { brierTable, centreLine, deepIntro, interactionLine, modelLabels, reportTitle, reversedTerms, riskGroupTable, studyReportBlocks, writeStudyReport } from './write-report.js';

const settings = (() => {
  const s = parseStudySettings({ outcomes: ['os'], horizonsMonths: { os: [12, 24] } });
  if (!s.ok) throw new Error('settings');
  return s.value;
})();
const cohort = { name: 'demo', synthetic: true, counts: { training: 112, internal_validation: 28, external_test: 20 } };

const T = (name: string, columns: string[], rows: (string | number | null)[][]): NamedTable => ({ name, columns, rows });
const tables: NamedTable[] = [
  T('models', ['outcome', 'model', 'label'], [['os', 'clinical', 'Clinical benchmark'], ['os', 'imaging', 'Ensemble-DL'], ['os', 'mmf-cox', 'MMF (Cox)']]),
  T('discrimination', ['outcome', 'model', 'label', 'cohort', 'n', 'events', 'c_index', 'se', 'ci_lower', 'ci_upper'], [
    ['os', 'clinical', 'Clinical benchmark', 'external_test', 20, 10, 0.708, 0.05, 0.6, 0.8],
    ['os', 'imaging', 'Ensemble-DL', 'training', 112, 59, 0.638, 0.04, 0.56, 0.71],
    ['os', 'mmf-cox', 'MMF (Cox)', 'external_test', 20, 10, 0.701, 0.05, 0.54, 0.86],
  ]),
  T('comparisons', ['outcome', 'model', 'reference', 'cohort', 'c_model', 'c_reference', 'difference', 'relative_improvement', 'p', 'boot_p'], [['os', 'imaging', 'mmf-cox', 'external_test', 0.521, 0.701, 0.18, 0.345, 0.07, 0.11]]),
  T('td_auc', ['outcome', 'model', 'cohort', 'horizon_months', 'auc'], [['os', 'clinical', 'external_test', 12, 0.75], ['os', 'clinical', 'external_test', 24, 0.82]]),
  T('brier', ['outcome', 'model', 'cohort', 'horizon_months', 'brier', 'se', 'null_brier', 'ibs_to_horizon'], [
    ['os', 'mmf-cox', 'external_test', 12, 0.2471, 0.02, 0.2476, 0.12],
    ['os', 'mmf-cox', 'external_test', 24, 0.2049, 0.07, 0.24998, 0.1747],
    ['os', 'mmf-cox', 'training', 24, 0.1, 0.01, 0.25, 0.09],
  ]),
  T('risk_groups', ['outcome', 'model', 'cohort', 'cutoffs', 'group', 'n', 'events', 'median_months', 'hr', 'hr_lower', 'hr_upper', 'hr_p', 'logrank_p'], [
    ['os', 'mmf-cox', 'internal_validation', '0.3', 'low', 13, 6, 17.102, 1, null, null, null, 0.54],
    ['os', 'mmf-cox', 'internal_validation', '0.3', 'high', 15, 9, 10.9, 1.39, 0.49, 3.93, 0.5, 0.54],
  ]),
  T('subgroups', ['outcome', 'model', 'cohort', 'variable', 'level', 'label', 'exposed', 'n', 'events', 'hr', 'hr_lower', 'hr_upper', 'p'], [
    ['os', 'mmf-cox', 'training', 'centre', 'C1', 'centre = C1', 'high', 74, 43, 4.5, 2.2, 9.4, 0.001],
    ['os', 'mmf-cox', 'training', 'centre', 'C2', 'centre = C2', 'high', 38, 16, 5.9, 2.0, 17.3, 0.001],
    ['os', 'mmf-cox', 'external_test', 'centre', 'C4', 'centre = C4', 'high', 20, 10, 8.9, 1.8, 43.3, 0.007],
  ]),
  T('subgroup_interactions', ['outcome', 'model', 'cohort', 'variable', 'levels', 'chisq', 'df', 'p', 'reason'], [
    ['os', 'mmf-cox', 'training', 'centre', 'C1;C2', 0.568, 1, 0.451, null],
    ['os', 'mmf-cox', 'internal_validation', 'centre', 'C3', null, 0, null, 'not estimable: only one level of centre (C3) in this cohort'],
    ['os', 'mmf-cox', 'external_test', 'sex', 'F;M', 0.4, 1, 0.53, null],
    ['os', 'mmf-cox', 'external_test', 'centre', 'C4', null, 0, null, 'not estimable: only one level of centre (C4) in this cohort'],
  ]),
  T('deep_members', ['member', 'n_train', 'n_valid', 'combiner_fitted_on', 'ensemble_train_c', 'ensemble_valid_c', 'cross_fit_folds', 'ensemble_oof_train_c'], [['cnn25d', 112, 28, 'training', 0.6659, 0.5516, 2, 0.6385]]),
];

describe('markdownToHtml', () => {
  it('marks right-aligned (---:) columns as numeric and leaves text columns unmarked', () => {
    expect(markdownToHtml('| item | detail | n |\n|---|---|---:|\n| 12a | fitted on training | 3 |')).toBe(
      '<table><tr><th>item</th><th>detail</th><th class="num">n</th></tr><tr><td>12a</td><td>fitted on training</td><td class="num">3</td></tr></table>',
    );
  });
  it('renders image lines through the image callback, else as a link', () => {
    expect(markdownToHtml('![Volcano plot](volcano.svg)', { image: (src, alt) => `<figure data-src="${src}">${alt}</figure>` })).toBe('<figure data-src="volcano.svg">Volcano plot</figure>');
    expect(markdownToHtml('![A](x.png)')).toBe('<p><a href="x.png">A</a></p>');
  });
});

describe('prefixSvgIds', () => {
  it('makes ids and their references unique per figure, leaving others alone', () => {
    const svg = '<svg><defs><linearGradient id="gradient_0"/><clipPath id="clip1"/></defs><rect fill="url(#gradient_0)" clip-path="url(#clip1)"/><use href="#clip1"/><rect fill="url(#other)"/></svg>';
    expect(prefixSvgIds(svg, 'gsea dot')).toBe('<svg><defs><linearGradient id="gsea_dot-gradient_0"/><clipPath id="gsea_dot-clip1"/></defs><rect fill="url(#gsea_dot-gradient_0)" clip-path="url(#gsea_dot-clip1)"/><use href="#gsea_dot-clip1"/><rect fill="url(#other)"/></svg>');
  });
});

describe('report tables', () => {
  it('uses the models/discrimination labels in the comparison and AUC tables', () => {
    expect(modelLabels(tables, 'os').get('imaging')).toBe('Ensemble-DL');
    const blocks = studyReportBlocks({ tables, notes: [], warnings: [] }, settings, cohort, {});
    const md = blocks.map((b) => (b.kind === 'md' ? b.text : b.kind === 'html' ? b.markdown : '')).join('\n');
    expect(md).toContain('| External test | Ensemble-DL | 0.521 | 0.701 |');
    expect(md).toContain('| cohort | model | C model | C MMF (Cox) |');
    expect(md).toContain('\n| Clinical benchmark | — / — | — / — | 0.750 / 0.820 |');
    expect(md).not.toMatch(/\| imaging \|/);
  });

  it('writes a Brier/IBS table of the external test cohort with the null model in brackets', () => {
    expect(brierTable(tables, 'os', [12, 24])).toBe(['| model | Brier 12 months (null) | Brier 24 months (null) | IBS 0–24 months |', '|---|---:|---:|---:|', '| MMF (Cox) | 0.247 (0.248) | 0.205 (0.250) | 0.175 |'].join('\n'));
    expect(brierTable(tables, 'pfs', [6])).toBe('');
  });

  it('treats a stored HR of 1 without an interval as the reference group (median difference computed)', () => {
    const rg = riskGroupTable(tables, 'os', 'mmf-cox').split('\n');
    expect(rg[2]).toBe('| Internal validation | low | 13 | 6 | 17.1 | — | reference | 0.54 |');
    expect(rg[3]).toBe('| Internal validation | high | 15 | 9 | 10.9 | -6.2 | 1.39 (0.49–3.93) | 0.54 |');
  });

  it('uses the evaluation\'s reference flag, median difference and HR notes (a non-estimable HR is not the reference)', () => {
    const cols = ['outcome', 'model', 'cohort', 'cutoffs', 'group', 'n', 'events', 'median_months', 'hr', 'hr_lower', 'hr_upper', 'hr_p', 'logrank_p', 'reference', 'median_difference_months', 'median_difference_note', 'hr_note'];
    const t = [{ name: 'risk_groups', columns: cols, rows: [
      ['os', 'mmf-cox', 'external_test', '0.1', 'low', 10, 3, null, null, null, null, null, 0.2, 1, null, 'reference', 'reference'],
      ['os', 'mmf-cox', 'external_test', '0.1', 'high', 10, 7, 8.5, null, null, null, null, 0.2, 0, null, 'the low-risk median is not reached', 'not estimable: no events in the low-risk group'],
      ['os', 'mmf-cox', 'training', '0.1', 'low', 50, 20, 20, null, null, null, null, 0.01, 1, null, 'reference', 'reference'],
      ['os', 'mmf-cox', 'training', '0.1', 'high', 50, 35, 9.5, 2.1, 1.3, 3.4, 0.002, 0.01, 0, -10.5, null, null],
    ] }] as unknown as Parameters<typeof riskGroupTable>[0];
    const rg = riskGroupTable(t, 'os', 'mmf-cox').split('\n');
    expect(rg[2]).toMatch(/^\| External test \| low \| 10 \| 3 \| not reached \| — \| reference \| 0\.2/);
    expect(rg[3]).toContain('| 8.5 | the low-risk median is not reached | not estimable: no events in the low-risk group |');
    expect(rg[5]).toContain('| 9.5 | -10.5 | 2.10 (1.30–3.40) |');
  });

  it('says that a single-centre cohort has no centre interaction and quotes the one of a multi-centre cohort', () => {
    expect(centreLine(tables, 'os', 'mmf-cox', 'external_test')).toBe('Centre: the external test cohort has a single centre (C4), so its centre row repeats the overall HR and no centre interaction can be tested; risk group × centre interaction where a cohort has more than one centre: Training (centres C1, C2) p = 0.45 (results/subgroup_interactions.csv).');
    expect(centreLine(tables, 'os', 'mmf-cox', 'training')).toBe('');
    // Untestable rows (p null) are not quoted as "p = NA"; centre is left to the centre line.
    expect(interactionLine(tables, 'os', 'mmf-cox', 'external_test', ['centre'])).toBe('Interaction tests (likelihood ratio, risk group × subgroup): sex p = 0.53.');
    expect(interactionLine(tables, 'os', 'mmf-cox', 'external_test')).toBe('Interaction tests (likelihood ratio, risk group × subgroup): sex p = 0.53. Not testable in this cohort (a level without an estimable HR, or a single level): centre (reasons: results/subgroup_interactions.csv).');
  });

  it('names the in-sample and out-of-fold training C and the internal-validation use of the deep members', () => {
    const t = deepIntro({ n_train: 112, n_valid: 28, combiner_fitted_on: 'training', ensemble_train_c: 0.6659, ensemble_valid_c: 0.5516, cross_fit_folds: 2, ensemble_oof_train_c: 0.6385 });
    expect(t).toContain('0.666 in-sample (the final ensemble scoring the patients it was trained on)');
    expect(t).toContain('0.638 out-of-fold (2-fold cross-fitting');
    expect(t).toContain('early-stopping epoch was chosen on the validation C-index of the 28 internal-validation patients, so the internal-validation C of Ensemble-DL and of MMF (which fuses its score) is optimistic; the external test cohort was not used for any choice');
    expect(deepIntro({ n_train: 10, n_valid: 5, combiner_fitted_on: 'validation', ensemble_train_c: 0.7, ensemble_valid_c: 0.6, cross_fit_folds: 0, ensemble_oof_train_c: null })).toContain('the combiner was fitted on the 5 internal-validation patients');
  });

  it('states the internal-validation use in the header and the model card limitations', () => {
    const md = studyReportBlocks({ tables, notes: [], warnings: [] }, settings, cohort, {}).map((b) => (b.kind === 'md' ? b.text : '')).join('\n');
    expect(md).toContain('Every model was fitted on the training cohort only, with one exception: the Ensemble-DL members chose their early-stopping epoch on the internal-validation patients');
    expect(md).toMatch(/\*\*Limitations\.\*\*.*The internal-validation patients chose the Ensemble-DL members' early-stopping epoch/);
    const plain = studyReportBlocks({ tables: tables.filter((x) => x.name !== 'deep_members'), notes: [], warnings: [] }, settings, cohort, {}).map((b) => (b.kind === 'md' ? b.text : '')).join('\n');
    expect(plain).toContain('Every model was fitted on the training cohort only; the internal-validation and external test cohorts were not used for any choice.');
  });
});

describe('writeStudyReport', () => {
  const render = async () => ({ svg: '<svg width="1574" viewBox="0 0 1574 10"><linearGradient id="gradient_0"/><rect fill="url(#gradient_0)"/></svg>', spec: {} });

  it('marks SYNTHETIC in the title, scales figures to the page, left-aligns text, pretty-prints settings, and puts the genomics section before the notes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-wr-'));
    const gdir = join(out, 'report', 'genomics');
    mkdirSync(gdir, { recursive: true });
    writeFileSync(join(gdir, 'section.md'), '## Genomics: differential expression, high vs low MMF risk score\n\n![Volcano plot](volcano.svg)\n\n| gene | padj |\n|---|---:|\n| PDGFA (5154) | 0.001 |\n');
    writeFileSync(join(gdir, 'volcano.svg'), '<svg><linearGradient id="gradient_0"/><rect fill="url(#gradient_0)"/></svg>');
    const files = await writeStudyReport({ tables, notes: ['a note'], warnings: [] }, settings, cohort, { contentHash: 'ab' }, out, render);
    const html = readFileSync(files.html, 'utf8');
    const md = readFileSync(files.markdown, 'utf8');
    expect(html).toContain(`<title>${reportTitle(cohort)}</title>`);
    expect(reportTitle(cohort)).toBe('Study report: demo (SYNTHETIC COHORT)');
    expect(html).toMatch(/svg,img\{max-width:100%;height:auto\}/);
    expect(html).toMatch(/td,th\{[^}]*text-align:left/);
    expect(html).toContain('<details><summary>Settings (results/settings.json)</summary><pre class="json">{\n  &quot;');
    expect(md).toContain('Provenance (results/provenance.json):\n\n```json\n{\n  "contentHash": "ab"\n}\n```');
    // Genomics: once, in both files, before the notes; SVG inline in the HTML with ids of its own.
    for (const [text, notes] of [[md, '## Notes and warnings'], [html, '<h2>Notes and warnings</h2>']]) {
      expect(text.split(GENOMICS_START)).toHaveLength(2);
      expect(text.indexOf(GENOMICS_END)).toBeLessThan(text.indexOf(notes));
      expect(text.indexOf(GENOMICS_START)).toBeGreaterThan(text.indexOf('Settings and provenance'));
    }
    expect(md.match(/^## Genomics/gm)).toHaveLength(1);
    expect(md).toContain('![Volcano plot](genomics/volcano.svg)');
    expect(html).toContain('<linearGradient id="genomics-volcano-gradient_0"/>');
    expect(html).toContain('<td>PDGFA (5154)</td><td class="num">0.001</td>');
    expect(html).not.toContain('id="gradient_0"');
  });

  it('splices a new genomics section into an existing report in place of the old one, or removes it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-wr-'));
    const rdir = join(out, 'report');
    await writeStudyReport({ tables, notes: ['a note'], warnings: [] }, settings, cohort, {}, out, render);
    expect(readGenomicsBlock(rdir)).toBeNull();
    mkdirSync(join(rdir, 'genomics'));
    for (const v of ['first', 'second']) {
      writeFileSync(join(rdir, 'genomics', 'section.md'), `## Genomics: ${v}\n`);
      expect(spliceGenomicsIntoReport(rdir)).toHaveLength(2);
    }
    const md = readFileSync(join(rdir, 'report.md'), 'utf8');
    const html = readFileSync(join(rdir, 'report.html'), 'utf8');
    expect(md).not.toContain('Genomics: first');
    expect(md.indexOf('## Genomics: second')).toBeLessThan(md.indexOf('## Notes and warnings'));
    expect(html.indexOf('<h2>Genomics: second</h2>')).toBeLessThan(html.indexOf('<h2>Notes and warnings</h2>'));
    expect(html.split(GENOMICS_START)).toHaveLength(2);
    rmSync(join(rdir, 'genomics', 'section.md'));
    spliceGenomicsIntoReport(rdir);
    expect(readFileSync(join(rdir, 'report.md'), 'utf8')).not.toContain('Genomics');
    expect(readFileSync(join(rdir, 'report.html'), 'utf8')).not.toContain(GENOMICS_START);
  });
});

describe('nomogram caution on reversed directions', () => {
  const cols = ['outcome', 'model', 'term', 'coef', 'hr', 'hr_lower', 'hr_upper', 'p', 'n', 'events'];
  const t = [{ name: 'model_coefficients', columns: cols, rows: [
    ['os', 'clinical', 'largest_diameter_cm', 0.069, 1.07, 1.05, 1.09, 0.001, 569, 300],
    ['os', 'clinical', 'ecog', 0.41, 1.5, 1.2, 1.8, 0.001, 569, 300],
    ['os', 'mmf-cox', 'largest_diameter_cm', -0.103, 0.90, 0.8, 1.0, 0.05, 569, 300],
    ['os', 'mmf-cox', 'ecog', 0.42, 1.52, 1.2, 1.8, 0.001, 569, 300],
    ['os', 'mmf-cox', 'ensemble_dl_os', 0.32, 1.38, 1.1, 1.7, 0.002, 569, 300],
  ] }] as unknown as Parameters<typeof reversedTerms>[0];
  it('names a term whose direction reverses between the clinical benchmark and MMF, and only that one', () => {
    const note = reversedTerms(t, 'os', 'mmf-cox');
    expect(note).toContain('largest_diameter_cm has HR 1.07 in the clinical benchmark but 0.90 here');
    expect(note).not.toContain('ecog');
    expect(reversedTerms(t, 'os', 'clinical')).toBe('');
  });
});
