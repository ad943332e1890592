import type { Command } from 'commander';
import { readExplainability, readStudyFolder, writeStudyReport } from '../../fusion/index.js';
import { emit } from '../shared.js';
import { renderStudyFigure } from './study.js';

interface Flags {
  out: string;
  json?: boolean;
}

/** `mmf report`: (re)write the study report from an existing study folder, without refitting. */
export function register(program: Command): void {
  program
    .command('report')
    .description(
      'Write (or rewrite) OUT/report/report.html and report.md with the SVG figures from the results of an existing study folder (OUT/results: results.json, settings.json, provenance.json, written by `mmf study` or `mmf evaluate`). Nothing is refitted or re-evaluated; the report is built only from the stored tables.',
    )
    .requiredOption('--out <dir>', 'study folder holding results/')
    .option('--json', 'write the report file paths as JSON to stdout')
    .addHelpText('after', '\nExample:\n  mmf synth --patients 300 --seed 7 --out /tmp/cohort --no-images\n  mmf evaluate --manifest /tmp/cohort/synthetic-hcc-ici-seed7-n300 --out /tmp/study\n  mmf report --out /tmp/study\n')
    .action(async (flags: Flags) => {
      const folder = readStudyFolder(flags.out);
      process.stderr.write(`report: ${folder.tables.length} result table(s) from ${flags.out}/results\n`);
      const explain = readExplainability(flags.out, folder.tables);
      const rep = await writeStudyReport({ tables: folder.tables, notes: folder.notes, warnings: folder.warnings }, folder.settings, folder.cohort, folder.provenance, flags.out, renderStudyFigure, explain);
      emit(flags, { html: rep.html, markdown: rep.markdown, figures: rep.figures }, [], [`report: ${rep.html}`, `markdown: ${rep.markdown}`, `${Object.keys(rep.figures).length} SVG figure(s) in ${flags.out}/report/figures`]);
    });
}
