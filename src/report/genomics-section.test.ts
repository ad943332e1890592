import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallDeData } from '../../test/fixtures/genomics/small-de.js';
import { parseGmt } from '../genomics/index.js';
import { GENOMICS_FILES } from '../fusion/report/genomics-block.js';
import { buildGenomicsSection, geneDisplayName, poolingLimitation, writeGenomicsSection } from './genomics-section.js';

const d = smallDeData();
const gmt = parseGmt(d.gmt, 'small.gmt');
if (!gmt.ok) throw new Error('fixture');
const counts = { counts: d.counts, nGenes: d.geneIds.length, nSamples: d.sampleIds.length, geneIds: d.geneIds, sampleIds: d.sampleIds };
const risk = { ids: d.sampleIds, scores: d.riskScores };

describe('genomics report section', () => {
  it('is omitted (null) when the study has no RNA-seq counts', async () => {
    expect(await buildGenomicsSection({ counts: null, risk, geneSets: gmt.value })).toBeNull();
  });

  it('renders Markdown, three figures and tables naming the split and the enriched set', async () => {
    const s = await buildGenomicsSection({ counts, risk, geneSets: gmt.value }, { gsea: { minSize: 10, permutations: 200 }, ora: { minSize: 5 } });
    expect(s).not.toBeNull();
    const md = s!.markdown;
    expect(md).toContain('12 RNA-seq samples, split at the median MMF risk score');
    expect(md).toContain('6 high-risk vs 6 low-risk');
    expect(md).toMatch(/\| SET_UP \| 30 \|/);
    expect(md).toContain('![Volcano plot](volcano.svg)');
    expect(s!.figures.volcanoSvg.startsWith('<svg')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'mmf-gs-'));
    const files = writeGenomicsSection(s!, dir);
    expect(Object.keys(files).sort()).toEqual(['genes', 'gsea', 'gseaDot', 'markdown', 'oraDown', 'oraUp', 'oraUpDot', 'volcano']);
    for (const p of Object.values(files)) expect(existsSync(p)).toBe(true);
    // The names a study run without a report removes (fusion's GENOMICS_FILES) are exactly the ones written.
    expect(readdirSync(dir).sort()).toEqual(Object.values(GENOMICS_FILES).sort());
    const genes = readFileSync(files.genes, 'utf8').trim().split('\n');
    expect(genes.length).toBe(301);
    expect(genes[0]).toBe('gene_id,baseMean,log2FoldChange,stat,pvalue,padj,set_gene_id,call');
    expect(readFileSync(files.oraUp, 'utf8').split('\n')[1].startsWith('SET_UP,')).toBe(true);
  });

  it('shows SYMBOL (id) when a symbol map is given, on the table and the volcano labels', async () => {
    const geneSymbols = new Map(Array.from({ length: 30 }, (_, g) => [`g${g + 1}`, `SYM${g + 1}`] as [string, string]));
    const s = await buildGenomicsSection({ counts, risk, geneSets: gmt.value }, { gsea: { minSize: 10, permutations: 50 }, ora: { minSize: 5 }, geneSymbols });
    expect(s!.markdown).toContain('| gene (symbol and id) | log2FC | padj |');
    expect(s!.markdown).toMatch(/\n\| SYM\d+ \(g\d+\) \| /);
    expect(s!.figures.volcanoSvg).toMatch(/>SYM\d+</);
    expect(geneDisplayName({ geneId: '5154', setGeneId: '5154' }, new Map([['5154', 'PDGFA']]))).toBe('PDGFA (5154)');
    expect(geneDisplayName({ geneId: 'ENSG1', setGeneId: '5154' }, new Map([['5154', 'PDGFA']]))).toBe('PDGFA (ENSG1)');
    expect(geneDisplayName({ geneId: '3440' }, new Map())).toBe('3440');
  });

  it('states that the samples pool every cohort and centre with no centre term in the design, in one heading', async () => {
    const pooling = [
      { cohort: 'training', samples: 36, centres: ['C1', 'C2'] },
      { cohort: 'internal_validation', samples: 7, centres: ['C3'] },
      { cohort: 'external_test', samples: 7, centres: ['C4'] },
    ];
    expect(poolingLimitation('DESeq2', pooling)).toBe(
      'Limitation: the RNA-seq samples pool all cohorts and 4 centre(s) (training 36 (C1, C2); internal validation 7 (C3); external test 7 (C4)), training and test patients alike, and the DESeq2 design has only the risk group (no centre or batch term), so centre effects on expression are not adjusted for and may confound the high- vs low-risk comparison.',
    );
    expect(poolingLimitation('DESeq2')).toMatch(/^Limitation: the RNA-seq samples are analysed together whatever their centre or cohort, and the DESeq2 design has only the risk group \(no centre or batch term\)/);
    const s = await buildGenomicsSection({ counts, risk, geneSets: gmt.value }, { gsea: { minSize: 10, permutations: 50 }, ora: { minSize: 5 }, samplePooling: pooling, riskName: 'mmf-cox OS risk score' });
    expect(s!.markdown).toContain('Limitation: the RNA-seq samples pool all cohorts and 4 centre(s)');
    expect(s!.markdown.match(/^## /gm)).toHaveLength(1);
    expect(s!.markdown.startsWith('## Genomics: differential expression, high vs low mmf-cox OS risk score\n')).toBe(true);
  });
});
