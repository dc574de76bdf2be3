// The largest and smallest of a list of numbers. `Math.max(...values)` passes every value as an
// argument and overflows the stack at about 125,000 of them (a 130,000-layer file, a long
// metrics.json): everything sized by the user goes through these loops instead.

/** The largest of `values`, or `floor` when it is larger (or `values` is empty). */
export function largest(values: Iterable<number>, floor = -Infinity): number {
  let result = floor;
  for (const value of values) if (value > result) result = value;
  return result;
}

/** The smallest of `values`, or `ceiling` when it is smaller (or `values` is empty). */
export function smallest(values: Iterable<number>, ceiling = Infinity): number {
  let result = ceiling;
  for (const value of values) if (value < result) result = value;
  return result;
}
