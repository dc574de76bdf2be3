// The error-recovering parser: hand-written recursive descent over the lexer's tokens.
//
// Grammar (EBNF, for docs/language.md):
//   file      = { model | section } ;     (* one model; compile and fit at most once each, after it *)
//   model     = "model" NAME "{" layers "}" ;
//   layers    = { sep } [ layer { sep { sep } layer } { sep } ] ;
//   section   = ( "compile" | "fit" ) "{" settings "}" ;
//   settings  = { sep } [ setting { sep { sep } setting } { sep } ] ;
//   sep       = NEWLINE | "," | ";" ;     (* a newline is the canonical separator *)
//   layer     = [ NAME "=" ] NAME "(" [ args ] ")" [ apply ] ;   (* binding, type, arguments *)
//   apply     = "(" ( refs | "[" [ refs ] "]" ) ")" ;   (* the named outputs it takes *)
//   refs      = NAME { "," NAME } [ "," ] ;
//   setting   = NAME "=" value ;
//   args      = arg { "," arg } [ "," ] ;  (* positional arguments before named ones *)
//   arg       = [ NAME "=" ] value ;
//   value     = NUMBER | STRING | "true" | "false" | NAME | call | list ;
//   call      = NAME "(" [ args ] ")" ;
//   list      = "[" [ value { "," value } [ "," ] ] "]" | "(" [ value { "," value } [ "," ] ] ")" ;
//   NAME      = ( letter | "_" ) { letter | digit | "_" } ;   (* ASCII *)
//   NUMBER    = [ "-" | "+" ] ( digit { digit } [ "." { digit } ] | "." digit { digit } )
//               [ ( "e" | "E" ) [ "-" | "+" ] digit { digit } ] ;
//   STRING    = '"' { char | "\" char } '"' | "'" { char | "\" char } "'" ;   (* within one line *)
//   COMMENT   = "#" { char } ;             (* to the end of the line *)
// Line breaks separate layers and settings; inside ( ) and [ ] they are free, so a layer
// call may span lines. `model NAME`, `NAME (` of a layer or call, `NAME = Type(` of a
// binding, `) (` between a call and its application, and `NAME =` of a setting stay on one
// line. `stem = Conv2D(16, 3)` binds the layer's output to `stem` (also the layer's name);
// `Add()([a, b])` applies a layer to named outputs (`Add()(a, b)` is the same); a layer
// without an application takes the line above. A binding may be a keyword or `true`/`false`
// (`fit = Dense(3)`): it parses, and the analyzer reports the shadowing.
//
// Guarantees: `parse` never throws, reports every syntax error in one pass, and keeps
// partial nodes (a layer without its `)` is still a LayerNode, so the analyzer and the
// editor features keep working for everything around the mistake). Recovery happens at
// three levels, so one mistake never swallows the rest of the file:
//   - brackets: inside `( )` and `[ ]` a line that starts a new layer (`Dense(`), a
//     top-level keyword, `}`, `;` or the end of the file closes the open bracket with an
//     error; so does a line after a complete setting value, since settings are one per line;
//   - layers and settings: junk is skipped to the end of its line;
//   - top level: junk is skipped to the next `model`/`compile`/`fit` or line, and a junk
//     `{ ... }` block is skipped whole.
// Duplicate sections are reported (DNN106) but kept in `document.sections` in file order
// so editor features still see them; consumers use the first section of each kind.
// A second model is reported (DNN107) and left out of the tree.
import { codes, type CodeName } from './codes';
import { keywords, tokenize, type Token, type TokenKind } from './lexer';
import { didYouMean } from './suggest';
import { comparePositions, formatPosition, rangeContains } from './text';
import type {
  ApplicationNode,
  ArgumentNode,
  BindingNode,
  CommentNode,
  Diagnostic,
  DocumentNode,
  Identifier,
  LayerNode,
  ModelNode,
  Position,
  QuickFix,
  Range,
  SectionKind,
  SectionNode,
  SettingNode,
  ValueNode,
} from './types';

export interface ParseResult {
  document: DocumentNode;
  diagnostics: Diagnostic[];
}

export function parse(text: string): ParseResult {
  return new Parser(text).parseDocument();
}

/** Where a bracketed list lives: it decides which line breaks end it when its closer is missing. */
type Context = 'layer' | 'setting';

/** An open bracket, for messages (`'Dense(' opened at 3:10`) and for matching closers. */
interface OpenBracket {
  closer: ')' | ']' | '}';
  /** The bracket as messages name it: `(`, `[`, `model {`; a call's `(` with its callee before it. */
  label: string;
  /** The called name of a call's `(` (`Dense`): kept apart, the label is joined only for a message. */
  callee?: string;
  position: Position;
  /** What goes between the brackets, for "expected an argument, found ','". */
  item?: BracketItem;
}

type BracketItem = 'an argument' | 'a value' | 'a layer name';

/** How messages name the items between brackets: "expected ',' between the arguments". */
const itemsBetween: Record<BracketItem, string> = { 'an argument': 'the arguments', 'a value': 'the values', 'a layer name': 'the names' };

/** Deeper bracket nesting than any real model needs; the limit keeps recursion bounded. */
const maxNesting = 64;

class Parser {
  /** The tokens the grammar sees: no comments, line breaks or unknown characters. */
  private readonly tokens: Token[] = [];
  private readonly comments: CommentNode[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly openBrackets: OpenBracket[] = [];
  private pos = 0;
  /** End of the last token consumed: where a missing token would go. */
  private previousEnd: Position = { line: 0, character: 0 };
  /** The last parser error: an error starting within it is a cascade of it and is dropped. */
  private lastError: Range | undefined;
  /** The lexer's problems in text order: a parser error starting within one of them is its cascade. */
  private readonly lexerProblems: Range[] = [];

  constructor(text: string) {
    for (const token of tokenize(text, { lineBreaks: false })) {
      if (token.problem) {
        this.report(token.problem.code, token.problem.message, token.range);
        this.lexerProblems.push(token.range);
      }
      if (token.kind === 'comment') this.comments.push({ text: token.text, range: token.range });
      else if (token.kind !== 'newline' && token.kind !== 'unknown') this.tokens.push(token);
    }
    this.lastError = undefined;
  }

  parseDocument(): ParseResult {
    let model: ModelNode | undefined;
    const sections: SectionNode[] = [];
    while (!this.at('eof')) {
      const token = this.peek();
      if (token.kind === 'keyword' && token.text === 'model') {
        const parsed = this.parseModel();
        if (model) {
          const where = parsed.name ? span(parsed.keywordRange.start, parsed.name.range.end) : parsed.keywordRange;
          const first = model.name ? `'${model.name.name}'` : 'a model';
          this.report('secondModel', `a file holds one model, and ${first} is already defined at ${formatPosition(model.keywordRange.start)}; this one is ignored`, where);
        } else {
          model = parsed;
        }
      } else if (token.kind === 'keyword') {
        const section = this.parseSection(token.text as SectionKind);
        const first = sections.find((s) => s.kind === section.kind);
        if (first) {
          this.report('duplicateSection', `duplicate '${section.kind}' section: the first one is at ${formatPosition(first.keywordRange.start)}`, section.keywordRange);
        }
        sections.push(section);
      } else {
        this.skipTopLevelJunk();
      }
    }
    const end = this.peek().range.end;
    if (model) {
      for (const section of sections) {
        if (comparePositions(section.range.start, model.range.start) < 0) {
          this.report('sectionBeforeModel', `the '${section.kind}' section must come after the model`, section.keywordRange);
        }
      }
    } else {
      const start = { line: 0, character: 0 };
      this.report('missingModel', "no model: a .dnn file describes one model as 'model NAME { Input(shape=[784]) ... }'", span(start, start));
    }
    this.diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start));
    const document: DocumentNode = { sections, comments: this.comments, range: span({ line: 0, character: 0 }, end) };
    if (model) document.model = model;
    return { document, diagnostics: this.diagnostics };
  }

  // ---------------------------------------------------------------------------------
  // Top level
  // ---------------------------------------------------------------------------------

  /** Skips one line of junk (with any `{ ... }` block it opens) and reports its first token once. */
  private skipTopLevelJunk(): void {
    const first = this.peek();
    const suggestion = first.kind === 'identifier' ? didYouMean(first.text, keywords)[0] : undefined;
    const fixes: QuickFix[] | undefined = suggestion
      ? [{ title: `Change to '${suggestion}'`, edits: [{ range: first.range, newText: suggestion }], isPreferred: true }]
      : undefined;
    const hint = suggestion ? `; did you mean '${suggestion}'?` : '';
    this.report('unexpectedTopLevel', `expected 'model', 'compile' or 'fit', found ${describe(first)}${hint}`, first.range, fixes);
    do {
      if (this.at('{')) this.skipBalancedBlock();
      else this.advance();
    } while (!this.at('eof') && !this.at('keyword') && !this.peek().newlineBefore);
  }

  /** Skips a junk `{ ... }` block; a keyword starting a line ends it even when its `}` is missing. */
  private skipBalancedBlock(): void {
    let depth = 0;
    do {
      if (this.at('{')) depth++;
      else if (this.at('}')) depth--;
      this.advance();
    } while (depth > 0 && !this.at('eof') && !(this.at('keyword') && this.peek().newlineBefore));
  }

  // ---------------------------------------------------------------------------------
  // model NAME { layers }
  // ---------------------------------------------------------------------------------

  private parseModel(): ModelNode {
    const keyword = this.advance();
    const model: ModelNode = { keywordRange: keyword.range, layers: [], range: keyword.range };
    const found = this.peek();
    if (found.kind === 'identifier' && !found.newlineBefore) {
      this.advance();
      model.name = { name: found.text, range: found.range };
    } else {
      if (found.kind === '{') this.reportExpected(`a model name after 'model'`, found);
      else this.reportExpectedOnLine(`a model name after 'model'`, found);
    }
    const head = model.name ? `model ${model.name.name}` : 'model';
    const opened = this.openBlock(`${head} {`, `'{' after '${head}'`);
    if (opened) {
      if (opened.brace) model.open = opened.brace;
      this.parseLayers(model.layers);
      const close = this.closeBlock(opened);
      if (close) model.close = close;
    }
    model.range = span(keyword.range.start, this.previousEnd);
    return model;
  }

  private parseLayers(layers: LayerNode[]): void {
    this.parseBlockItems('layer', 'Dense(64)', () => {
      const layer = this.parseLayer();
      if (layer) layers.push(layer);
    });
  }

  /**
   * The body of a model or section: items (layers or settings) separated by line breaks,
   * `,` or `;`, up to the end of the block. `parseItem` reads one item at an identifier.
   */
  private parseBlockItems(item: 'layer' | 'setting', example: string, parseItem: () => void): void {
    let needSeparator = false;
    while (!this.atBlockEnd() || (item === 'layer' && this.atReservedBinding())) {
      const token = this.peek();
      if (token.kind === ',' || token.kind === ';') {
        this.advance();
        needSeparator = false;
        continue;
      }
      if (needSeparator && !token.newlineBefore) {
        this.report('missingSeparator', `expected a newline, ',' or ';' after the ${item}, found ${describe(token)}`, token.range, [
          { title: `Put the next ${item} on its own line`, edits: [{ range: span(this.previousEnd, token.range.start), newText: '\n' }] },
        ]);
      }
      if (token.kind === 'identifier' || (item === 'layer' && this.atReservedBinding())) {
        parseItem();
      } else {
        this.reportExpected(`a ${item} such as '${example}'`, token);
        this.skipLine();
      }
      needSeparator = true;
    }
  }

  /**
   * A layer `[NAME =] Type(args) [application]`; undefined when the line turned out to be
   * junk (`epochs = 10` inside a model).
   */
  private parseLayer(): LayerNode | undefined {
    const binding = this.parseBinding();
    const typeToken = this.advance();
    const type: Identifier = { name: typeToken.text, range: typeToken.range };
    const start = binding?.name.range.start ?? type.range.start;
    if (this.at('(') && !this.peek().newlineBefore) {
      const open = this.advance();
      const { args, end, close } = this.parseArguments(open, type.name, 'layer');
      const layer: LayerNode = { type, args, argsRange: span(open.range.start, end), open: open.range, range: span(start, end) };
      if (binding) layer.binding = binding;
      if (close) layer.close = close;
      if (this.at('(') && !this.peek().newlineBefore) {
        layer.application = this.parseApplication(this.advance());
        layer.range = span(start, this.previousEnd);
      }
      return layer;
    }
    const found = this.peek();
    const lineEnds = found.newlineBefore || found.kind === ',' || found.kind === ';' || this.atBlockEnd();
    const expected = `'(' after layer type '${type.name}'`;
    if (found.kind === '=') {
      this.reportExpected(expected, found, undefined, `; settings such as '${type.name} = ...' belong in 'compile { }' or 'fit { }'`);
    } else {
      const addParentheses = { title: `Add '()' after '${type.name}'`, edits: [{ range: span(type.range.end, type.range.end), newText: '()' }], isPreferred: lineEnds };
      this.reportExpectedOnLine(expected, found, [addParentheses]);
    }
    if (!lineEnds) {
      this.skipLine();
      return undefined;
    }
    // A lone `Flatten` is a layer missing its parentheses: keep it so shapes keep flowing.
    const layer: LayerNode = { type, args: [], argsRange: span(type.range.end, type.range.end), range: span(start, type.range.end) };
    if (binding) layer.binding = binding;
    return layer;
  }

  /**
   * `NAME =` before a layer type on the same line: consumed and returned. Anything else
   * (`epochs = 10`) is left for parseLayer to report as a setting in the wrong place.
   */
  private parseBinding(): BindingNode | undefined {
    const equals = this.peekAt(1);
    const type = this.peekAt(2);
    if (equals.kind !== '=' || equals.newlineBefore || type.kind !== 'identifier' || type.newlineBefore) return undefined;
    const nameToken = this.advance();
    this.advance();
    return { name: { name: nameToken.text, range: nameToken.range }, equals: equals.range };
  }

  /** `fit = Dense(3)`, `true = Dense(3)`: a keyword or boolean bound like a name (the analyzer reports it). */
  private atReservedBinding(): boolean {
    const token = this.peek();
    if (token.kind !== 'keyword' && token.kind !== 'boolean') return false;
    const equals = this.peekAt(1);
    const type = this.peekAt(2);
    return equals.kind === '=' && !equals.newlineBefore && type.kind === 'identifier' && !type.newlineBefore;
  }

  /**
   * The application after a layer call, from its `(` (already consumed): `(a)`, `(a, b)` or
   * `([a, b])`. Items that are not names are reported and left out.
   */
  private parseApplication(open: Token): ApplicationNode {
    const opened: OpenBracket = { closer: ')', label: '(', position: open.range.start, item: 'a layer name' };
    const references: Identifier[] = [];
    let list: ApplicationNode['list'];
    const close = this.parseBracketed(opened, 'layer', (token) => {
      if (token.kind === 'identifier' && list) {
        // `([a], b)`: the list holds every name.
        this.reportExpected(`')' after the list of names (write every name inside '[ ]')`, this.advance());
        return true;
      }
      if (token.kind === 'identifier') {
        this.advance();
        references.push({ name: token.text, range: token.range });
        return true;
      }
      if (token.kind !== '[' || list || references.length > 0) return false;
      this.advance();
      const inner: OpenBracket = { closer: ']', label: '[', position: token.range.start, item: 'a layer name' };
      const listClose = this.parseBracketed(inner, 'layer', (item) => {
        if (item.kind !== 'identifier') return false;
        this.advance();
        references.push({ name: item.text, range: item.range });
        return true;
      });
      list = listClose ? { open: token.range, close: listClose } : { open: token.range };
      return true;
    });
    const application: ApplicationNode = { references, open: open.range, range: span(open.range.start, this.previousEnd) };
    if (close) application.close = close;
    if (list) application.list = list;
    return application;
  }

  // ---------------------------------------------------------------------------------
  // compile { settings } and fit { settings }
  // ---------------------------------------------------------------------------------

  private parseSection(kind: SectionKind): SectionNode {
    const keyword = this.advance();
    const section: SectionNode = { kind, keywordRange: keyword.range, settings: [], range: keyword.range };
    const opened = this.openBlock(`${kind} {`, `'{' after '${kind}'`);
    if (opened) {
      if (opened.brace) section.open = opened.brace;
      this.parseBlockItems('setting', 'epochs = 10', () => section.settings.push(this.parseSetting()));
      const close = this.closeBlock(opened);
      if (close) section.close = close;
    }
    section.range = span(keyword.range.start, this.previousEnd);
    return section;
  }

  private parseSetting(): SettingNode {
    const keyToken = this.advance();
    const key: Identifier = { name: keyToken.text, range: keyToken.range };
    const next = this.peek();
    let equals: Range | undefined;
    if (next.kind === '=' && !next.newlineBefore) {
      equals = this.advance().range;
    } else if (next.kind === ':' && !next.newlineBefore) {
      this.reportExpected(`'=' after '${key.name}'`, next, [{ title: "Change ':' to '='", edits: [{ range: next.range, newText: '=' }], isPreferred: true }]);
      equals = this.advance().range;
    } else {
      const sameLine = !next.newlineBefore && this.canStartValue(next);
      this.reportExpectedOnLine(`'=' after '${key.name}'`, next, [
        { title: `Insert '=' after '${key.name}'`, edits: [{ range: span(key.range.end, key.range.end), newText: ' =' }], isPreferred: sameLine },
      ]);
      if (!sameLine) {
        const missing = this.missingValue();
        return { key, value: missing, range: key.range };
      }
    }
    const value = this.peek().newlineBefore ? this.missingValueAfter(`'${key.name} ='`) : this.parseValueOrMissing(`'${key.name} ='`, 'setting');
    return equals ? { key, equals, value, range: span(key.range.start, this.previousEnd) } : { key, value, range: span(key.range.start, this.previousEnd) };
  }

  // ---------------------------------------------------------------------------------
  // Blocks
  // ---------------------------------------------------------------------------------

  /**
   * Reads the `{` of a block. When it is missing, a `{` later on the same line is taken
   * (skipping the junk before it); otherwise the block is parsed as if `{` were there,
   * unless nothing block-like follows. Returns the open bracket, or undefined for no body.
   */
  private openBlock(label: string, expected: string): (OpenBracket & { brace?: Range }) | undefined {
    const token = this.peek();
    if (token.kind !== '{') {
      this.reportExpectedOnLine(expected, token);
      if (this.braceLaterOnLine()) {
        while (!this.at('{')) this.advance();
      }
      if (!this.at('{') && (this.at('eof') || this.at('keyword') || this.at('}'))) return undefined;
    }
    const brace = this.at('{') ? this.advance().range : undefined;
    const opened: OpenBracket & { brace?: Range } = { closer: '}', label, position: brace?.start ?? this.previousEnd };
    if (brace) opened.brace = brace;
    this.openBrackets.push(opened);
    return opened;
  }

  /** Reads the block's `}` and returns its range; undefined (reported) when it is missing. */
  private closeBlock(opened: OpenBracket): Range | undefined {
    this.openBrackets.pop();
    if (this.at('}')) return this.advance().range;
    this.reportUnclosed(opened, this.peek(), 'token');
    return undefined;
  }

  /** Whether a `{` comes later on the current line (junk between a keyword and its block). */
  private braceLaterOnLine(): boolean {
    if (this.peek().newlineBefore) return false;
    for (let i = this.pos; i < this.tokens.length && (i === this.pos || !this.tokens[i].newlineBefore); i++) {
      if (this.tokens[i].kind === '{') return true;
    }
    return false;
  }

  /** The end of a block's body: its `}`, a top-level keyword, or the end of the file. */
  private atBlockEnd(): boolean {
    return this.at('}') || this.at('keyword') || this.at('eof');
  }

  // ---------------------------------------------------------------------------------
  // Arguments, lists and values
  // ---------------------------------------------------------------------------------

  /** Reads `args )` after an opening `(`; returns the arguments, where the call ends and its `)` (when there). */
  private parseArguments(open: Token, callee: string, context: Context): { args: ArgumentNode[]; end: Position; close?: Range } {
    const opened: OpenBracket = { closer: ')', label: '(', callee, position: open.range.start, item: 'an argument' };
    const args: ArgumentNode[] = [];
    let firstNamed: Identifier | undefined;
    const close = this.parseBracketed(opened, context, (token) => {
      if (token.kind === 'identifier' && (this.peekAt(1).kind === '=' || this.peekAt(1).kind === ':')) {
        const nameToken = this.advance();
        const separator = this.advance();
        if (separator.kind === ':') {
          this.reportExpected(`'=' after '${nameToken.text}'`, separator, [{ title: "Change ':' to '='", edits: [{ range: separator.range, newText: '=' }], isPreferred: true }]);
        }
        const value = this.parseValueOrMissing(`'${nameToken.text}='`, context);
        const name: Identifier = { name: nameToken.text, range: nameToken.range };
        firstNamed ??= name;
        args.push({ name, value, range: span(nameToken.range.start, this.previousEnd) });
        return true;
      }
      const value = this.parseValue(context);
      if (!value) return false;
      if (firstNamed) {
        this.report('positionalAfterNamed', `positional argument after the named argument '${firstNamed.name}=': write it as name=value, or move it before`, value.range);
      }
      args.push({ value, range: value.range });
      return true;
    });
    return close ? { args, end: this.previousEnd, close } : { args, end: this.previousEnd };
  }

  private parseList(open: Token, context: Context): ValueNode {
    const bracket = open.kind === '[' ? '[' : '(';
    const opened: OpenBracket = { closer: bracket === '[' ? ']' : ')', label: bracket, position: open.range.start, item: 'a value' };
    const items: ValueNode[] = [];
    const close = this.parseBracketed(opened, context, () => {
      const value = this.parseValue(context);
      if (value) items.push(value);
      return value !== undefined;
    });
    const list: ValueNode = { kind: 'list', items, bracket, range: span(open.range.start, this.previousEnd), open: open.range };
    if (close) list.close = close;
    return list;
  }

  /**
   * The loop shared by calls and lists: items separated by commas (a trailing comma is
   * fine, newlines are free), up to the closer. `readItem` parses one item at the current
   * token and returns false when the token cannot start one. Returns the closer's range,
   * or undefined when it is missing (reported).
   */
  private parseBracketed(opened: OpenBracket, context: Context, readItem: (token: Token) => boolean): Range | undefined {
    this.openBrackets.push(opened);
    let expectItem = true;
    let close: Range | undefined;
    for (;;) {
      const token = this.peek();
      if (token.kind === opened.closer) {
        close = this.advance().range;
        break;
      }
      const stop = this.closesBracket(token, context, expectItem);
      if (stop) {
        this.reportUnclosed(opened, token, stop);
        break;
      }
      if (token.kind === ')' || token.kind === ']') {
        // A closer that matches no open bracket: most likely a typo for this one.
        this.reportUnclosed(opened, token, 'token');
        this.advance();
        break;
      }
      if (!expectItem) {
        if (token.kind === ',') {
          this.advance();
          expectItem = true;
          continue;
        }
        // `Dense(64 activation=relu)`: what follows is clearly the next item, so the comma is what's missing.
        const nextItem = this.canStartValue(token);
        const between = itemsBetween[opened.item ?? 'a value'];
        const insertComma = { title: "Insert ','", edits: [{ range: span(this.previousEnd, this.previousEnd), newText: ',' }], isPreferred: nextItem };
        this.reportExpected(nextItem ? `',' between ${between}` : `',' or '${opened.closer}'`, token, [insertComma]);
      }
      if (token.kind === ',') {
        this.reportExpected(opened.item ?? 'a value', token);
        this.advance();
        expectItem = true;
        continue;
      }
      if (!readItem(token)) {
        this.reportExpected(opened.item ?? 'a value', token);
        this.advance();
      }
      expectItem = false;
    }
    this.openBrackets.pop();
    return close;
  }

  /**
   * Whether `token` shows that the open bracket's closer is missing; 'newline' when the
   * evidence is the line break before it. This is what keeps a missing `)` from swallowing
   * the rest of the model.
   */
  private closesBracket(token: Token, context: Context, expectItem: boolean): 'token' | 'newline' | undefined {
    if (token.kind === '}' || token.kind === ';' || token.kind === 'eof') return 'token';
    if (token.kind === ')' || token.kind === ']') {
      // A closer of an enclosing bracket: this one is unclosed, and the token belongs to the outer one.
      for (let i = this.openBrackets.length - 2; i >= 0; i--) {
        if (this.openBrackets[i].closer === token.kind) return 'token';
      }
      return undefined;
    }
    // `[3, 3, activation=relu)`: a named argument inside a list belongs to the call around it.
    if (token.kind === 'identifier' && this.openBrackets[this.openBrackets.length - 1].item === 'a value' && this.peekAt(1).kind === '=') {
      return token.newlineBefore ? 'newline' : 'token';
    }
    if (!token.newlineBefore) return undefined;
    if (token.kind === 'keyword') return 'newline';
    if (token.kind === ',') return undefined;
    if (context === 'setting') return expectItem ? undefined : 'newline';
    // In a layer: a new line starting `Dense(` is the next layer; so is any call after a complete argument.
    const startsCall = token.kind === 'identifier' && this.peekAt(1).kind === '(' && !this.peekAt(1).newlineBefore;
    if (startsCall && (isCapitalised(token.text) || !expectItem)) return 'newline';
    // So does a binding `stem = Conv2D(`.
    const type = this.peekAt(2);
    const startsBinding = this.peekAt(1).kind === '=' && type.kind === 'identifier' && isCapitalised(type.text) && this.peekAt(3).kind === '(';
    if (token.kind === 'identifier' && startsBinding && !this.peekAt(1).newlineBefore && !type.newlineBefore) return 'newline';
    return undefined;
  }

  private canStartValue(token: Token): boolean {
    switch (token.kind) {
      case 'number':
      case 'string':
      case 'boolean':
      case 'identifier':
      case 'keyword':
      case '[':
      case '(':
        return true;
      default:
        return false;
    }
  }

  /** A value at the current token, or undefined (nothing consumed) when none starts here. */
  private parseValue(context: Context): ValueNode | undefined {
    const token = this.peek();
    if (!this.canStartValue(token)) return undefined;
    if (token.kind === 'keyword' && token.newlineBefore) return undefined;
    const startsCall = (token.kind === 'identifier' || token.kind === 'keyword') && this.peekAt(1).kind === '(' && !this.peekAt(1).newlineBefore;
    const opensBracket = token.kind === '[' || token.kind === '(' || startsCall;
    if (opensBracket && this.openBrackets.length >= maxNesting) return this.skipNestedTooDeeply(token);
    this.advance();
    switch (token.kind) {
      case 'number': {
        if (token.problem) return { kind: 'missing', range: token.range };
        const isInteger = !/[.eE]/.test(token.text);
        return { kind: 'number', value: Number(token.text), isInteger, text: token.text, range: token.range };
      }
      case 'string':
        return { kind: 'string', value: token.value ?? '', range: token.range };
      case 'boolean':
        return { kind: 'bool', value: token.text === 'true', range: token.range };
      case '[':
      case '(':
        return this.parseList(token, context);
      default: {
        // An identifier (a keyword in the middle of a line is read as one too).
        const next = this.peek();
        if (next.kind === '(' && !next.newlineBefore) {
          this.advance();
          const { args, end, close } = this.parseArguments(next, token.text, context);
          const call: ValueNode = { kind: 'call', callee: { name: token.text, range: token.range }, args, range: span(token.range.start, end), open: next.range };
          if (close) call.close = close;
          return call;
        }
        return { kind: 'identifier', name: token.text, range: token.range };
      }
    }
  }

  /**
   * Values nest by recursion; past `maxNesting` open brackets the rest of the value is
   * skipped without recursing, so no input can overflow the stack.
   */
  private skipNestedTooDeeply(first: Token): ValueNode {
    this.report('nestedTooDeeply', `brackets nested more than ${maxNesting} deep`, first.range);
    if (first.kind !== '[' && first.kind !== '(') this.advance(); // the name of a call
    let depth = 0;
    do {
      const kind = this.advance().kind;
      if (kind === '(' || kind === '[') depth++;
      else if (kind === ')' || kind === ']') depth--;
    } while (depth > 0 && !this.at('eof') && !this.at('}') && !this.at(';') && !(this.at('keyword') && this.peek().newlineBefore));
    return { kind: 'missing', range: span(first.range.start, this.previousEnd) };
  }

  private parseValueOrMissing(after: string, context: Context): ValueNode {
    let token = this.peek();
    if ((token.kind === '=' || token.kind === ':') && !token.newlineBefore) {
      // `activation==relu`: one stray `=` is a typo, not the end of the argument.
      this.reportExpected(`a value after ${after}`, token, [{ title: `Remove '${token.text}'`, edits: [{ range: token.range, newText: '' }], isPreferred: true }]);
      this.advance();
      token = this.peek();
    }
    const stops = this.closesBracket(token, context, true) !== undefined || token.kind === ')' || token.kind === ']';
    const value = stops ? undefined : this.parseValue(context);
    return value ?? this.missingValueAfter(after);
  }

  private missingValueAfter(after: string): ValueNode {
    const found = this.peek();
    this.reportExpectedOnLine(`a value after ${after}`, found);
    return this.missingValue();
  }

  private missingValue(): ValueNode {
    return { kind: 'missing', range: span(this.previousEnd, this.previousEnd) };
  }

  // ---------------------------------------------------------------------------------
  // Diagnostics
  // ---------------------------------------------------------------------------------

  /** "expected X, found Y" at the found token. */
  private reportExpected(expected: string, found: Token, fixes?: QuickFix[], hint = ''): void {
    this.report('expectedToken', `expected ${expected}, found ${describe(found)}${hint}`, found.range, fixes);
  }

  /**
   * "expected X, found Y" where X belongs on the current line: a token on a later line is
   * reported as "found newline" (or "end of file") at the end of the current line.
   */
  private reportExpectedOnLine(expected: string, found: Token, fixes?: QuickFix[]): void {
    if (!found.newlineBefore) return this.reportExpected(expected, found, fixes);
    this.report('expectedToken', `expected ${expected}, found ${describeLineEnd(found)}`, span(this.previousEnd, this.previousEnd), fixes);
  }

  /**
   * "expected ')' to close 'Dense(' opened at 3:10, found ..." where the closer belongs: at
   * the found token when it is on the same line, else at the end of the last token read.
   */
  private reportUnclosed(opened: OpenBracket, found: Token, evidence: 'token' | 'newline'): void {
    const insertAt = span(this.previousEnd, this.previousEnd);
    const sameLine = evidence === 'token' && !found.newlineBefore;
    const what = evidence === 'newline' ? describeLineEnd(found) : describe(found);
    this.report(
      'unclosedBracket',
      `expected '${opened.closer}' to close '${opened.callee ?? ''}${opened.label}' opened at ${formatPosition(opened.position)}, found ${what}`,
      sameLine ? found.range : insertAt,
      [{ title: `Insert '${opened.closer}'`, edits: [{ range: insertAt, newText: opened.closer }], isPreferred: true }],
    );
  }

  private report(name: CodeName, message: string, range: Range, fixes?: QuickFix[]): void {
    if (this.lastError && rangeContains(this.lastError, range.start)) return;
    if (this.withinLexerProblem(range.start)) return;
    this.lastError = range;
    const { code, severity } = codes[name];
    const diagnostic: Diagnostic = { code, severity, message, range };
    if (fixes) diagnostic.fixes = fixes;
    this.diagnostics.push(diagnostic);
  }

  private withinLexerProblem(position: Position): boolean {
    let low = 0;
    let high = this.lexerProblems.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const problem = this.lexerProblems[mid];
      if (comparePositions(position, problem.start) < 0) high = mid - 1;
      else if (comparePositions(position, problem.end) > 0) low = mid + 1;
      else return true;
    }
    return false;
  }

  // ---------------------------------------------------------------------------------
  // Token stream
  // ---------------------------------------------------------------------------------

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private peekAt(offset: number): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private at(kind: TokenKind): boolean {
    return this.tokens[this.pos].kind === kind;
  }

  /** Consumes the current token (never past the end-of-file token). */
  private advance(): Token {
    const token = this.tokens[this.pos];
    if (token.kind !== 'eof') {
      this.pos++;
      this.previousEnd = token.range.end;
    }
    return token;
  }

  /** Skips to the start of the next line, stopping before a `}` or keyword that ends the block. */
  private skipLine(): void {
    do this.advance();
    while (!this.peek().newlineBefore && !this.atBlockEnd());
  }
}

function span(start: Position, end: Position): Range {
  return { start, end };
}

function isCapitalised(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/** What ends a line, for "found newline" messages. */
function describeLineEnd(next: Token): string {
  return next.kind === 'eof' ? 'end of file' : 'newline';
}

/** A token as a message shows it: `'Dense'`, `'('`, `end of file`. */
function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of file';
  const text = token.text.length > 24 ? `${token.text.slice(0, 24)}…` : token.text;
  return `'${text}'`;
}
