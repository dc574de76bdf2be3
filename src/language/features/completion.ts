// Completion: layer types as snippets with their required arguments, argument names the
// layer does not have yet, values for the argument at the cursor, compile/fit keys and
// values, the top-level sections (every one of these from the catalogue), and in a layer's
// application the names bound above it (names.ts).
import { activations, datasets, layers, losses, metrics, optimizers } from '../catalogue/index';
import type { ArgSpec, ArgType, LayerEntry } from '../catalogue/types';
import { comparePositions, SourceText } from '../text';
import type { Analysis, Position, Range, SectionKind } from '../types';
import { describeParameter, describeRequirement, describeType, formatDefault, settingSpec, settingSpecs } from './catalogueLookup';
import { cursorContext, type CursorContext } from './cursor';
import { nameCompletions } from './names';
import type { CompletionEntry } from './types';

export function completions(analysis: Analysis, text: string, position: Position): CompletionEntry[] {
  const view = new SourceText(text);
  const context = cursorContext(analysis, view, position);
  switch (context.kind) {
    case 'none':
      return [];
    case 'topLevel':
      return sectionKeywords(analysis, context.word);
    case 'layerType':
      return layerTypes(view, context.word);
    case 'reference':
      return nameCompletions(analysis, context.layer, context.written, context.word);
    case 'argument':
      return argumentCompletions(context, view);
    case 'settingKey': {
      const given = new Set(context.section.settings.filter((s) => !containsRange(s.key.range, context.word)).map((s) => s.key.name));
      const followedByEquals = view.nextNonBlank(context.word.end) === '=';
      return settingSpecs(context.section.kind)
        .filter((spec) => !given.has(spec.name))
        .map((spec, index) => ({
          label: spec.name,
          kind: 'setting',
          detail: describeType(spec.type),
          documentation: argumentDoc(spec),
          insertText: followedByEquals ? spec.name : `${spec.name} = `,
          isSnippet: false,
          range: context.word,
          sortText: sortKey(index),
          retrigger: !followedByEquals,
        }));
    }
    case 'settingValue': {
      const spec = settingSpec(context.section.kind, context.setting.key.name);
      return spec ? valueCompletions(spec.type, context.word, context.inList, 0) : [];
    }
  }
}

// ---------------------------------------------------------------------------------------
// Layers and sections
// ---------------------------------------------------------------------------------------

function layerTypes(view: SourceText, word: Range): CompletionEntry[] {
  // Retyping the name of an existing call (`Den|se(64)`) replaces the name only.
  const hasArguments = view.nextNonBlank(word.end) === '(';
  return layers.map((entry, index) => ({
    label: entry.type,
    kind: 'layer',
    detail: signatureLabel(entry.type, entry.args),
    documentation: entry.doc,
    insertText: hasArguments ? entry.type : layerSnippet(entry),
    isSnippet: !hasArguments,
    range: word,
    sortText: sortKey(index),
    retrigger: false,
  }));
}

/** `Dense(${1:units})`, `Conv2D(${1:filters}, ${2:kernel_size})`, `Input(shape=[$1])`, `Flatten()`. */
function layerSnippet(entry: LayerEntry): string {
  const required = entry.args.filter((arg) => arg.required);
  const placeholders = required.map((arg, i) => (arg.type.kind === 'shape' ? `${arg.name}=[\${${i + 1}}]` : `\${${i + 1}:${arg.name}}`));
  return `${entry.type}(${placeholders.join(', ')})$0`;
}

export function signatureLabel(name: string, specs: readonly ArgSpec[]): string {
  return `${name}(${specs.map(describeParameter).join(', ')})`;
}

const indent = '    ';

function sectionKeywords(analysis: Analysis, word: Range): CompletionEntry[] {
  const present = new Set(analysis.document.sections.map((section) => section.kind));
  const entries: CompletionEntry[] = [];
  if (!analysis.document.model) {
    entries.push(keyword('model', `model \${1:Name} {\n${indent}Input(shape=[\${2}])\n${indent}$0\n}`, 'A model: its layers, from `Input` to the output.', word, 0));
  }
  for (const kind of ['compile', 'fit'] as const) {
    if (present.has(kind)) continue;
    entries.push(keyword(kind, sectionSnippet(kind), kind === 'compile' ? 'Optimizer, loss and metrics.' : 'Dataset, epochs, batch size, validation split.', word, entries.length));
  }
  return entries;
}

/** The section with every setting that has a value-like default, each a placeholder holding the default. */
function sectionSnippet(kind: SectionKind): string {
  const lines = settingSpecs(kind)
    .filter((spec) => spec.default !== undefined && typeof spec.default !== 'boolean')
    .map((spec, i) => `${indent}${spec.name} = \${${i + 1}:${escapeSnippet(formatDefault(spec))}}`);
  return `${kind} {\n${lines.join('\n')}\n}$0`;
}

function keyword(label: string, snippet: string, documentation: string, word: Range, index: number): CompletionEntry {
  return { label, kind: 'keyword', documentation, insertText: snippet, isSnippet: true, range: word, sortText: sortKey(index), retrigger: false };
}

// ---------------------------------------------------------------------------------------
// Arguments of a call
// ---------------------------------------------------------------------------------------

function argumentCompletions(context: Extract<CursorContext, { kind: 'argument' }>, view: SourceText): CompletionEntry[] {
  const { call, part, word, slot, inList } = context;
  const specs = call.specs;
  if (!specs || part === 'none') return [];
  const entries: CompletionEntry[] = [];
  const valueSpec = context.paramName === undefined ? undefined : specs.find((spec) => spec.name === context.paramName);
  // A required positional slot (`Activation(|`) wants its value; an optional one usually gets `name=`.
  const valuesFirst = valueSpec?.required === true || part === 'value';
  if ((part === 'value' || part === 'nameOrValue') && valueSpec) {
    entries.push(...valueCompletions(valueSpec.type, word, inList, valuesFirst ? 0 : 1));
  }
  if ((part === 'name' || part === 'nameOrValue') && !inList) {
    const given = new Set<string>();
    call.args.forEach((arg, index) => {
      if (index === slot) return;
      const name = arg.name?.name ?? specs[index]?.name;
      if (name) given.add(name);
    });
    const followedByEquals = view.nextNonBlank(word.end) === '=';
    specs.forEach((spec, index) => {
      if (given.has(spec.name)) return;
      entries.push({
        label: spec.name,
        kind: 'argument',
        detail: `${describeParameter(spec)}: ${describeType(spec.type)}`,
        documentation: argumentDoc(spec),
        insertText: followedByEquals ? spec.name : `${spec.name}=`,
        isSnippet: false,
        range: word,
        sortText: `${valuesFirst ? 1 : 0}${sortKey(index)}`,
        retrigger: !followedByEquals,
      });
    });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------
// Values of a given argument type
// ---------------------------------------------------------------------------------------

function valueCompletions(type: ArgType, word: Range, inList: boolean, tier: number): CompletionEntry[] {
  const value = (label: string, kind: CompletionEntry['kind'], index: number, extra: Partial<CompletionEntry> = {}): CompletionEntry => ({
    label,
    kind,
    insertText: label,
    isSnippet: false,
    range: word,
    sortText: `${tier}${sortKey(index)}`,
    retrigger: false,
    ...extra,
  });
  switch (type.kind) {
    case 'activation':
      return activations.map((entry, i) => value(entry.name, 'function', i, { detail: entry.formula, documentation: entry.doc }));
    case 'enum':
      return type.values.map((name, i) => value(name, 'value', i));
    case 'bool':
      return ['true', 'false'].map((name, i) => value(name, 'constant', i));
    case 'optimizer':
      return optimizers.map((entry, i) => value(entry.name, 'function', i, { detail: signatureLabel(entry.name, entry.args), documentation: entry.doc }));
    case 'loss':
      return losses.map((entry, i) => value(entry.name, 'function', i, { detail: entry.formula, documentation: entry.doc }));
    case 'metrics':
      return metrics.map((entry, i) => value(entry.name, 'value', i, { documentation: entry.doc, insertText: inList ? entry.name : `[${entry.name}]` }));
    case 'dataset':
      return datasets.map((entry, i) => {
        const required = entry.args.filter((arg) => arg.required);
        const snippet = required.length > 0 ? `${entry.name}(${required.map((arg, n) => `${arg.name}="\${${n + 1}}"`).join(', ')})$0` : entry.name;
        return value(entry.name, 'value', i, { documentation: entry.doc, insertText: snippet, isSnippet: required.length > 0 });
      });
    default:
      // Numbers, shapes and paths: nothing sensible to list.
      return [];
  }
}

/** The argument's doc, then `Required.`, `Optional.` or ``Default `linear`.`` */
function argumentDoc(spec: ArgSpec): string {
  const requirement = describeRequirement(spec);
  return `${spec.doc}\n\n${requirement[0].toUpperCase()}${requirement.slice(1)}.`;
}

function sortKey(index: number): string {
  return String(index).padStart(3, '0');
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function containsRange(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
