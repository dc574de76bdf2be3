// A cancellable progress notification per job; Cancel stops the job (within one batch).
import type { PanelState } from '../panel/messages';
import type { RunningJob, TrainingController } from './controller';
import { withNotificationProgress } from '../ui/messages';
import { progressMessage, progressPercent } from './statusText';

export function showJobProgress(job: RunningJob, controller: TrainingController, stateOf: (documentUri: string) => PanelState | undefined): void {
  const title = `${job.kind === 'train' ? 'Training' : 'Evaluating'} ${job.label}`;
  void withNotificationProgress(title, true, (progress, token) => {
    let reported = 0;
    let lastMessage = '';
    const report = () => {
      const run = stateOf(job.key)?.run;
      const percent = progressPercent(job.kind, run);
      const message = job.stopRequested ? 'stopping after this batch…' : progressMessage(job.kind, run);
      if (percent <= reported && message === lastMessage) return;
      progress.report({ message, increment: Math.max(0, percent - reported) });
      reported = Math.max(reported, percent);
      lastMessage = message;
    };
    report();
    token.onCancellationRequested(() => {
      controller.stop(job.key);
      report();
    });
    const subscription = controller.onEvent((eventJob) => {
      if (eventJob === job) report();
    });
    return job.finished.finally(() => subscription.dispose());
  });
}
