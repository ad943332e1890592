import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { cohortFolderName, defaultGeneSetFile, generateCohort, parseSynthConfig, readGeneUniverse, writeCohort } from '../../synth/index.js';
import type { SynthProgress } from '../../synth/index.js';
import { progressLine } from '../progress.js';
import { emit, readJsonFile } from '../shared.js';

interface SynthFlags {
  patients: string;
  centres: string;
  seed: string;
  out: string;
  config?: string;
  geneSets?: string;
  rnaseq: boolean;
  images: boolean;
  progress: boolean;
  json?: boolean;
  digits: string;
}

function intFlag(flag: string, value: string, min: number): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isInteger(v) || v < min) {
    throw new HccError('E_OPTION', `${flag} "${value}" is not an integer >= ${min}`, { issues: [issueError('bad_option', [flag], `${flag} must be an integer >= ${min}`, { expected: `an integer >= ${min}`, received: value })] });
  }
  return v;
}

/** Image progress on stderr: patients done, percentage, elapsed time and the ETA from the mean time per patient. */
export function progressRenderer(stream: NodeJS.WriteStream = process.stderr): (p: SynthProgress) => void {
  const line = progressLine('images', { stream, startMs: Date.now() });
  return (p) => line(p.done, p.total);
}

/** `mmf synth`: write a synthetic multicentre ICI-treated uHCC cohort (tables, CT phantoms, masks, manifest). */
export function register(program: Command): void {
  program
    .command('synth')
    .description(
      'Generate a clearly labelled SYNTHETIC multicentre cohort of ICI-treated unresectable HCC: clinical table, OS/PFS outcomes, first follow-up with mRECIST/RECIST 1.1, RNA-seq counts for a subset, a separate truth file of the simulated risks for evaluation, ' +
        '3-phase contrast CT phantoms (NIfTI; DICOM series with fake identifiers for one centre) with liver/tumour/thrombus masks (NIfTI, DICOM-SEG or RTSTRUCT by centre) and a study manifest. ' +
        'Image progress is shown on stderr. The default 859-patient demo cohort takes a few minutes and about 2 GB; see docs/synthetic-cohort.md for a full-resolution cohort (images.spacingScale).',
    )
    .option('--patients <n>', 'number of patients', '859')
    .option('--centres <n>', 'number of centres (the first ones of the configuration; extra centres get no case-mix shift)', '4')
    .option('--seed <n>', 'random seed (same seed, configuration and sizes give byte-identical files)', '7')
    .option('--out <dir>', 'output folder; when its name does not contain "synthetic" a sub-folder <cohortName>-seed<seed>-n<patients> is created in it', '.')
    .option('--config <file>', 'JSON configuration: effect sizes, centre case mixes, RNA-seq share (docs/synthetic-cohort.md)')
    .option('--gene-sets <file>', 'GMT file giving the RNA-seq gene universe (default: data/genesets WikiPathways file)')
    .option('--no-rnaseq', 'do not simulate RNA-seq counts')
    .option('--no-images', 'skip the CT phantoms, masks, DICOM series and manifest (tabular part only)')
    .option('--no-progress', 'do not draw the progress bar on stderr')
    .option('--json', 'print the summary as JSON')
    .option('--digits <n>', 'significant digits in text tables', '4')
    .addHelpText('after', '\nExample:\n  mmf synth --patients 859 --centres 4 --seed 7 --out cohorts/\n  mmf synth --patients 859 --centres 4 --seed 7 --out cohorts/ --no-images\n  mmf synth --patients 200 --seed 1 --out synthetic-small --config cfg.json --no-rnaseq --json')
    .action((f: SynthFlags) => {
      const patients = intFlag('--patients', f.patients, 1);
      const centres = intFlag('--centres', f.centres, 1);
      const seed = intFlag('--seed', f.seed, 0);
      const config = parseSynthConfig(f.config ? readJsonFile(f.config, '--config') : {});
      let geneUniverse = null;
      if (f.rnaseq && config.rnaseq.fraction > 0) {
        const gmt = f.geneSets ?? config.rnaseq.geneSetFile ?? defaultGeneSetFile();
        if (!existsSync(gmt)) {
          throw new HccError('E_IO', `gene-set file not found: ${gmt}`, { issues: [issueError('missing_value', ['--gene-sets'], `gene-set file ${gmt} does not exist`, { expected: 'a GMT file (e.g. data/genesets/wikipathways-*.gmt); or use --no-rnaseq' })] });
        }
        geneUniverse = readGeneUniverse(gmt, config.rnaseq.programmeSet);
      }
      const cohort = generateCohort({ patients, centres, seed, config, geneUniverse });
      const dir = basename(f.out).toLowerCase().includes('synthetic') ? f.out : join(f.out, cohortFolderName(cohort));
      const written = writeCohort(cohort, dir, { images: f.images, onProgress: f.images && f.progress ? progressRenderer() : undefined });
      const notes = [`SYNTHETIC cohort written to ${written.dir} (${patients} patients, ${centres} centres, seed ${seed})`];
      const im = written.images;
      if (im) notes.push(`images: ${im.files} files, ${(im.bytes / 1e6).toFixed(1)} MB in ${(im.elapsedMs / 1000).toFixed(1)} s; DICOM series for ${im.dicomPatients} patients; masks ${im.maskFormats.nifti} NIfTI / ${im.maskFormats['dicom-seg']} DICOM-SEG / ${im.maskFormats.rtstruct} RTSTRUCT; external centre ${im.externalCentre}`);
      const imagesSummary = im ? { files: im.files, bytes: im.bytes, seconds: im.elapsedMs / 1000, dicomPatients: im.dicomPatients, dicomCentre: im.dicomCentre, externalCentre: im.externalCentre, maskFormats: im.maskFormats } : null;
      emit(f, { dir: written.dir, synthetic: true, patients, centres, seed, imagesWritten: im !== null, images: imagesSummary, files: written.files }, [
        { title: 'Files', columns: ['file', 'rows', 'bytes', 'sha256'], rows: written.files.map((w) => [w.name, w.rows, w.bytes, w.sha256.slice(0, 16)]) },
      ], notes);
    });
}
