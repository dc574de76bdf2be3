// The server never dies on bad input: a handler that throws is logged and answered with an
// empty result, so one bug costs one feature on one keystroke, not the session.
import { ResponseError } from 'vscode-languageserver/node';

export type Logger = (message: string) => void;

export function safely<P, R, T extends unknown[]>(
  log: Logger,
  name: string,
  fallback: R,
  handler: (params: P, ...rest: T) => R | Promise<R>,
): (params: P, ...rest: T) => Promise<R> {
  return async (params, ...rest) => {
    try {
      return await handler(params, ...rest);
    } catch (error) {
      // A deliberate protocol answer (cancelled, unknown document) goes back as it is.
      if (error instanceof ResponseError) throw error;
      log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}
