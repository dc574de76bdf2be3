// Command-line flags of the `dnn` commands: `--name value` or `--name=value`, and
// positional FILEs. Anything else is a UsageError (exit 2 with the usage text).
import { UsageError } from './command';

export type FlagKind = 'count' | 'integer' | 'string' | 'backend' | 'boolean';

export interface ParsedFlags {
  file: string;
  values: Record<string, string | number | boolean>;
}

/** One FILE and flags (`dnn train`, `dnn evaluate`). */
export function parseRunFlags(args: string[], flags: Record<string, FlagKind>): ParsedFlags {
  const { files, values } = parseFlags(args, flags);
  if (files.length === 0) throw new UsageError('missing FILE (a .dnn file)');
  if (files.length > 1) throw new UsageError(`one FILE at a time, got ${files.length}: ${files.join(' ')}`);
  return { file: files[0], values };
}

/** Any number of FILEs and flags (`dnn runs`). */
export function parseFlags(args: string[], flags: Record<string, FlagKind>): { files: string[]; values: ParsedFlags['values'] } {
  const values: Record<string, string | number | boolean> = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      // `-e 3` is a mistyped option, not two more files (a file starting with `-` goes after `--`).
      if (/^-[^-]/.test(arg)) throw new UsageError(`unknown option ${arg} (options are spelled --name)`);
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const kind = Object.hasOwn(flags, name) ? flags[name] : undefined;
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      values[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    values[name] = convert(name, kind, raw);
  }
  return { files, values };
}

function convert(name: string, kind: Exclude<FlagKind, 'boolean'>, raw: string): string | number {
  if (kind === 'string') return raw;
  if (kind === 'backend') {
    if (raw !== 'wasm' && raw !== 'cpu') throw new UsageError(`--${name} must be wasm or cpu, got '${raw}'`);
    return raw;
  }
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`--${name} must be a whole number, got '${raw}'`);
  if (kind === 'count' && value < 1) throw new UsageError(`--${name} must be at least 1, got ${value}`);
  return value;
}
