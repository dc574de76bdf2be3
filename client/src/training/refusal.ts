// The words of a refusal to train or evaluate a model with errors (pure, so it is tested).

export interface ErrorLine {
  /** 0-based, as in diagnostics. */
  line: number;
  code?: string;
  message: string;
}

const ERRORS_NAMED = 3;

/** `Cannot train MnistMLP: 2 errors. Line 4: unknown activation 'rellu' (DNN203). Line 9: …` */
export function refusalMessage(action: string, model: string, errorCount: number, firstErrors: readonly ErrorLine[]): string {
  const count = `${errorCount} error${errorCount === 1 ? '' : 's'}`;
  const named = firstErrors.slice(0, ERRORS_NAMED).map((e) => `Line ${e.line + 1}: ${e.message}${e.code ? ` (${e.code})` : ''}.`);
  const more = errorCount > named.length && named.length > 0 ? [`And ${errorCount - named.length} more.`] : [];
  const where = named.length === 0 ? ['See the Problems panel.'] : [];
  return [`Cannot ${action} ${model}: ${count}.`, ...named, ...more, ...where].join(' ');
}
