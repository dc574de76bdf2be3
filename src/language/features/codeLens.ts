// "Train | Evaluate | Summary | Export" above `model`: the editor runs the client's commands with
// the document's URI, so they act on this file whichever editor has the focus.
import { commandIds } from '../../protocol/commands';
import type { Analysis } from '../types';
import type { CodeLensInfo } from './types';

export function codeLenses(analysis: Analysis): CodeLensInfo[] {
  const model = analysis.document.model;
  if (!model) return [];
  const range = model.keywordRange;
  return [
    { range, title: 'Train', command: commandIds.train },
    { range, title: 'Evaluate', command: commandIds.evaluate },
    { range, title: 'Summary', command: commandIds.showSummary },
    { range, title: 'Export', command: commandIds.exportModel },
  ];
}
