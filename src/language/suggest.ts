// "Did you mean ...?": the candidates closest to a misspelt name, best first.

/** At most this many suggestions: more would be noise in a message and a code-action menu. */
const maxSuggestions = 3;

/**
 * The candidates close enough to `word` to be what the user meant, best first. Case and
 * `_`/`-` differences cost nothing extra (`maxpooling2d` finds `MaxPooling2D`,
 * `hardsigmoid` finds `hard_sigmoid`); otherwise the edit distance (with transpositions) may be
 * at most a third of the word's length (at least 1, at most 3). A word of 3 or more letters
 * that starts a candidate suggests it too, after the close spellings (`Conv` finds `Conv2D`).
 */
export function didYouMean(word: string, candidates: readonly string[]): string[] {
  const key = normalise(word);
  if (key.length === 0) return [];
  const budget = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const normalised = normalise(candidate);
    const distance = editDistance(key, normalised, budget);
    if (distance <= budget) scored.push({ candidate, distance });
    else if (key.length >= 3 && normalised.startsWith(key)) scored.push({ candidate, distance: budget + 1 });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  // Keep only the best tier when it is an exact match up to case: `dense` means `Dense`.
  const best = scored[0]?.distance;
  const kept = best === 0 ? scored.filter((s) => s.distance === 0) : scored;
  return kept.slice(0, maxSuggestions).map((s) => s.candidate);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/** Optimal string alignment distance, stopping early once every path exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
