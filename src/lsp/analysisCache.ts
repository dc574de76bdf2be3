// One analysis per open document version: diagnostics, hover, inlay hints, completion and
// the rest all read the same Analysis, computed at most once per edit.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../language/analyzer';
import type { Analysis } from '../language/types';
import type { ServerSettings } from './settings';

export class AnalysisCache {
  private readonly entries = new Map<string, Analysis>();

  constructor(private limits: ServerSettings['limits']) {}

  /** The analysis of the document's current version, computed now if not cached yet. */
  get(document: TextDocument): Analysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const analysis = this.analyzeText(document.getText(), document.uri, document.version);
    this.entries.set(document.uri, analysis);
    return analysis;
  }

  /** Analyses a text with the current limits, without caching (a file that is not open). */
  analyzeText(text: string, uri: string, version: number): Analysis {
    return analyze(text, { uri, version, ...this.limits });
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /** New size limits change the warnings: every document is analysed again on next use. */
  setLimits(limits: ServerSettings['limits']): void {
    this.limits = limits;
    this.entries.clear();
  }
}
