// The shape of a benchmark result: every module in scripts/bench/ exports
// `async function run(): Promise<BenchRow[]>`, and scripts/bench.ts prints them as one table.

export interface BenchRow {
  name: string;
  value: number;
  /** `s`, `ms`, `MB`, `x`, a count, ... */
  unit: string;
  /** A figure measured in the same run to compare with: the table shows value / baseline.value. */
  baseline?: { name: string; value: number };
  /**
   * What counts as good, checked by the runner: `< 20 ms`, `<= 60 ms`, `< 1 s` (the value, in
   * the row's unit or another time unit), or `<= 3x` (the ratio to the baseline).
   */
  target?: string;
}
