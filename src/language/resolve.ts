// Argument binding and value typing: positional arguments in Keras order, then named ones,
// each value checked against its ArgSpec and normalised (`"same"` is `same`, `(3, 3)` is
// `[3, 3]`, `3` is `[3, 3]` where a pair is expected), defaults filled in. Every problem is
// reported with the range of the offending token; the result says which arguments were
// unusable so the analyzer knows what it can still infer.
import { activations, findActivation } from './catalogue/activations';
import { findLoss, losses } from './catalogue/losses';
import { findMetric, metrics } from './catalogue/metrics';
import { findOptimizer, optimizers } from './catalogue/optimizers';
import { datasets, findDataset } from './catalogue/settings';
import type { ArgSpec } from './catalogue/types';
import type { CodeName } from './codes';
import { argumentList, describeType, describeValue, hint, lowerFirst } from './describe';
import { replaceWith, suggestionFixes } from './fixes';
import type { Reporter } from './report';
import { checkFloat, checkInteger, checkIntegers, convertShape } from './resolve-numbers';
import { didYouMean } from './suggest';
import type { ArgumentNode, ConfigValue, QuickFix, Range, ValueNode } from './types';

export interface ResolveContext {
  reporter: Reporter;
  /** Code for a value outside its range: DNN2xx for layer arguments, DNN4xx for compile and fit. */
  rangeCode: Extract<CodeName, 'outOfRange' | 'settingOutOfRange'>;
}

export interface BoundArguments {
  /** Keras name → normalised value, defaults filled in for the arguments not given. */
  config: Record<string, ConfigValue>;
  /** Arguments given with an unusable value (already reported); an array, empty (and so unallocated) in the usual case. */
  invalid: string[];
  /** Required arguments not given (already reported). */
  missing: string[];
  /** The value node of every argument given, by Keras name: ranges for later errors and fixes. */
  values: Map<string, ValueNode>;
}

/** Binds a call's arguments (`Dense(64, activation=relu)`, `adam(learning_rate=0.01)`) to its specs. */
export function bindArguments(
  owner: string,
  specs: readonly ArgSpec[],
  args: readonly ArgumentNode[],
  ownerRange: Range,
  context: ResolveContext,
): BoundArguments {
  // The values by spec index, so that the config is built once, in the catalogue's (Keras)
  // order, whatever order they were written in (this runs for every layer on every keystroke).
  const converted: (ConfigValue | undefined)[] = new Array<ConfigValue | undefined>(specs.length);
  const bound: BoundArguments = { config: {}, invalid: [], missing: [], values: new Map() };
  let lastPositional = args.length - 1;
  for (let index = 0; index < args.length; index++) {
    if (args[index]?.name !== undefined) {
      lastPositional = index - 1;
      break;
    }
  }
  let seenNamed = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as ArgumentNode;
    if (arg.name === undefined) {
      // A positional argument after a named one is a syntax error the parser reports (DNN109).
      if (seenNamed) continue;
      const spec = specs[index];
      if (!spec) {
        const list = specs.map((s) => s.name).join(', ');
        context.reporter.report(
          'tooManyPositional',
          `${owner} takes at most ${specs.length} positional argument${specs.length === 1 ? '' : 's'}${list ? ` (${list})` : ''}`,
          arg.range,
        );
        continue;
      }
      if (index === lastPositional && misplacedActivation(owner, spec, specs, args, arg.value, context)) {
        bound.values.set(spec.name, arg.value);
        bound.invalid.push(spec.name);
        continue;
      }
      bindOne(owner, spec, index, arg.value, bound, converted, context);
      continue;
    }
    seenNamed = true;
    const name = arg.name;
    const specIndex = specs.findIndex((s) => s.name === name.name);
    const spec = specs[specIndex];
    if (!spec) {
      const candidates = didYouMean(
        name.name,
        specs.map((s) => s.name),
      );
      context.reporter.report(
        'unknownArgument',
        `${owner} has no argument '${name.name}'${hint(candidates) || argumentList(owner, specs)}`,
        name.range,
        suggestionFixes(name.range, candidates, false),
      );
      continue;
    }
    if (bound.values.has(spec.name)) {
      context.reporter.report('duplicateArgument', `'${spec.name}' is given twice`, name.range);
      continue;
    }
    bindOne(owner, spec, specIndex, arg.value, bound, converted, context);
  }
  specs.forEach((spec, index) => {
    const value = converted[index];
    if (value !== undefined) {
      bound.config[spec.name] = value;
    } else if (bound.values.has(spec.name)) {
      // Given but unusable (reported): no default stands in for it.
    } else if (spec.required) {
      bound.missing.push(spec.name);
      context.reporter.report('missingArgument', `${owner} needs '${spec.name}': ${lowerFirst(spec.doc)}`, ownerRange);
    } else if (spec.default !== undefined) {
      // A copy: configs travel to tfjs, which may keep or change the arrays it is given.
      bound.config[spec.name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
    }
  });
  return bound;
}

function bindOne(
  owner: string,
  spec: ArgSpec,
  index: number,
  value: ValueNode,
  bound: BoundArguments,
  converted: (ConfigValue | undefined)[],
  context: ResolveContext,
): void {
  bound.values.set(spec.name, value);
  const result = convertValue(owner, spec, value, context);
  if (result === undefined) bound.invalid.push(spec.name);
  else converted[index] = result;
}

/**
 * `Conv2D(32, 3, relu)`: Keras would take `relu` as the strides. When the last positional value
 * names an activation and lands on a slot that takes none, say so and offer `activation=relu`.
 */
function misplacedActivation(
  owner: string,
  spec: ArgSpec,
  specs: readonly ArgSpec[],
  args: readonly ArgumentNode[],
  value: ValueNode,
  context: ResolveContext,
): boolean {
  const name = value.kind === 'identifier' ? value.name : value.kind === 'string' ? value.value : undefined;
  if (name === undefined || spec.type.kind === 'activation' || !findActivation(name)) return false;
  if (!specs.some((s) => s.name === 'activation') || args.some((arg) => arg.name?.name === 'activation')) return false;
  context.reporter.report(
    'wrongType',
    `'${spec.name}' of ${owner} takes ${describeType(spec.type)}, got ${name}; an activation is written activation=${name}`,
    value.range,
    [replaceWith(`Write activation=${name}`, value.range, `activation=${name}`, true)],
  );
  return true;
}

/** The normalised value, or undefined when it is unusable (the problem is reported). */
export function convertValue(owner: string, spec: ArgSpec, value: ValueNode, context: ResolveContext): ConfigValue | undefined {
  if (value.kind === 'missing') return undefined; // the parser reported it
  const { reporter } = context;
  const wrongType = (fixes?: QuickFix[]): undefined => reportWrongType(owner, spec, value, context, fixes);
  const type = spec.type;
  switch (type.kind) {
    case 'int':
      if (value.kind !== 'number') return wrongType();
      return checkInteger(spec.name, value, type.min, type.max, context);
    case 'float':
      if (value.kind !== 'number') return wrongType();
      return checkFloat(spec.name, value, type, context);
    case 'bool': {
      if (value.kind === 'bool') return value.value;
      const word = value.kind === 'identifier' ? value.name.toLowerCase() : undefined;
      if (word === 'true' || word === 'false') return wrongType([replaceWith(`Change to ${word}`, value.range, word, true)]);
      return wrongType();
    }
    case 'string':
      return value.kind === 'string' ? value.value : wrongType();
    case 'stringList': {
      if (value.kind !== 'list' || value.items.length === 0 || value.items.some((item) => item.kind !== 'string')) return wrongType();
      const texts = value.items.map((item) => (item.kind === 'string' ? item.value : ''));
      const repeated = texts.findIndex((text, i) => texts.indexOf(text) !== i);
      if (repeated >= 0) {
        reporter.report(context.rangeCode, `'${spec.name}' names '${texts[repeated]}' twice`, value.items[repeated].range);
        return undefined;
      }
      return texts;
    }
    case 'enum': {
      const word = nameOf(value);
      if (word === undefined) return wrongType();
      if (type.values.includes(word)) return word;
      const candidates = didYouMean(word, type.values);
      reporter.report(
        'unknownValue',
        `'${spec.name}' of ${owner} is one of ${type.values.join(', ')}; got ${word}${hint(candidates)}`,
        value.range,
        suggestionFixes(value.range, candidates, value.kind === 'string'),
      );
      return undefined;
    }
    case 'activation': {
      const word = nameOf(value);
      if (word === undefined) return wrongType();
      if (isNone(word)) return 'linear';
      const entry = findActivation(word);
      if (entry) return entry.name;
      const candidates = didYouMean(
        word,
        activations.map((a) => a.name),
      );
      reporter.report(
        'unknownActivation',
        `unknown activation '${word}'${hint(candidates)}`,
        value.range,
        suggestionFixes(value.range, candidates, value.kind === 'string'),
      );
      return undefined;
    }
    case 'intTuple':
    case 'optionalIntTuple': {
      if (type.kind === 'optionalIntTuple' && value.kind === 'identifier' && isNone(value.name)) return null;
      if (value.kind === 'number') {
        const single = checkInteger(spec.name, value, type.min, undefined, context);
        return single === undefined ? undefined : Array<number>(type.length).fill(single);
      }
      if (value.kind !== 'list' || value.items.length !== type.length) return wrongType();
      return checkIntegers(spec.name, value.items, type.min, context, wrongType);
    }
    case 'axes': {
      const items = value.kind === 'list' ? value.items : value.kind === 'number' ? [value] : undefined;
      if (!items || items.length === 0) return wrongType();
      return checkIntegers(spec.name, items, 1, context, wrongType);
    }
    case 'shape':
      return convertShape(owner, spec, value, type.allowMinusOne === true, context, wrongType);
    case 'optimizer':
      return convertOptimizer(value, context, wrongType);
    case 'loss': {
      const word = nameOf(value);
      if (word === undefined) return wrongType();
      const entry = findLoss(word);
      if (entry) return entry.name;
      reportUnknown('unknownLoss', 'loss', word, value, canonicalNames(word, losses), context);
      return undefined;
    }
    case 'metrics': {
      const items = value.kind === 'list' ? value.items : [value];
      const names: string[] = [];
      let usable = true;
      for (const item of items) {
        const word = nameOf(item);
        const entry = word === undefined ? undefined : findMetric(word);
        if (entry) {
          if (!names.includes(entry.name)) names.push(entry.name);
        } else if (word === undefined) {
          if (item.kind !== 'missing') reporter.report('wrongType', `metrics are names such as accuracy, got ${describeValue(item)}`, item.range);
          usable = false;
        } else {
          reportUnknown('unknownMetric', 'metric', word, item, canonicalNames(word, metrics), context);
          usable = false;
        }
      }
      return usable ? names : undefined;
    }
    case 'dataset':
      return convertDataset(value, context, wrongType);
  }
}

function reportWrongType(owner: string, spec: ArgSpec, value: ValueNode, context: ResolveContext, fixes?: QuickFix[]): undefined {
  context.reporter.report('wrongType', `'${spec.name}' of ${owner} takes ${describeType(spec.type)}, got ${describeValue(value)}`, value.range, fixes);
  return undefined;
}

function convertOptimizer(value: ValueNode, context: ResolveContext, wrongType: () => undefined): ConfigValue | undefined {
  const nameNode = value.kind === 'call' ? value.callee : value.kind === 'identifier' || value.kind === 'string' ? value : undefined;
  if (!nameNode) return wrongType();
  const word = 'name' in nameNode ? nameNode.name : nameNode.value;
  // Keras accepts both the string `adam` and the class name `Adam`.
  const entry = findOptimizer(word.toLowerCase());
  if (!entry) {
    const candidates = didYouMean(
      word,
      optimizers.map((o) => o.name),
    );
    context.reporter.report(
      'unknownOptimizer',
      `unknown optimizer '${word}'${hint(candidates)}`,
      nameNode.range,
      suggestionFixes(nameNode.range, candidates, value.kind === 'string'),
    );
    return undefined;
  }
  if (value.kind !== 'call') return { name: entry.name, args: defaultsOf(entry.args) };
  const bound = bindArguments(entry.name, entry.args, value.args, value.callee.range, context);
  if (bound.invalid.length > 0 || bound.missing.length > 0) return undefined;
  return { name: entry.name, args: bound.config };
}

function convertDataset(value: ValueNode, context: ResolveContext, wrongType: () => undefined): ConfigValue | undefined {
  const nameNode = value.kind === 'call' ? value.callee : value.kind === 'identifier' ? value : undefined;
  if (!nameNode) return wrongType();
  const entry = findDataset(nameNode.name);
  if (!entry) {
    reportUnknown(
      'unknownDataset',
      'dataset',
      nameNode.name,
      nameNode,
      didYouMean(
        nameNode.name,
        datasets.map((d) => d.name),
      ),
      context,
    );
    return undefined;
  }
  if (value.kind !== 'call') {
    if (entry.args.length === 0) return { name: entry.name, args: {} };
    const form = entry.args.map((a) => `${a.name}="..."`).join(', ');
    context.reporter.report('missingArgument', `${entry.name} needs its files: ${entry.name}(${form})`, value.range);
    return undefined;
  }
  const bound = bindArguments(entry.name, entry.args, value.args, value.callee.range, context);
  if (bound.invalid.length > 0 || bound.missing.length > 0) return undefined;
  return { name: entry.name, args: bound.config };
}

/** The names (not aliases) whose name or alias is close to `word`: `mse_loss` suggests `mean_squared_error`. */
function canonicalNames(word: string, entries: readonly { name: string; aliases: readonly string[] }[]): string[] {
  const close = new Set(didYouMean(word, entries.flatMap((entry) => [entry.name, ...entry.aliases])));
  return entries.filter((entry) => close.has(entry.name) || entry.aliases.some((alias) => close.has(alias))).map((entry) => entry.name);
}

function reportUnknown(
  code: CodeName,
  what: string,
  word: string,
  node: { range: Range; kind?: string },
  suggestions: readonly string[],
  context: ResolveContext,
): void {
  context.reporter.report(
    code,
    `unknown ${what} '${word}'${hint(suggestions)}`,
    node.range,
    suggestionFixes(node.range, suggestions, node.kind === 'string'),
  );
}

/** `none`, `None` and `null` all mean Python's `None`. */
function isNone(word: string): boolean {
  return word === 'none' || word === 'None' || word === 'null';
}

/** A bare name or a quoted one: `same` and `"same"` are the same value. */
function nameOf(value: ValueNode): string | undefined {
  if (value.kind === 'identifier') return value.name;
  if (value.kind === 'string') return value.value;
  return undefined;
}

function defaultsOf(specs: readonly ArgSpec[]): Record<string, ConfigValue> {
  const config: Record<string, ConfigValue> = {};
  for (const spec of specs) if (spec.default !== undefined) config[spec.name] = spec.default;
  return config;
}

