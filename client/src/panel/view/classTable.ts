// Rows of the per-class table: accuracy (= recall) with precision, and the class the model
// most often mistakes it for, which is the first thing to look at after the heat map.
import type { ClassStats } from '../../../../src/protocol/engine';
import { className } from '../../../../src/protocol/classNames';
import { formatPercent } from './format';
import { smallest } from '../../../../src/language/extremes';

export interface ClassRow {
  label: number;
  /** The class's name (`fit { class_names }`), else its index. */
  name: string;
  support: number;
  accuracy: string;
  precision: string;
  recall: string;
  /** e.g. `7 (12)` or `Shirt (40)`: most frequent wrong prediction and its count; empty when there are none. */
  mostConfusedWith: string;
  /** The worst class by accuracy gets highlighted. */
  worst: boolean;
}

export function classRows(perClass: readonly ClassStats[], confusion: readonly (readonly number[])[], names?: readonly string[]): ClassRow[] {
  const worstAccuracy = smallest(perClass.filter((c) => c.support > 0).map((c) => c.accuracy));
  return perClass.map((c) => {
    const row = confusion[c.label] ?? [];
    let confusedWith = -1;
    row.forEach((count, predicted) => {
      if (predicted !== c.label && count > 0 && (confusedWith < 0 || count > row[confusedWith])) confusedWith = predicted;
    });
    return {
      label: c.label,
      name: className(names, c.label),
      support: c.support,
      accuracy: formatPercent(c.accuracy, 1),
      precision: formatPercent(c.precision, 1),
      recall: formatPercent(c.recall, 1),
      mostConfusedWith: confusedWith >= 0 ? `${className(names, confusedWith)} (${row[confusedWith]})` : '',
      worst: c.support > 0 && c.accuracy === worstAccuracy && perClass.length > 1,
    };
  });
}
