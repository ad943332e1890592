#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { reportError } from './exit.js';
import { VERSION } from '../core/version.js';

/** Build the `mmf` program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command('mmf')
    .description('Multimodal fusion for immunotherapy outcome prediction in unresectable HCC: survival statistics that match R, and the study pipeline.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      ['', 'Examples:', '  mmf demo                              # the main job on a synthetic cohort (about 25 min; --quick about 2)', '  mmf study --manifest cohort/ --deep --out study/   # your own cohort (docs/study-pipeline.md)', '  mmf <command> --help                  # every command has its own help with an example'].join('\n'),
    );
  for (const register of COMMANDS) register(program);
  return program;
}

/** Entry point: parse argv, run, map errors to exit statuses. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    return reportError(err);
  }
}

function invokedDirectly(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
/**
 * Output piped into a reader that stops early (`mmf predict --help | head`) closes stdout: the rest
 * of the output is simply not wanted, as for any Unix tool, so exit quietly instead of crashing with
 * an unhandled EPIPE stack trace.
 */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exit(0);
    else throw err;
  });
}

if (invokedDirectly()) {
  exitQuietlyOnBrokenPipe(process.stdout);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
