// The one-job-per-model rule and the bookkeeping of running jobs, without VS Code: the ports
// (the engine launcher and the "stop the running one?" question) are injected, so tests drive
// it with a fake runner.
import type { TrainEvent } from '../../../src/protocol/engine';
import type { JobKind } from '../panel/state';

/** A job the engine runs in a worker thread. */
export interface EngineJob {
  /** Resolves once the job has ended and sent its last event (never rejects). */
  readonly finished: Promise<void>;
  /** Asks the job to stop; it ends within one batch. */
  stop(): void;
}

export interface JobRequest {
  /** The model's identity: its document URI. */
  key: string;
  /** The model's name, for messages. */
  label: string;
  kind: JobKind;
  start(onEvent: (event: TrainEvent) => void): EngineJob;
}

export interface RunningJob {
  key: string;
  label: string;
  kind: JobKind;
  /** Set once the user (or a replacement) asked it to stop. */
  stopRequested: boolean;
  readonly finished: Promise<void>;
}

/** What a job will be, before it is started. */
export type JobIntent = Pick<JobRequest, 'key' | 'label' | 'kind'>;

export interface ControllerPorts {
  /** Modal question: stop the running job of this model to start the new one? */
  confirmReplace(running: RunningJob, next: JobIntent): Promise<boolean>;
}

export type StartOutcome =
  | { started: true; job: RunningJob }
  /** The user kept the running job, or another request for this model is already being started. */
  | { started: false; reason: 'kept-running' | 'busy' };

export type JobListener = (job: RunningJob, event: TrainEvent) => void;

interface Entry {
  job: RunningJob;
  engineJob: EngineJob;
}

export class TrainingController {
  private readonly entries = new Map<string, Entry>();
  /** Models for which a start is underway (between the question and the new job's first event). */
  private readonly starting = new Set<string>();
  private readonly listeners = new Set<JobListener>();
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly ports: ControllerPorts) {}

  /** Every event of every job, in order. */
  onEvent(listener: JobListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A job started or ended (the running set changed). */
  onJobsChanged(listener: () => void): { dispose(): void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  running(key: string): RunningJob | undefined {
    return this.entries.get(key)?.job;
  }

  runningJobs(): RunningJob[] {
    return [...this.entries.values()].map((e) => e.job);
  }

  /**
   * Starts a job unless one runs for the same model; then asks whether to stop that one first
   * and waits until it has ended, so two jobs never write to the same model's panel at once.
   */
  async start(request: JobRequest): Promise<StartOutcome> {
    if (this.starting.has(request.key)) return { started: false, reason: 'busy' };
    this.starting.add(request.key);
    try {
      if (!(await this.makeWay(request))) return { started: false, reason: 'kept-running' };
      return { started: true, job: this.launch(request) };
    } finally {
      this.starting.delete(request.key);
    }
  }

  /**
   * Asks to stop the model's running job, if any, and waits until it has ended. True when the
   * way is clear. Evaluate calls it before choosing a run, so a training it stops is a run to pick.
   */
  async makeWay(next: JobIntent): Promise<boolean> {
    const current = this.entries.get(next.key);
    if (!current) return true;
    if (!(await this.ports.confirmReplace(current.job, next))) return false;
    this.stopEntry(current);
    await current.job.finished;
    return true;
  }

  /** Stops the model's job; false when none runs. */
  stop(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.stopEntry(entry);
    return true;
  }

  stopAll(): void {
    for (const entry of this.entries.values()) this.stopEntry(entry);
  }

  private stopEntry(entry: Entry): void {
    entry.job.stopRequested = true;
    entry.engineJob.stop();
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  private launch(request: JobRequest): RunningJob {
    let resolveFinished!: () => void;
    const job: RunningJob = {
      key: request.key,
      label: request.label,
      kind: request.kind,
      stopRequested: false,
      finished: new Promise<void>((resolve) => (resolveFinished = resolve)),
    };
    const engineJob = request.start((event) => {
      for (const listener of this.listeners) listener(job, event);
    });
    this.entries.set(request.key, { job, engineJob });
    this.changed();
    void engineJob.finished.then(() => {
      if (this.entries.get(request.key)?.job === job) this.entries.delete(request.key);
      this.changed();
      resolveFinished();
    });
    return job;
  }
}
