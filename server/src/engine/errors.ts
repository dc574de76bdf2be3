// Errors the engine reports to the user as plain sentences (no stack trace). `kind` lets the
// CLI choose its exit code: `input` for a file that cannot be read or a bad option (2),
// `failure` for a model with errors, corrupt data or a failed run (1).

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
