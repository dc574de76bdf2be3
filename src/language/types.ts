// Shared types of the pure language core. No vscode, LSP or tfjs imports here or
// anywhere under src/language: the CLI, the language server, the engine and the
// tests all call the same functions.

/** 0-based line and UTF-16 character offset, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

// ---------------------------------------------------------------------------------
// Syntax tree. Every node has a range; nodes produced by error recovery are marked.
// ---------------------------------------------------------------------------------

export interface Identifier {
  name: string;
  range: Range;
}

export type ValueNode =
  | { kind: 'number'; value: number; isInteger: boolean; text: string; range: Range }
  | { kind: 'string'; value: string; range: Range }
  | { kind: 'identifier'; name: string; range: Range }
  | { kind: 'bool'; value: boolean; range: Range }
  /** `[a, b]` and `(a, b)` are equivalent; `bracket` only remembers which was written. */
  | { kind: 'list'; items: ValueNode[]; bracket: '[' | '('; range: Range; open: Range; close?: Range }
  /** `adam(learning_rate=0.01)`: `open` is its `(`, `close` its `)` (absent when missing). */
  | { kind: 'call'; callee: Identifier; args: ArgumentNode[]; range: Range; open: Range; close?: Range }
  /** A value the parser could not read; a diagnostic has already been reported. */
  | { kind: 'missing'; range: Range };

export interface ArgumentNode {
  /** Present for `name=value`, absent for positional arguments. */
  name?: Identifier;
  value: ValueNode;
  range: Range;
}

/**
 * One line of a model: `[NAME =] Type(args) [application]`.
 *
 *     stem = Conv2D(16, 3)([x])
 *     ^^^^ binding.name       ^^^ application (brackets in `list`)
 *          ^ binding.equals
 *            ^^^^^^ type  ^^^^^^^^ argsRange, `(` = open, `)` = close
 *
 * Punctuation ranges are kept so editor features never re-scan the text for them.
 */
export interface LayerNode {
  /** `NAME =` before the type: binds the layer's output to NAME, which is also the layer's name. */
  binding?: BindingNode;
  type: Identifier;
  args: ArgumentNode[];
  /** Range of `(` ... `)` including both parentheses (end is at the last token read if `)` is missing). */
  argsRange: Range;
  /** The call's `(`; absent for a type written without parentheses (`Flatten`). */
  open?: Range;
  /** The call's `)`; absent when it is missing. */
  close?: Range;
  /** `(a)`, `([a, b])` or `(a, b)` after the call: the named outputs it takes. Absent: it takes the line above. */
  application?: ApplicationNode;
  /** The whole line: from the binding (or the type) to the application (or the call). */
  range: Range;
}

export interface BindingNode {
  name: Identifier;
  /** The `=`. */
  equals: Range;
}

/** `(a)`, `([a, b])`, `(a, b)` (a synonym of `([a, b])`): the references a layer is applied to. */
export interface ApplicationNode {
  /** The names, in order (only identifiers; anything else was reported and left out). */
  references: Identifier[];
  /** The application's `(`. */
  open: Range;
  /** Its `)`; absent when missing. */
  close?: Range;
  /** The `[` and `]` of the list form; absent for `(a)` and `(a, b)`. `close` absent when missing. */
  list?: { open: Range; close?: Range };
  /** From `(` to `)` (or the last token read). */
  range: Range;
}

export interface ModelNode {
  keywordRange: Range;
  name?: Identifier;
  /** The `{`; absent when missing. */
  open?: Range;
  /** The `}`; absent when missing. */
  close?: Range;
  layers: LayerNode[];
  range: Range;
}

export interface SettingNode {
  key: Identifier;
  /** The `=` (or the `:` written for it); absent when missing. */
  equals?: Range;
  value: ValueNode;
  range: Range;
}

export type SectionKind = 'compile' | 'fit';

export interface SectionNode {
  kind: SectionKind;
  keywordRange: Range;
  /** The `{`; absent when missing. */
  open?: Range;
  /** The `}`; absent when missing. */
  close?: Range;
  settings: SettingNode[];
  range: Range;
}

export interface CommentNode {
  text: string;
  range: Range;
}

export interface DocumentNode {
  model?: ModelNode;
  sections: SectionNode[];
  comments: CommentNode[];
  range: Range;
}

// ---------------------------------------------------------------------------------
// Diagnostics. Codes are stable (users and tools key on them):
//   DNN1xx syntax, DNN2xx names and arguments, DNN3xx shapes, DNN4xx training config.
// ---------------------------------------------------------------------------------

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit that fixes a diagnostic; the LSP layer turns these into code actions. */
export interface QuickFix {
  title: string;
  edits: { range: Range; newText: string }[];
  /** True for the one fix that is clearly what the user meant (did-you-mean with one candidate). */
  isPreferred?: boolean;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: QuickFix[];
}

// ---------------------------------------------------------------------------------
// Analysis: shapes and parameters, as Keras / TensorFlow.js compute them.
// ---------------------------------------------------------------------------------

/** A dimension; `null` is the batch dimension (or any unknown size). */
export type Dim = number | null;
/** A full Keras shape with the batch dimension first, e.g. `[null, 28, 28, 1]`. */
export type Shape = Dim[];

/** A value after defaults are applied and lists normalised (an int where a pair is expected becomes `[n, n]`). */
export type ConfigValue = number | string | boolean | null | ConfigValue[] | { name: string; args: Record<string, ConfigValue> };

export interface AnalyzedLayer {
  node: LayerNode;
  /** Catalogue name, e.g. `Dense`. */
  type: string;
  /** The binding (`stem = ...`) where there is one, else the Keras-style auto name (`dense`, `dense_1`), never a bound name. */
  name: string;
  /** 0-based line of the layer's type name. */
  line: number;
  /** Resolved configuration keyed by Keras argument names (snake_case), defaults filled in. */
  config: Record<string, ConfigValue>;
  /** Undefined where the shape could not be inferred (an earlier error). The first input's shape for a merge. */
  inputShape?: Shape;
  /** Every input's shape, in the graph's order; set when all are known (`[]` for `Input`). */
  inputShapes?: Shape[];
  outputShape?: Shape;
  params?: number;
  trainableParams?: number;
  /** The formula in the article's notation, e.g. `h2 = relu(b1 + W1 h1), W1: 64x64`. */
  formula?: string;
}

export type DatasetSpec =
  | { kind: 'mnist' }
  | { kind: 'idx'; trainImages: string; trainLabels: string; testImages: string; testLabels: string };

/** One layer of a ModelSpec: a node of the model's graph. */
export interface SpecLayer {
  /** Catalogue name, e.g. `Dense`, `Add`. */
  type: string;
  /** The binding (`stem = Conv2D(...)`) where there is one, else the Keras auto name (`dense_1`). */
  name: string;
  /** Resolved configuration keyed by Keras argument names, defaults filled in. */
  config: Record<string, ConfigValue>;
  /**
   * Names of the layers whose outputs feed this one, in order: `inputName` or an earlier
   * layer's `name`. A chain's layer has exactly one, the layer above it.
   */
  inputs: string[];
}

/** What the engine needs to build and train a model: produced only when the analysis has no errors. */
export interface ModelSpec {
  name: string;
  /** Input shape without the batch dimension, e.g. `[784]` or `[28, 28, 1]`. */
  inputShape: number[];
  /** Name of the model's one `Input` layer (its binding, else `input_layer`). */
  inputName: string;
  /** Layers after `Input` in file order (a topological order: a layer's inputs come before it). */
  layers: SpecLayer[];
  /** Name of the layer whose output is the model's output: the last line of the model. */
  outputName: string;
  compile: {
    optimizer: { name: string; args: Record<string, number | boolean> };
    loss: string;
    metrics: string[];
  };
  fit: {
    dataset: DatasetSpec;
    epochs: number;
    batchSize: number;
    validationSplit: number;
    shuffle: boolean;
    seed?: number;
    /** `class_names`: names of the classes in label order; unset means their indices. */
    classNames?: string[];
  };
  /** Output shape of the whole model, batch dimension first. */
  outputShape: Shape;
  totalParams: number;
  trainableParams: number;
}

/**
 * The model as a graph: one node per layer line, in file order (node `i` is
 * `analysis.layers[i]` and `document.model.layers[i]`). File order is a topological order:
 * a node's inputs always come before it. A chain is a graph whose nodes each take the one
 * before. Every check, feature and the engine read the graph; use the accessors of
 * `graph.ts` (`outputLayer`, `inputLayersOf`, `consumersOf`, `isChain`) rather than indices.
 */
export interface ModelGraph {
  nodes: GraphNode[];
  /** `consumers[i]`: ids of the nodes taking node i's output, in file order (built once: asking per node by scanning every node is quadratic). */
  consumers: number[][];
  /** The node whose output is the model's output: the last line. Undefined for an empty model. */
  output?: number;
  /** Every name written in an application, in text order, with what it resolved to. */
  references: NameReference[];
}

export interface GraphNode {
  /**
   * Ids (indices) of the nodes whose outputs feed this one, in order: the resolved
   * references of its application, or the line above when it has none; `[]` for `Input`
   * and for a first layer. A reference that did not resolve is left out (and reported),
   * so `inputs.length` may be less than the number written: see `unresolved`.
   */
  inputs: number[];
  /** True when a written reference did not resolve: the node's input is unknown. */
  unresolved: boolean;
}

export interface NameReference {
  /** The name as written in the application. */
  name: Identifier;
  /** The node whose application holds it. */
  from: number;
  /** The node it names (its binding); undefined when unknown or defined further down. */
  target?: number;
}

export interface Analysis {
  uri: string;
  version: number;
  document: DocumentNode;
  diagnostics: Diagnostic[];
  /** Every layer in file order, `Input` included (0 params). */
  layers: AnalyzedLayer[];
  /** How the layers connect: `graph.nodes[i]` is `layers[i]`. */
  graph: ModelGraph;
  modelName?: string;
  totalParams: number;
  trainableParams: number;
  /** Present only when there are no errors. */
  spec?: ModelSpec;
}
