// What every `dnn` subcommand provides to the dispatcher in dnn.ts.

export interface Command {
  /** One line for `dnn --help`. */
  summary: string;
  /** Full usage text for `dnn <command> --help` and usage errors. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** Exit codes shared by every command: 0 fine, 1 the input has errors, 2 usage or unreadable input. */
export const exitCodes = { ok: 0, problems: 1, usage: 2 } as const;

/** A bad command line: dnn.ts prints the message and the command's usage on stderr and exits 2. */
export class UsageError extends Error {}

export function isHelpFlag(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}
