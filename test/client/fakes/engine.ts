// A fake engine launcher for command tests: records what it was asked to run and lets the
// test play the worker's events.
import type { EvaluateOptions, TrainEvent, TrainOptions } from '../../../src/protocol/engine';
import type { EngineJob } from '../../../client/src/training/controller';
import type { EngineLauncher } from '../../../client/src/training/engineJobs';

export class FakeEngineJob implements EngineJob {
  stopRequests = 0;
  private end!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.end = resolve));
  constructor(private readonly onEvent: (event: TrainEvent) => void) {}
  emit(...events: TrainEvent[]): void {
    events.forEach(this.onEvent);
  }
  stop(): void {
    this.stopRequests++;
  }
  finish(last: TrainEvent): Promise<void> {
    this.onEvent(last);
    this.end();
    return this.finished;
  }
}

export class FakeLauncher implements EngineLauncher {
  readonly trainCalls: TrainOptions[] = [];
  readonly evaluateCalls: EvaluateOptions[] = [];
  readonly jobs: FakeEngineJob[] = [];
  train(options: TrainOptions, onEvent: (event: TrainEvent) => void): EngineJob {
    this.trainCalls.push(options);
    return this.track(onEvent);
  }
  evaluate(options: EvaluateOptions, onEvent: (event: TrainEvent) => void): EngineJob {
    this.evaluateCalls.push(options);
    return this.track(onEvent);
  }
  private track(onEvent: (event: TrainEvent) => void): FakeEngineJob {
    const job = new FakeEngineJob(onEvent);
    this.jobs.push(job);
    return job;
  }
}
