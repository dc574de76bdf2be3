// Applying text edits as an editor does, for tests that check what a quick fix or the
// formatter leaves behind.
import { SourceText } from '../../src/language/text';
import type { Range } from '../../src/language/types';

/** The text after non-overlapping edits, applied from the last to the first. */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const lines = new SourceText(text);
  const ordered = edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
