import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LUNG_CSV, runCli } from '../helpers/cli.js';
import { readSharedJson } from '../helpers/reference.js';

const ref = readSharedJson('survival/expected/cox_lung_age_sex_ecog.json');

describe('mmf cox --predict / --zph', () => {
  it('predicted survival for new rows matches R survfit(coxph, newdata) (ctype 2, log CI)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-pred-'));
    const f = join(dir, 'new.csv');
    const rows = ref.newdata as { age: number; sex: number; 'ph.ecog': number }[];
    writeFileSync(f, 'age,sex,ph.ecog\n' + rows.map((r) => `${r.age},${r.sex},${r['ph.ecog']}`).join('\n') + '\n');
    const pred = ref.fits.efron.pred_surv_ctype2;
    const r = await runCli(['cox', LUNG_CSV, '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--eps', '1e-10', '--predict', f, '--times', pred.times.join(','), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.prediction.curves).toHaveLength(rows.length);
    out.prediction.curves.forEach((c: { surv: number[]; lower: number[]; upper: number[] }, i: number) => {
      const e = pred.by_newdata_row[i];
      c.surv.forEach((s, k) => expect(Math.abs(s / e.surv[k] - 1)).toBeLessThan(1e-6));
      c.lower.forEach((s, k) => expect(Math.abs(s / e.lower[k] - 1)).toBeLessThan(1e-6));
      c.upper.forEach((s, k) => expect(Math.abs(s / e.upper[k] - 1)).toBeLessThan(1e-6));
    });
  });

  it('--zph prints the cox.zph table with GLOBAL as R', async () => {
    const zref = readSharedJson('survival/expected/zph_lung.json');
    const r = await runCli(['cox', LUNG_CSV, '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--eps', '1e-10', '--zph', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.zph.transform).toBe('km');
    expect(out.zph.global.df).toBe(3);
    expect(JSON.stringify(zref)).toContain(String(out.zph.global.chisq).slice(0, 8));
  });

  it('an unseen factor level in --predict rows is a coded error naming the row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-pred-'));
    const f = join(dir, 'new.csv');
    writeFileSync(f, 'age,sex,ph.ecog\n50,1,7\n');
    const r = await runCli(['cox', LUNG_CSV, '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--factor', 'ph.ecog', '--predict', f]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown_level.*row\.1\.ph\.ecog/);
  });
});

describe('mmf cox --basehaz / --nomogram', () => {
  it('--basehaz prints R basehaz (centred) at every distinct time', async () => {
    const r = await runCli(['cox', LUNG_CSV, '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--eps', '1e-10', '--basehaz', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    const bh = ref.fits.efron.basehaz_centered;
    expect(out.basehaz.strata[0].time).toEqual(bh.time);
    out.basehaz.strata[0].cumhazCentered.forEach((h: number, k: number) => expect(Math.abs(h / bh.hazard[k] - 1)).toBeLessThan(1e-6));
  });
  it('--nomogram gives 100 points to the widest term and survival axes', async () => {
    const r = await runCli(['cox', LUNG_CSV, '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--nomogram', '365.25', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    const max = Math.max(...out.nomogram.terms.flatMap((t: { points: number[] }) => t.points));
    expect(max).toBeCloseTo(100, 8);
    expect(out.nomogram.survival[0].horizon).toBe(365.25);
  });
  it('--nomogram refuses a stratified model with a coded error', async () => {
    const r = await runCli(['cox', LUNG_CSV, '--event', 'status', '--covariates', 'age,ph.ecog', '--strata', 'sex', '--nomogram']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--nomogram');
  });
});
