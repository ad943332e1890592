import type { Command } from 'commander';

/** A subcommand module registers itself on the program. One line per command below. */
export type Register = (program: Command) => void;

export const COMMANDS: readonly Register[] = [
];
