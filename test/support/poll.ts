// Waiting on what appears: poll a read until it satisfies a check. The timeout only bounds a
// hang; nothing is asserted about how long it took. Every wait in the suites goes through here.

export interface PollOptions {
  /** What we were waiting for, for the error message. */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `read` until `accept` is true for its result and returns that result. On timeout the
 * error names what was awaited and shows the last value read, so a failure explains itself.
 */
export async function pollUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, options: PollOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError instanceof Error ? `the last read failed: ${lastError.message}` : `last seen: ${JSON.stringify(last, null, 1)}`;
      throw new Error(`timed out waiting for ${options.description}; ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

/** Waits until `condition()` holds, checking every 5 ms; fails after `timeoutMs` naming `description`. */
export async function waitUntil(description: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  await pollUntil(async () => condition(), Boolean, { description, timeoutMs, intervalMs: 5 });
}

/** Settles `promise` or fails after `ms` naming `description`: a hang is a failure that says so, not a stalled suite. */
export async function within<T>(ms: number, description: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${description}: still waiting after ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
