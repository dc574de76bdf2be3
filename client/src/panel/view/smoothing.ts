// Exponential moving average as TensorBoard draws it: per-batch losses jump around, the
// smoothed line shows the trend. Debiased so the start is not dragged towards zero.

/** `weight` in [0, 1): 0 keeps the raw values, 0.9 smooths strongly. */
export function smoothSeries(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  const out: number[] = [];
  let average = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(out.length > 0 ? out[out.length - 1] : Number.NaN);
      continue;
    }
    count++;
    average = average * w + (1 - w) * v;
    out.push(average / (1 - w ** count));
  }
  return out;
}
