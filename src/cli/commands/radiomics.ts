import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { readNifti } from '../../io/index.js';
import type { RadiomicsSettingsInput } from '../../radiomics/index.js';
import { extractFeatures, IBSI_PRESETS, resolveRadiomicsSettings } from '../../radiomics/index.js';
import { emit } from '../shared.js';

interface RadiomicsFlags {
  settings?: string;
  config?: string;
  families?: string;
  json?: boolean;
  digits: string;
}

function optionError(flag: string, message: string, expected?: string, received?: string): HccError {
  return new HccError('E_OPTION', message, { issues: [issueError('bad_option', [flag], message, { expected, received })] });
}

function readSettingsFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw optionError('--settings', `${path} is not valid JSON: ${(cause as Error).message}`);
  }
}

/** `mmf radiomics`: IBSI features of one image + ROI mask (NIfTI). */
export function register(program: Command): void {
  program
    .command('radiomics')
    .argument('<image>', 'image volume (NIfTI .nii / .nii.gz)')
    .argument('<mask>', 'ROI mask on the same grid (NIfTI; non-zero = ROI unless the settings name a label)')
    .description(
      'Compute IBSI radiomic features of one ROI: morphology, local intensity, intensity statistics, intensity histogram, intensity-volume histogram and the texture families. ' +
        'Processing (interpolation to the IBSI centred grid, rounding, partial-volume threshold, re-segmentation, discretisation) follows a settings file or an IBSI preset. ' +
        'Prints feature id, IBSI code and value (text) or everything with diagnostics (--json).',
    )
    .option('--settings <file>', 'JSON settings file (see RadiomicsSettingsSchema); keep it with the study')
    .option('--config <name>', 'IBSI 1 preset: phantom, A, B, C, D or E (ignored when --settings is given)')
    .option('--families <list>', 'comma-separated families to compute, overriding the settings (e.g. morphology,statistics)')
    .option('--json', 'write JSON (full precision, with settings and diagnostics)')
    .option('--digits <n>', 'significant digits in the text table', '6')
    .addHelpText('after', '\nExamples:\n  mmf radiomics ct.nii.gz gtv.nii.gz --config C\n  mmf radiomics ct.nii.gz gtv.nii.gz --settings study-radiomics.json --json > features.json')
    .action((image: string, mask: string, f: RadiomicsFlags) => {
      let raw: RadiomicsSettingsInput;
      if (f.settings) raw = readSettingsFile(f.settings) as RadiomicsSettingsInput;
      else if (f.config) {
        const preset = (IBSI_PRESETS as Record<string, RadiomicsSettingsInput>)[f.config === 'phantom' ? 'phantom' : f.config.toUpperCase()];
        if (!preset) throw optionError('--config', `unknown IBSI configuration "${f.config}"`, 'phantom, A, B, C, D or E', f.config);
        raw = preset;
      } else throw optionError('--settings', 'give --settings <file> or --config <A..E|phantom>', 'one of --settings, --config');
      if (f.families) raw = { ...(raw as object), families: f.families.split(',').map((s) => s.trim()).filter(Boolean) } as RadiomicsSettingsInput;
      const settings = resolveRadiomicsSettings(raw);
      const img = readNifti(image).volume;
      const msk = readNifti(mask).volume;
      const result = extractFeatures(img, msk, settings);
      const d = result.diagnostics.roi;
      emit(
        f,
        result,
        [{ title: `${result.features.length} features`, columns: ['feature', 'IBSI code', 'value'], rows: result.features.map((x) => [x.id, x.ibsiCode, x.value]) }],
        [
          `${settings.name ?? 'radiomics'}: ${d.resegmented.morphologicalMaskVoxels} ROI voxels (morphological), ${d.resegmented.intensityMaskVoxels} after re-segmentation, grid ${d.resegmented.shape.join('x')} at ${d.resegmented.spacingMm.map((s) => +s.toFixed(4)).join('x')} mm`,
        ],
      );
    });
}
