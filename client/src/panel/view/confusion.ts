// The confusion-matrix heat map as data. Correct predictions and mistakes get separate tones
// and separate scales: on MNIST the diagonal holds ~98% of every row, so one shared scale would
// leave the mistakes (what the user is looking for) invisible.

export type CellTone = 'correct' | 'mistake' | 'empty';

export interface CellColour {
  tone: CellTone;
  /** Fill opacity of the tone's theme colour, 0..1. */
  intensity: number;
  /** True when the fill is strong enough that the text needs the background colour to stay readable. */
  strong: boolean;
}

export interface ConfusionCell extends CellColour {
  actual: number;
  predicted: number;
  count: number;
  /** count / samples of the actual class. */
  rowFraction: number;
}

/** Below this, the text keeps the foreground colour; above it, the fill is dark/saturated enough to flip. */
const STRONG_FILL = 0.6;

/**
 * Colour of one cell. Diagonal cells scale with their row fraction (recall); mistakes scale with
 * the square root of their count relative to the largest mistake, so a single error still shows.
 */
export function cellColour(count: number, rowTotal: number, isDiagonal: boolean, maxMistakes: number): CellColour {
  if (count <= 0 || rowTotal <= 0) return { tone: 'empty', intensity: 0, strong: false };
  const intensity = isDiagonal ? 0.15 + 0.85 * (count / rowTotal) : 0.12 + 0.88 * Math.sqrt(count / Math.max(1, maxMistakes));
  const clamped = Math.min(1, intensity);
  return { tone: isDiagonal ? 'correct' : 'mistake', intensity: clamped, strong: clamped >= STRONG_FILL };
}

/** All cells, row by row (actual class), columns by predicted class. */
export function confusionCells(confusion: readonly (readonly number[])[]): ConfusionCell[] {
  let maxMistakes = 0;
  confusion.forEach((row, a) => row.forEach((count, p) => {
    if (a !== p) maxMistakes = Math.max(maxMistakes, count);
  }));
  return confusion.flatMap((row, actual) => {
    const rowTotal = row.reduce((sum, c) => sum + c, 0);
    return row.map((count, predicted) => ({
      actual,
      predicted,
      count,
      rowFraction: rowTotal > 0 ? count / rowTotal : 0,
      ...cellColour(count, rowTotal, actual === predicted, maxMistakes),
    }));
  });
}
