import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { FORBIDDEN, SEEDED, seededSeries } from '../../../test/helpers/seeded-dicom.js';
import { tempDir, writeSlices } from '../../../test/helpers/synthetic-dicom.js';
import { readNifti } from '../../io/nifti/read-nifti.js';
import { remapUid } from '../../io/deidentify/keyed-hash.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function fresh(): string {
  const d = tempDir('mmf-import-');
  dirs.push(d);
  return d;
}
function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

describe('mmf import-dicom (in-process CLI)', () => {
  const root = fresh();
  const input = join(root, 'Testperson_Ingrid'); // identifying folder name, as PACS exports often have
  const out = join(root, 'out');
  const keys = join(root, 'keys', 'pseudonyms.json');
  const slices = seededSeries();
  dirs.push(input);
  // series 1 (good) + a truncated stray file + series 2 with a missing slice
  const mk = () => import('node:fs').then((fs) => fs.mkdirSync(input, { recursive: true }));

  it('writes NIfTI + sidecar per series, a separate pseudonym table, and leaks nothing identifying', async () => {
    await mk();
    writeSlices(input, slices);
    writeFileSync(join(input, 'Ingrid_broken.dcm'), slices[0].bytes.subarray(0, 300));
    const { code, out: stdout, err } = await runCli(['import-dicom', input, '--out', out, '--pseudonyms', keys, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.series).toHaveLength(1);
    const s = report.series[0];
    expect(s.status).toBe('written');
    expect(s.series).toBe(remapUid(Buffer.from(JSON.parse(readFileSync(keys, 'utf8')).keyHex, 'hex'), SEEDED.SeriesInstanceUID));
    expect(s.slices).toBe(3);
    expect(report.fileIssues.map((i: any) => i.code)).toEqual(['dicom_unreadable']);
    expect(report.fileIssues[0].path).toEqual(['file', '[redacted]_broken.dcm']); // the file is named, the name part is not

    // outputs: volume equals the synthetic truth, sidecar carries replacement UIDs only
    const vol = readNifti(join(out, s.outputs[0])).volume;
    expect(vol.shape).toEqual([4, 3, 3]);
    const sidecar = JSON.parse(readFileSync(join(out, s.outputs[1]), 'utf8'));
    expect(sidecar.header['00120062']).toEqual({ vr: 'CS', Value: ['YES'] });
    expect(sidecar.sopInstanceUids).toHaveLength(3);

    // nothing identifying anywhere in the output folder or the printed report
    const outputs = allFiles(out);
    expect(outputs.length).toBe(2);
    for (const file of outputs) {
      const text = readFileSync(file).toString('latin1');
      for (const v of FORBIDDEN) expect(text, `${v} in ${file}`).not.toContain(v);
    }
    for (const v of FORBIDDEN) expect(stdout, v).not.toContain(v);
    for (const file of outputs) expect(file).not.toMatch(/Ingrid|Testperson|HOSP/);

    // the pseudonym table lives apart and holds the link
    const table = JSON.parse(readFileSync(keys, 'utf8'));
    expect(Object.keys(table.patients)).toEqual([SEEDED.PatientID]);
    expect(table.patients[SEEDED.PatientID].pseudonym).toBe(s.pseudonym);
    expect(table.patients[SEEDED.PatientID].dateOffsetDays).toBeLessThanOrEqual(-365);
  });

  it('re-import with the same table gives the same pseudonym and UIDs (consistent remapping)', async () => {
    const out2 = join(root, 'out2');
    const first = JSON.parse((await runCli(['import-dicom', input, '--out', out, '--pseudonyms', keys, '--json'])).out);
    const second = JSON.parse((await runCli(['import-dicom', input, '--out', out2, '--pseudonyms', keys, '--json'])).out);
    expect(second.series[0].series).toBe(first.series[0].series);
    expect(second.series[0].pseudonym).toBe(first.series[0].pseudonym);
  });

  it('refuses a pseudonym table inside --out (E_OPTION, exit 2, code bad_option)', async () => {
    const r = await runCli(['import-dicom', input, '--out', out, '--pseudonyms', join(out, 'p.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad_option.*--pseudonyms/);
  });

  it('a series with a missing slice is reported failed with a sanitised missing_slice issue; text output', async () => {
    const bad = join(root, 'bad');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(bad);
    writeSlices(bad, seededSeries(5).filter((x) => x.k !== 2));
    const r = await runCli(['import-dicom', bad, '--out', join(root, 'out3')]);
    expect(r.code).toBe(2); // nothing imported
    expect(r.out).toMatch(/failed/);
    expect(r.out).toMatch(/warning: no --pseudonyms/);
    expect(r.out).toMatch(/\[missing_slice\] at series\.2\.25\.\d+\.file\.IMG_/);
    for (const v of FORBIDDEN) expect(r.out + r.err, v).not.toContain(v);
  });
});

describe('mmf import-dicom on a real vendor series (nibabel mr_series, implicit VR Siemens)', () => {
  it('writes the series and no original UID or patient name appears in the outputs', async () => {
    const { copyFileSync, mkdirSync } = await import('node:fs');
    const { sharedReferencePath } = await import('../../../test/helpers/reference.js');
    const { parseDicomBytes } = await import('../../io/dicom/parse-file.js');
    const root = fresh();
    const input = join(root, 'in');
    mkdirSync(input);
    const originals = ['0.dcm', '1.dcm'].map((n) => {
      const p = sharedReferencePath(`imaging/nibabel/mr_series/${n}`);
      copyFileSync(p, join(input, n));
      return parseDicomBytes(new Uint8Array(readFileSync(p)), n).dataSet;
    });
    const secrets = originals.flatMap((ds) => [ds.string('x00100010'), ds.string('x00100020'), ds.string('x0020000d'), ds.string('x0020000e'), ds.string('x00080018')]).filter((v): v is string => !!v && v.trim().length >= 3).map((v) => v.trim());
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const r = await runCli(['import-dicom', input, '--out', join(root, 'out'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.series.map((s: any) => [s.status, s.slices])).toEqual([['written', 2]]);
    const texts = [r.out, ...allFiles(join(root, 'out')).map((f) => readFileSync(f).toString('latin1'))];
    // A short value (the patient ID "1234") is looked for as a whole token: the new random 2.25 UIDs
    // hold about 120 digits, in which "1234" turns up by chance in about 1 % of runs.
    const token = (v: string) => new RegExp(`(?<![0-9A-Za-z])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`);
    for (const t of texts) for (const v of secrets) {
      if (v.length >= 8) expect(t, v).not.toContain(v);
      else expect(t, v).not.toMatch(token(v));
    }
    expect('x 1234 y').toMatch(token('1234')); // the token check does find the value on its own
  });
});
