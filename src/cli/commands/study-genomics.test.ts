import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallDeData } from '../../../test/fixtures/genomics/small-de.js';
import { tableFromColumns } from '../../core/table.js';
import { defaultGeneSetFile } from '../../synth/index.js';
import { geneSymbolFiles, readGeneSymbols, runStudyGenomics, samplePooling } from './study-genomics.js';

describe('study genomics step helpers', () => {
  it('reads gene symbols keyed by every id column of the first usable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-sym-'));
    writeFileSync(join(dir, 'bad.csv'), 'gene_id,name\n1,x\n');
    writeFileSync(join(dir, 'map.csv'), 'ENSEMBL,ENTREZID,SYMBOL\nENSG01,5154,PDGFA\nENSG02,1388,ATF6B\nENSG03,NA,NOPE\n');
    const r = readGeneSymbols([join(dir, 'missing.csv'), join(dir, 'bad.csv'), join(dir, 'map.csv')]);
    expect(r?.source).toBe(join(dir, 'map.csv'));
    expect(r?.map.get('5154')).toBe('PDGFA');
    expect(r?.map.get('ENSG02')).toBe('ATF6B');
    expect(r?.map.has('NA')).toBe(false);
    expect(readGeneSymbols([join(dir, 'bad.csv')])).toBeNull();
  });

  it('falls back to the shipped Entrez → symbol map, which names nearly every gene of the shipped WikiPathways collection', () => {
    // A cohort folder with no symbol table of its own: the last candidate, data/genesets/entrez_symbols.csv.
    const r = readGeneSymbols(geneSymbolFiles(mkdtempSync(join(tmpdir(), 'mmf-nosym-'))));
    expect(r?.source.endsWith(join('data', 'genesets', 'entrez_symbols.csv'))).toBe(true);
    // Official symbols of well-known genes (NCBI Gene).
    expect(r?.map.get('5290')).toBe('PIK3CA');
    expect(r?.map.get('207')).toBe('AKT1');
    expect(r?.map.get('7157')).toBe('TP53');
    expect(r?.map.get('1956')).toBe('EGFR');
    const universe = new Set(readFileSync(defaultGeneSetFile(), 'utf8').split('\n').flatMap((l) => l.split('\t').slice(2)).filter((g) => /^\d+$/.test(g)));
    const named = [...universe].filter((g) => r?.map.has(g)).length;
    expect(named / universe.size).toBeGreaterThan(0.99);
  });

  it('counts the usable samples per cohort with their centres', () => {
    const rows = samplePooling(['R1', 'R2', 'R3', 'R4'], new Map([['R1', 'P1'], ['R2', 'P2'], ['R3', 'P3'], ['R4', 'P9']]), new Map([['P1', 'external_test'], ['P2', 'training'], ['P3', 'training']]), new Map([['P1', 'C4'], ['P2', 'C2'], ['P3', 'C1']]));
    expect(rows).toEqual([{ cohort: 'training', samples: 2, centres: ['C1', 'C2'] }, { cohort: 'external_test', samples: 1, centres: ['C4'] }]);
  });
});

describe('runStudyGenomics', () => {
  it('puts one genomics section into report.md and report.html before the notes, replaces it on a rerun and removes it when skipped', async () => {
    // The fixture's counts under Entrez ids of the shipped WikiPathways collection.
    const d = smallDeData();
    const entrez = [...new Set(readFileSync(defaultGeneSetFile(), 'utf8').split('\n').flatMap((l) => l.split('\t').slice(2)).filter((g) => /^\d+$/.test(g)))].slice(0, d.geneIds.length);
    const cohortDir = mkdtempSync(join(tmpdir(), 'mmf-gcohort-'));
    const n = d.sampleIds.length;
    writeFileSync(join(cohortDir, 'counts.csv'), [['gene_id', ...d.sampleIds].join(','), ...entrez.map((g, i) => [g, ...Array.from(d.counts.subarray(i * n, (i + 1) * n))].join(','))].join('\n') + '\n');
    writeFileSync(join(cohortDir, 'samples.csv'), ['sample_id,patient_id', ...d.sampleIds.map((s, j) => `${s},${d.patientIds[j]}`)].join('\n') + '\n');
    writeFileSync(join(cohortDir, 'gene_symbols.csv'), ['gene_id,symbol', ...entrez.map((g, i) => `${g},SYM${i + 1}`)].join('\n') + '\n');
    const split = (j: number) => (j % 3 === 0 ? 'external_test' : 'training');
    const predictions = { name: 'predictions', columns: ['outcome', 'model', 'patient_id', 'split', 'risk'], rows: d.patientIds.map((p, j) => ['os', 'mmf-cox', p, split(j), d.riskScores[j]] as (string | number | null)[]) };
    const table = tableFromColumns({ patient_id: d.patientIds, centre: d.patientIds.map((_, j) => (j % 3 === 0 ? 'C4' : 'C1')) });
    const out = mkdtempSync(join(tmpdir(), 'mmf-gout-'));
    const rdir = join(out, 'report');
    mkdirSync(rdir);
    writeFileSync(join(rdir, 'report.md'), '# Study report\n\n## Settings and provenance\n\n## Notes and warnings\n\n- a note\n');
    writeFileSync(join(rdir, 'report.html'), '<!DOCTYPE html>\n<html><body>\n<h1>Study report</h1>\n<h2>Notes and warnings</h2>\n<ul><li>a note</li></ul>\n</body></html>\n');
    const result = { outDir: out, tables: [predictions], notes: [], warnings: [], stats: { reused: 0, computed: 0 }, files: [], cohort: { table } };
    for (let run = 0; run < 2; run++) {
      const g = await runStudyGenomics(cohortDir, result, 'mmf-cox', out, 3);
      expect(g.ran).toBe(true);
    }
    const md = readFileSync(join(rdir, 'report.md'), 'utf8');
    const html = readFileSync(join(rdir, 'report.html'), 'utf8');
    // One heading (no empty "## Genomics: …" before the section's own), once, before the notes.
    expect(md.match(/^## Genomics/gm)).toHaveLength(1);
    expect(md.indexOf('## Genomics')).toBeLessThan(md.indexOf('## Notes and warnings'));
    expect(md).toContain('![Volcano plot](genomics/volcano.svg)');
    expect(md).toMatch(/\| SYM\d+ \(\d+\) \|/);
    expect(md).toContain('training 8 (C1); external test 4 (C4)');
    // The HTML report has it too: headings, HTML tables and the SVGs inline.
    expect(html.match(/<h2>Genomics/g)).toHaveLength(1);
    expect(html.indexOf('<h2>Genomics')).toBeLessThan(html.indexOf('<h2>Notes and warnings</h2>'));
    expect((html.match(/<figure><svg/g) ?? []).length).toBe(3);
    expect(html).toMatch(/<td>SYM\d+ \(\d+\)<\/td>/);
    // Without RNA-seq on a rerun, the stale section goes.
    rmSync(join(cohortDir, 'counts.csv'));
    expect((await runStudyGenomics(cohortDir, result, 'mmf-cox', out, 3)).ran).toBe(false);
    expect(readFileSync(join(rdir, 'report.md'), 'utf8')).not.toContain('## Genomics');
    expect(readFileSync(join(rdir, 'report.html'), 'utf8')).not.toContain('<h2>Genomics');
  }, 60_000);
});
