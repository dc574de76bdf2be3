// Collects the analyzer's diagnostics: a code name from codes.ts gives the code and the
// default severity, so no check spells a code or a severity by hand.
import { codes, type CodeName } from './codes';
import type { Diagnostic, QuickFix, Range } from './types';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(name: CodeName, message: string, range: Range, fixes?: QuickFix[]): void {
    const { code, severity } = codes[name];
    const diagnostic: Diagnostic = { code, severity, message, range };
    if (fixes && fixes.length > 0) diagnostic.fixes = fixes;
    this.diagnostics.push(diagnostic);
  }
}
