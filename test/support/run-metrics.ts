// A complete `metrics.json` for tests of code that lists, reads or shows runs; each test
// overrides only the fields it is about.
import type { RunMetrics } from '../../src/protocol/engine';

export function runMetrics(overrides: Partial<RunMetrics> = {}): RunMetrics {
  return {
    model: 'MnistMLP',
    specHash: 'h',
    specFile: '/m.dnn',
    createdAt: '2025-01-01T00:00:00.000Z',
    backend: 'wasm',
    config: { epochs: 1, batchSize: 32, validationSplit: 0, optimizer: 'adam', loss: 'categorical_crossentropy' },
    history: [],
    timings: { totalSeconds: 1, secondsPerEpoch: 1 },
    status: 'completed',
    ...overrides,
  };
}
