import { existsSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { formatIssue, issueError } from '../../core/issues.js';
import type { PseudonymTable } from '../../io/index.js';
import { createPseudonymTable, importDicomFolder, readPseudonymTable, writePseudonymTable } from '../../io/index.js';
import { emit } from '../shared.js';

interface ImportDicomFlags {
  out: string;
  pseudonyms?: string;
  allowGantryTilt?: boolean;
  allowMissingSlices?: boolean;
  allowUnevenSpacing?: boolean;
  json?: boolean;
  digits: string;
}

function inside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

function optionError(flag: string, message: string): HccError {
  return new HccError('E_OPTION', message, { issues: [issueError('bad_option', [flag], message)] });
}

/** `mmf import-dicom`: read DICOM series, de-identify them, write NIfTI volumes + JSON sidecars. */
export function register(program: Command): void {
  program
    .command('import-dicom')
    .argument('<folder>', 'folder tree holding DICOM files (any names, any nesting)')
    .description(
      'Import CT series from a DICOM folder: group files by series, sort slices along the slice normal, rescale to HU, check gantry tilt / missing slices / uneven spacing, ' +
        'de-identify (DICOM PS3.15 Basic Application Level Confidentiality Profile with shifted dates), and write <out>/<pseudonym>/<series UID>.nii.gz with a .json sidecar. ' +
        'The pseudonym table (patient ID <-> pseudonym, date offset, secret key) is written only to --pseudonyms, which must lie outside --out. ' +
        'Every message is sanitised: no name, ID, date or original UID is printed.',
    )
    .requiredOption('--out <dir>', 'output folder for de-identified volumes and sidecars')
    .option('--pseudonyms <file>', 'pseudonym table (JSON) to reuse and extend; created when absent; must not be inside --out')
    .option('--allow-gantry-tilt', 'report gantry tilt as a warning and still write the (sheared) series')
    .option('--allow-missing-slices', 'report missing slices as a warning and still write the series')
    .option('--allow-uneven-spacing', 'report uneven slice spacing as a warning and still write the series')
    .option('--json', 'print the per-series report as JSON')
    .option('--digits <n>', 'significant digits in text tables', '4')
    .addHelpText('after', '\nExample:\n  mmf import-dicom pacs-export/ --out imported/ --pseudonyms ../keys/pseudonyms.json --json')
    .action(async (folder: string, f: ImportDicomFlags) => {
      if (!existsSync(folder)) throw optionError('<folder>', 'the input folder does not exist');
      if (f.pseudonyms && inside(f.pseudonyms, f.out)) throw optionError('--pseudonyms', '--pseudonyms must not be inside --out: the pseudonym table is never stored beside the images');
      if (f.pseudonyms && inside(f.pseudonyms, folder)) throw optionError('--pseudonyms', '--pseudonyms must not be inside the input folder');
      const table: PseudonymTable = f.pseudonyms && existsSync(f.pseudonyms) ? readPseudonymTable(f.pseudonyms) : createPseudonymTable();
      mkdirSync(f.out, { recursive: true });
      let result;
      try {
        result = await importDicomFolder(folder, { outDir: f.out, table, allowGantryTilt: f.allowGantryTilt, allowMissingSlices: f.allowMissingSlices, allowUnevenSpacing: f.allowUnevenSpacing });
      } catch (e) {
        // Errors from deep inside may quote paths or values: replace them with a code-only message.
        if (e instanceof HccError) throw new HccError(e.code, `import-dicom failed (${e.code}); no details are printed because they may identify the patient`);
        throw new HccError('E_INTERNAL', 'import-dicom failed with an internal error; no details are printed because they may identify the patient');
      }
      const { report, sanitiser } = result;
      if (f.pseudonyms) {
        mkdirSync(dirname(resolve(f.pseudonyms)), { recursive: true });
        writePseudonymTable(f.pseudonyms, table);
      }
      const notes = f.pseudonyms ? [] : ['warning: no --pseudonyms given: the key and patient table were discarded, so a re-import will get different pseudonyms and UIDs'];
      const rows = report.series.map((s) => [s.series, s.status, s.pseudonym ?? '', s.slices, s.shape?.join('x') ?? '', s.spacingMm?.map((x) => x.toFixed(3)).join(' x ') ?? '', s.storage ?? '', s.issues.length]);
      const issueLines = [...report.series.flatMap((s) => s.issues), ...report.fileIssues].map((i) => sanitiser.text(formatIssue(i)));
      emit(f, { ...report, pseudonymTableWritten: Boolean(f.pseudonyms) }, [{ title: `Imported series (${report.filesScanned} files scanned; volumes as NIfTI)`, columns: ['series', 'status', 'pseudonym', 'slices', 'shape', 'spacing mm', 'storage', 'issues'], rows }], [...notes, ...issueLines]);
      if (report.series.length === 0 || report.series.every((s) => s.status === 'failed')) {
        throw new HccError('E_INPUT', 'no series could be imported (see the report above)');
      }
    });
}
