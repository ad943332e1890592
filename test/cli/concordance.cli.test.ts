// CLI tests for `mmf concordance` and `mmf compare-c`, run in-process through main().
// Expected numbers: R survival 3.5-3 concordance(reverse = TRUE) on the same 227 lung rows
// (shared cindex_lung_ecog_ties.json, ccompare_lung_lp_vs_ecog.json).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { readSharedJson, REPO_ROOT, sharedReferencePath } from '../helpers/reference.js';

const LUNG = join(REPO_ROOT, 'data', 'lung.csv');
const MARKERS = sharedReferencePath('survival/data/lung_markers.csv');



describe('mmf concordance', () => {
  const ecog = readSharedJson('survival/expected/cindex_lung_ecog_ties.json').by_timewt;

  it('ph.ecog on data/lung.csv (missing ph.ecog dropped): R counts and C', async () => {
    const r = await run(['concordance', LUNG, '--time', 'time', '--event', 'status', '--marker', 'ph.ecog', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.n).toBe(227);
    expect(j.counts).toEqual({ concordant: ecog.n.concordant, discordant: ecog.n.discordant, tiedX: ecog.n.tied_x, tiedY: ecog.n.tied_y, tiedXY: ecog.n.tied_xy });
    expect(Math.abs(j.concordance - ecog.n.concordance)).toBeLessThan(1e-12);
    expect(Math.abs(j.se / ecog.n.se - 1)).toBeLessThan(1e-6);
  });

  it('--timewt n/G2 and the text table', async () => {
    const r = await run(['concordance', LUNG, '--time', 'time', '--event', 'status', '--marker', 'ph.ecog', '--timewt', 'n/G2', '--digits', '6']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('timewt n/G2');
    expect(r.out).toContain(String(Number(ecog['n/G2'].concordance.toPrecision(6))));
  });

  it('--direction higher-is-better gives 1 - C; --variants adds Hmisc and survcomp', async () => {
    const r = await run(['concordance', MARKERS, '--marker', 'ph_ecog', '--direction', 'higher-is-better', '--variants', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Math.abs(j.concordance - (1 - ecog.n.concordance))).toBeLessThan(1e-12);
    expect(j.counts.concordant).toBe(ecog.n.discordant);
    expect(j.variants.hmisc.relevantPairs).toBe(39574);
    expect(j.variants.noether.outx).toBe(true);
  });

  it('--tau gives the truncated C (project case cindex_lung_uno_tau)', async () => {
    const r = await run(['concordance', MARKERS, '--marker', 'lp', '--timewt', 'n/G2', '--tau', '365.25', '--json']);
    expect(r.code).toBe(0);
    expect(Math.abs(JSON.parse(r.out).concordance - 0.633096748424652)).toBeLessThan(1e-12);
  });

  it('an unknown --timewt is a bad_option error (exit 2)', async () => {
    const r = await run(['concordance', MARKERS, '--marker', 'lp', '--timewt', 'uno']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[bad_option] at --timewt');
  });

  it('an unknown --direction is a bad_option error (exit 2)', async () => {
    const r = await run(['concordance', MARKERS, '--marker', 'lp', '--direction', 'auto']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[bad_option] at --direction');
  });

  it('a missing marker column is reported (exit 2)', async () => {
    const r = await run(['concordance', MARKERS, '--marker', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing_column');
  });
});

describe('mmf compare-c', () => {
  const ref = readSharedJson('survival/expected/ccompare_lung_lp_vs_ecog.json');

  it('lp vs ph_ecog: R contrast, compareC and survcomp as R', async () => {
    const r = await run(['compare-c', MARKERS, '--marker1', 'lp', '--marker2', 'ph_ecog', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Math.abs(j.survival.seDifference / ref.survival_concordance_two_fits.se_diff - 1)).toBeLessThan(1e-6);
    expect(Math.abs(j.compareC.p / ref.compareC.pval - 1)).toBeLessThan(1e-9);
    expect(Math.abs(j.survcomp.pOneSided / ref.survcomp_cindex_comp.p_value_one_sided - 1)).toBeLessThan(1e-9);
    expect(j.bootstrap).toBeNull();
  });

  it('--bootstrap with --seed is reproducible and prints the table', async () => {
    const args = ['compare-c', MARKERS, '--marker1', 'lp', '--marker2', 'ph_ecog', '--bootstrap', '200', '--seed', '7'];
    const a = await run([...args, '--json']);
    const b = await run([...args, '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).bootstrap).toEqual(JSON.parse(b.out).bootstrap);
    expect(JSON.parse(a.out).bootstrap.resamples).toBe(200);
    const t = await run(args);
    expect(t.out).toContain('Paired bootstrap (B = 200, seed 7)');
  });

  it('--bootstrap 1 is a bad_option error', async () => {
    const r = await run(['compare-c', MARKERS, '--marker1', 'lp', '--marker2', 'ph_ecog', '--bootstrap', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[bad_option] at --bootstrap');
  });

  it('--help shows an example', async () => {
    const r = await run(['compare-c', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('mmf compare-c lung_markers.csv --marker1 lp --marker2 ph_ecog');
  });
});

describe('mmf concordance --variants on tiny data', () => {
  it('reports the main C with a [0, 1] interval and leaves out a variant that cannot be computed, with a warning', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'mmf-tiny-')), 'tiny.csv');
    writeFileSync(f, 'time,event,x\n1,1,3\n2,1,1\n3,0,2\n');
    const r = await run(['concordance', f, '--marker', 'x', '--variants']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: survcomp noether not reported');
    const row = r.out.split('\n').find((l) => l.startsWith('0.6667'))!.trim().split(/\s+/);
    expect(Number(row[3])).toBe(1); // upper bound truncated at 1
    expect(r.out).toContain('rcorr');
  });
});
