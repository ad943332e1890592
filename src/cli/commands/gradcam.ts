import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError } from '../../core/errors.js';
import type { GradCamPatientOutput } from '../../deep/index.js';
import { camOfSample, gradCam, initDeepEngine, loadEnsembleBundle, loadListedPatient, writeGradCamOutputs } from '../../deep/index.js';
import { emit } from '../shared.js';
import type { PatientListFlags } from './train-dl.js';
import { progressBar } from '../progress.js';
import { addPatientListOptions, loadStacks, numberFlag, readListFromFlags } from './train-dl.js';

interface GradCamFlags extends PatientListFlags {
  model: string;
  out: string;
  member?: string;
  target: string;
  marginMm: string;
  background?: string;
  png: boolean;
  nifti: boolean;
  json?: boolean;
  digits: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('gradcam')
    .description('Grad-CAM maps of every member for every listed patient, mapped back to the CT grid: NIfTI overlays, PNG slices, and how much of each map (and its peak) falls in the tumour / its margin')
    .argument('<patients.csv>', 'patient list (same columns as for train-dl)')
    .requiredOption('--model <dir>', 'model folder written by `mmf train-dl`')
    .requiredOption('--out <dir>', 'folder for <patient>_<member>/…_gradcam.nii.gz and PNG slices')
    .option('--member <name>', 'only this member (default: all)')
    .addOption(new Option('--target <head>', 'risk head explained').choices(['os', 'pfs']).default('os'))
    .addOption(new Option('--margin-mm <mm>', 'margin around the tumour counted as inside').default('5'))
    .option('--background <phase>', 'phase drawn under the heat map (default: the middle phase, e.g. portal)')
    .option('--no-png', 'skip PNG slices')
    .option('--no-nifti', 'skip NIfTI overlays')
    .option('--json', 'write JSON (full precision) instead of a text table')
    .option('--digits <n>', 'significant digits in text tables', '4');
  addPatientListOptions(cmd, false);
  cmd.addHelpText('after', `
Examples:
  mmf gradcam cohort/external.csv --model models/dl --out gradcam/
  mmf gradcam patients.csv --model models/dl --out cams --member m3t --no-png --json`);
  cmd.action(async (csv: string, f: GradCamFlags) => {
    await initDeepEngine({ backend: f.backend });
    const model = loadEnsembleBundle(f.model);
    const phases = [...model.stack.phases];
    const members = f.member ? model.members.filter((m) => m.name === f.member) : model.members;
    if (members.length === 0) throw new HccError('E_OPTION', `--member "${f.member}" is not in the model (${model.members.map((m) => m.name).join(', ')})`);
    const background = f.background ?? phases[Math.floor(phases.length / 2)];
    if (!phases.includes(background)) throw new HccError('E_OPTION', `--background "${background}" is not a model phase (${phases.join(', ')})`);
    const marginMm = numberFlag('--margin-mm', f.marginMm);
    const { list, phases: listed } = await readListFromFlags(csv, f, phases);
    if (listed.join(',') !== phases.join(',')) throw new HccError('E_INPUT', `${csv}: phases ${listed.join(', ')} differ from the model's ${phases.join(', ')}`);
    const built = loadStacks(list, list.rows.map((_, i) => i), { ...model.stack, labels: [...model.stack.labels] }, 'loading');
    const d = built.dataset;
    const { height: H, width: W } = d;
    const cams = members.map((m) => ({ name: m.name, cam: gradCam(m.network, d, { target: f.target as 'os' | 'pfs' }) }));
    const labels: Record<number, string> = Object.fromEntries(model.stack.labels.map((l) => [l, `label${l}`]));
    const results: (GradCamPatientOutput & { member: string })[] = [];
    list.rows.forEach((row, i) => {
      const p = loadListedPatient(row, labels);
      for (const { name, cam } of cams) {
        const out = writeGradCamOutputs(`${f.out}/${name}`, { id: row.id, map: camOfSample(cam, i), height: H, width: W, placement: built.placements[i], ct: p.phases[background], mask: p.mask }, { labels: model.stack.labels, marginMm, png: f.png, nifti: f.nifti });
        results.push({ ...out, member: name });
      }
      progressBar('grad-cam', i + 1, list.rows.length);
    });
    const summary = cams.map(({ name }) => {
      const rs = results.filter((r) => r.member === name);
      return { member: name, n: rs.length, peakInTumour: rs.filter((r) => r.score.peakInTumour).length / rs.length, peakInMargin: rs.filter((r) => r.score.peakInMargin).length / rs.length, meanMassInMargin: rs.reduce((a, r) => a + r.score.massInMargin, 0) / rs.length };
    });
    emit(f, { out: f.out, marginMm, summary, patients: results }, [
      { title: `Grad-CAM inside the tumour (margin ${marginMm} mm)`, columns: ['patient', 'member', 'mass in tumour', 'mass in margin', 'peak in tumour', 'peak in margin'], rows: results.map((r) => [r.id, r.member, r.score.massInTumour, r.score.massInMargin, r.score.peakInTumour ? 'yes' : 'no', r.score.peakInMargin ? 'yes' : 'no']) },
      { title: 'Per member', columns: ['member', 'n', 'share peak in tumour', 'share peak in margin', 'mean mass in margin'], rows: summary.map((s) => [s.member, s.n, s.peakInTumour, s.peakInMargin, s.meanMassInMargin]) },
    ], [`maps written under ${f.out}`]);
  });
}
