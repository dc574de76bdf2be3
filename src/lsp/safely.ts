// The server never dies on bad input: a handler that throws is logged and answered with an
// empty result, so one bug costs one feature on one keystroke, not the session.
import { ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { cancelled } from './lifecycle';

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

/**
 * A request handler, safely, that honours `$/cancelRequest`: a request cancelled before it
 * runs, or while it waits (a file read), is answered RequestCancelled instead of its result.
 * (One still in the queue never gets here: the Lifecycle answers it on the spot.)
 */
export function answer<P, R>(
  log: Logger,
  name: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  const guarded = safely(log, name, fallback, handler);
  return async (params, token) => {
    if (token.isCancellationRequested) throw cancelled();
    const result = await guarded(params, token);
    if (token.isCancellationRequested) throw cancelled();
    return result;
  };
}
