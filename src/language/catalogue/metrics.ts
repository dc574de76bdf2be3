// Metrics reported per batch and per epoch next to the loss.
import type { MetricEntry } from './types';

export const metrics: readonly MetricEntry[] = [
  {
    name: 'accuracy',
    aliases: ['acc'],
    doc: 'Fraction of samples whose highest-scoring class is the label (works with one-hot and integer labels).',
  },
];

export function findMetric(name: string): MetricEntry | undefined {
  return metrics.find((entry) => entry.name === name || entry.aliases.includes(name));
}
