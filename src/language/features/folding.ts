// Folding: the model and each section, layer calls and settings that span lines, and runs
// of two or more whole-line comments.
import { SourceText } from '../text';
import type { Analysis, Range } from '../types';
import type { FoldingInfo } from './types';

export function foldingRanges(analysis: Analysis, text: string): FoldingInfo[] {
  const { model, sections } = analysis.document;
  const ranges: FoldingInfo[] = [];
  const addBlock = (range: Range): void => {
    // The closing `}` or `)` stays visible below the folded lines.
    const endLine = range.end.line - 1;
    if (endLine > range.start.line) ranges.push({ startLine: range.start.line, endLine });
  };
  if (model) {
    addBlock(model.range);
    for (const layer of model.layers) addBlock(layer.range);
  }
  for (const section of sections) {
    addBlock(section.range);
    for (const setting of section.settings) addBlock(setting.range);
  }
  return ranges.concat(commentRuns(analysis, text));
}

function commentRuns(analysis: Analysis, text: string): FoldingInfo[] {
  const lines = new SourceText(text);
  const wholeLineComments = analysis.document.comments
    .filter((comment) => {
      const lineStart = lines.offsetAt({ line: comment.range.start.line, character: 0 });
      return text.slice(lineStart, lines.offsetAt(comment.range.start)).trim() === '';
    })
    .map((comment) => comment.range.start.line);
  const runs: FoldingInfo[] = [];
  let start = 0;
  for (let i = 1; i <= wholeLineComments.length; i++) {
    if (i < wholeLineComments.length && wholeLineComments[i] === wholeLineComments[i - 1] + 1) continue;
    if (i - start >= 2) runs.push({ startLine: wholeLineComments[start], endLine: wholeLineComments[i - 1], kind: 'comment' });
    start = i;
  }
  return runs;
}
