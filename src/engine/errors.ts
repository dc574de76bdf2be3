// Errors the engine reports to the user as plain sentences (no stack trace). `kind` lets the
// CLI choose its exit code: `input` for a file that cannot be read or a bad option (2),
// `failure` for a model with errors, corrupt data or a failed run (1).
import { UnreadableFile } from '../files/regular-file';

export type EngineErrorKind = 'input' | 'failure';

export class EngineError extends Error {
  constructor(
    message: string,
    readonly kind: EngineErrorKind = 'failure',
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The message of anything thrown, for a report; never a stack trace. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a file could not be read, in words: `no such file`, `it is a folder`, `permission denied`, or the system's code. */
export function unreadableReason(error: unknown): string {
  if (error instanceof UnreadableFile) return error.reason;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return 'permission denied';
  return String(code ?? error);
}
