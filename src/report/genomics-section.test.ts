import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallDeData } from '../../test/fixtures/genomics/small-de.js';
import { parseGmt } from '../genomics/index.js';
import { buildGenomicsSection, writeGenomicsSection } from './genomics-section.js';

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
    const genes = readFileSync(files.genes, 'utf8').trim().split('\n');
    expect(genes.length).toBe(301);
    expect(genes[0]).toBe('gene_id,baseMean,log2FoldChange,stat,pvalue,padj,set_gene_id,call');
    expect(readFileSync(files.oraUp, 'utf8').split('\n')[1].startsWith('SET_UP,')).toBe(true);
  });
});
