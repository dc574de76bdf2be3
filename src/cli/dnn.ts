// `dnn <command> ...`: the command-line entry (bundled to dist/cli/dnn.js, run by bin/dnn.js).
// Adding a command is one entry in `commands`. Each is loaded only when run, so `dnn check`
// starts without loading TensorFlow.js (about three times faster).
import { version } from '../../package.json';
import { didYouMean } from '../language/suggest';
import { exitCodes, isHelpFlag, UsageError, type Command } from './command';

const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check')).checkCommand,
  train: async () => (await import('./train')).trainCommand,
  evaluate: async () => (await import('./evaluate')).evaluateCommand,
  export: async () => (await import('./export')).exportCommand,
  runs: async () => (await import('./runs')).runsCommand,
  predict: async () => (await import('./predict')).predictCommand,
};

async function mainUsage(): Promise<string> {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = await Promise.all(Object.entries(commands).map(async ([name, load]) => `  ${name.padEnd(width)}  ${(await load()).summary}`));
  return ['Usage: dnn <command> [options]', '', 'Commands:', ...lines, '', "Run 'dnn <command> --help' for a command's options, 'dnn --version' for the version."].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    process.stderr.write(`${await mainUsage()}\n`);
    return exitCodes.usage;
  }
  if (isHelpFlag(name)) {
    process.stdout.write(`${await mainUsage()}\n`);
    return exitCodes.ok;
  }
  if (name === '--version') {
    process.stdout.write(`dnn ${version}\n`);
    return exitCodes.ok;
  }
  if (!Object.hasOwn(commands, name)) {
    const [closest] = didYouMean(name, Object.keys(commands));
    const hint = closest ? `; did you mean '${closest}'?` : '';
    process.stderr.write(`dnn: unknown command '${name}'${hint}\n\n${await mainUsage()}\n`);
    return exitCodes.usage;
  }
  const command = await commands[name]();
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.some(isHelpFlag)) {
    process.stdout.write(`${command.usage}\n`);
    return exitCodes.ok;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dnn ${name}: ${error.message}\n\n${command.usage}\n`);
      return exitCodes.usage;
    }
    throw error;
  }
}

// `dnn train ... | head -1` closes the pipe long before the run ends: the output is gone but
// the work is not, so the command goes on (training still saves its run) and its exit code
// stays its own. Writes after that fail quietly; so do writes to a closed stderr.
const outputGone = (error: NodeJS.ErrnoException) => error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (outputGone(error)) return;
  process.stderr.write(`dnn: cannot write the output: ${error.message}\n`);
  process.exitCode = exitCodes.usage;
});
process.stderr.on('error', () => undefined);

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not exit(): a piped stdout is flushed before the process ends.
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not bad input: one line for the user; DNN_DEBUG=1 shows where it happened.
    const detail = error instanceof Error ? (process.env.DNN_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`dnn: internal error: ${detail}\n`);
    process.exitCode = exitCodes.usage;
  },
);
