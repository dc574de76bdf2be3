// Per-document debounce: while the user types, only the last request for a document
// survives the quiet period; earlier ones are told they were superseded.

/** The subset of a vscode-jsonrpc CancellationToken this module needs. */
export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export type WaitOutcome = 'ready' | 'superseded' | 'cancelled';

interface Pending {
  timer: NodeJS.Timeout;
  settle: (outcome: WaitOutcome) => void;
}

export class DocumentDebouncer {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly delayMs: number) {}

  /**
   * Resolves 'ready' once `delayMs` passed without a newer wait for the same document,
   * 'superseded' as soon as a newer wait starts (or the document is dropped), and
   * 'cancelled' when the request's token is cancelled.
   */
  wait(uri: string, token?: CancellationSignal): Promise<WaitOutcome> {
    this.settle(uri, 'superseded');
    if (token?.isCancellationRequested) return Promise.resolve('cancelled');
    return new Promise<WaitOutcome>((resolve) => {
      const subscription = token?.onCancellationRequested(() => this.settle(uri, 'cancelled', entry));
      const entry: Pending = {
        timer: setTimeout(() => this.settle(uri, 'ready', entry), this.delayMs),
        settle: (outcome) => {
          subscription?.dispose();
          resolve(outcome);
        },
      };
      this.pending.set(uri, entry);
    });
  }

  /** Drops the pending wait of a closed document. */
  drop(uri: string): void {
    this.settle(uri, 'superseded');
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.drop(uri);
  }

  /** Settles the pending wait of `uri` (only `only`, when given, so a stale timer can't settle a newer wait). */
  private settle(uri: string, outcome: WaitOutcome, only?: Pending): void {
    const entry = this.pending.get(uri);
    if (!entry || (only && entry !== only)) return;
    clearTimeout(entry.timer);
    this.pending.delete(uri);
    entry.settle(outcome);
  }
}
