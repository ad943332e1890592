import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { Option } from 'commander';
import type { MemberPredictions, OnnxInputLayout } from '../../deep/index.js';
import { harrellConcordance, initDeepEngine, loadEnsembleBundle, loadOnnxModel, memberScoresFromColumns, predictMember, predictOnnx } from '../../deep/index.js';
import { emit } from '../shared.js';
import type { PatientListFlags } from './train-dl.js';
import { addPatientListOptions, loadStacks, readListFromFlags } from './train-dl.js';

interface PredictDlFlags extends PatientListFlags {
  model: string;
  features?: string;
  onnx?: string;
  onnxLayout: string;
  onnxOutput?: string;
  onnxFeatures?: string;
  json?: boolean;
  digits: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('predict-dl')
    .description('Ensemble-DL risk scores (OS, PFS) of every listed patient from a model folder written by `mmf train-dl`, plus member scores and optional deep features')
    .argument('<patients.csv>', 'patient list (same columns as for train-dl; outcome columns optional)')
    .requiredOption('--model <dir>', 'model folder written by `mmf train-dl`')
    .option('--features <file.csv>', 'write the penultimate-layer features of every member (patient, member, f0, f1, ...)')
    .option('--onnx <model.onnx>', 'also score with a network trained elsewhere (ONNX; inference through onnxruntime-node)')
    .addOption(new Option('--onnx-layout <layout>', 'input layout the ONNX network expects').choices(['nchw', 'nhwc', 'ncdhw']).default('nchw'))
    .option('--onnx-output <name>', 'ONNX output holding the risk score (default: the first output)')
    .option('--onnx-features <name>', 'ONNX output holding features (added to --features)')
    .option('--json', 'write JSON (full precision) instead of a text table')
    .option('--digits <n>', 'significant digits in text tables', '4');
  addPatientListOptions(cmd, false);
  cmd.addHelpText('after', `
Examples:
  mmf predict-dl cohort/external.csv --model models/dl
  mmf predict-dl patients.csv --model models/dl --features deep-features.csv --json
  mmf predict-dl patients.csv --model models/dl --onnx paper-3d-net.onnx --onnx-layout ncdhw

Stacks are cut with the settings stored in the model folder (size, slices, window, phases).`);
  cmd.action(async (csv: string, f: PredictDlFlags) => {
    await initDeepEngine({ backend: f.backend });
    const model = loadEnsembleBundle(f.model);
    const phases = [...model.stack.phases];
    const { list, phases: listed } = await readListFromFlags(csv, f, phases);
    if (listed.join(',') !== phases.join(',')) throw new HccError('E_INPUT', `${csv}: phases ${listed.join(', ')} differ from the model's ${phases.join(', ')}`);
    const built = loadStacks(list, list.rows.map((_, i) => i), { ...model.stack, labels: [...model.stack.labels] }, 'loading');
    const d = built.dataset;
    const preds: { name: string; p: MemberPredictions }[] = model.members.map((m) => ({ name: m.name, p: predictMember(m.network, d) }));
    const cols = (which: 'os' | 'pfs') => memberScoresFromColumns(Object.fromEntries(preds.map(({ name, p }) => [name, (which === 'os' ? p.os : p.pfs) as Float32Array])));
    const ensOs = model.combiners.os.combine(cols('os'));
    const ensPfs = model.combiners.pfs ? model.combiners.pfs.combine(cols('pfs')) : null;
    let onnx: MemberPredictions | null = null;
    if (f.onnx) {
      const m = await loadOnnxModel(f.onnx, { layout: f.onnxLayout as OnnxInputLayout, phases: phases.length, osOutput: f.onnxOutput, featuresOutput: f.onnxFeatures });
      try {
        onnx = await predictOnnx(m, d);
      } finally {
        await m.release();
      }
    }
    if (f.features) {
      const lines: string[] = [];
      const all = [...preds, ...(onnx && onnx.featureDim > 0 ? [{ name: 'onnx', p: onnx }] : [])];
      const maxDim = Math.max(0, ...all.map(({ p }) => p.featureDim));
      lines.push(['patient', 'member', ...Array.from({ length: maxDim }, (_, k) => `f${k}`)].join(','));
      for (const { name, p } of all) {
        for (let i = 0; i < d.n; i++) lines.push([JSON.stringify(d.ids![i]), name, ...Array.from(p.features.subarray(i * p.featureDim, (i + 1) * p.featureDim), (v) => String(v))].join(','));
      }
      writeFileSync(f.features, lines.join('\n') + '\n');
    }
    const rows = d.ids!.map((id, i) => ({
      patient: id,
      ensembleOs: ensOs[i],
      ensemblePfs: ensPfs ? ensPfs[i] : null,
      members: Object.fromEntries(preds.map(({ name, p }) => [name, { os: p.os[i], pfs: p.pfs ? p.pfs[i] : null }])),
      ...(onnx ? { onnx: onnx.os[i] } : {}),
    }));
    const concordance = list.hasOs ? { ensembleOs: harrellConcordance(d.os.time, d.os.event, ensOs).concordance, ...(ensPfs && d.pfs ? { ensemblePfs: harrellConcordance(d.pfs.time, d.pfs.event, ensPfs).concordance } : {}) } : null;
    emit(f, { model: f.model, n: d.n, members: preds.map((p) => p.name), concordance, patients: rows }, [
      {
        title: 'Ensemble-DL risk scores (log relative hazard, higher = worse)',
        columns: ['patient', 'ensemble OS', ...(ensPfs ? ['ensemble PFS'] : []), ...preds.map((p) => `${p.name} OS`), ...(onnx ? ['onnx'] : [])],
        rows: rows.map((r, i) => [r.patient, r.ensembleOs, ...(ensPfs ? [ensPfs[i]] : []), ...preds.map(({ p }) => p.os[i]), ...(onnx ? [onnx.os[i]] : [])]),
      },
    ], concordance ? [`Harrell C (OS) of the ensemble score on these ${d.n} patients: ${concordance.ensembleOs.toFixed(4)}`] : []);
  });
}
