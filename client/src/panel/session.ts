// The host side of one results panel without VS Code: it owns the state, knows whether the
// webview is listening (the ready handshake), and decides when to post. The WebviewPanel glue
// (resultsPanel.ts) forwards messages and visibility changes to it.
import type { HostToWebview, PanelCommand, PanelState, WebviewToHost } from './messages';
import { tryItRun } from './state';
import { Throttle, type Timers } from './throttle';

/** At most 10 posts a second while training. */
export const UPDATE_INTERVAL_MS = 100;

export interface PanelSessionPorts {
  post(message: HostToWebview): void;
  runCommand(command: PanelCommand): void;
  /** The run's model on one drawn digit, off this thread (engine/predictor.ts). */
  predict(runDir: string, pixels: Float32Array): Promise<{ classNames: string[]; probabilities: number[] }>;
  timers?: Timers;
}

export type Urgency = 'now' | 'throttled';

export class PanelSession {
  private current: PanelState;
  /** The webview posts `ready` once its script runs; anything posted before is lost. */
  private ready = false;
  private readonly throttle: Throttle;

  constructor(initial: PanelState, private readonly ports: PanelSessionPorts) {
    this.current = initial;
    this.throttle = new Throttle(UPDATE_INTERVAL_MS, () => this.send(), ports.timers);
  }

  get state(): PanelState {
    return this.current;
  }

  /** Applies a change; per-batch progress is throttled, everything else goes out at once. */
  update(change: (state: PanelState) => PanelState, urgency: Urgency = 'now'): void {
    this.current = change(this.current);
    if (!this.ready) return; // sent in full on the next `ready`
    if (urgency === 'now') this.throttle.flush();
    else this.throttle.request();
  }

  receive(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.throttle.flush();
        break;
      case 'command':
        this.ports.runCommand(message.command);
        break;
      case 'predict':
        void this.predict(message.id, message.pixels);
        break;
    }
  }

  /** Answers with the model of the run the panel shows (never a run the webview names: it only sends pixels). */
  private async predict(id: number, pixels: number[]): Promise<void> {
    const runDir = tryItRun(this.current);
    if (!runDir) {
      this.ports.post({ type: 'prediction', id, error: 'No trained run to ask yet: train the model first.' });
      return;
    }
    try {
      const { classNames, probabilities } = await this.ports.predict(runDir, Float32Array.from(pixels));
      if (this.ready) this.ports.post({ type: 'prediction', id, runDir, classNames, probabilities });
    } catch (error) {
      if (this.ready) this.ports.post({ type: 'prediction', id, runDir, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * A hidden panel's webview is destroyed (retainContextWhenHidden is off) and a new one
   * loads when it is shown again; it says `ready` then and gets the state.
   */
  hidden(): void {
    this.ready = false;
    this.throttle.cancel();
  }

  dispose(): void {
    this.ready = false;
    this.throttle.cancel();
  }

  private send(): void {
    if (this.ready) this.ports.post({ type: 'state', state: this.current });
  }
}
