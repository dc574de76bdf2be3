// Renders the catalogue part of docs/language.md from the catalogue and the code table, so
// the reference can't drift from what the analyzer accepts. scripts/gen-language-docs.ts
// writes it; test/unit/docs-language.test.ts fails when the file is stale.
import { activations, compileSettings, datasets, fitSettings, layers, losses, metrics, optimizers } from '../src/language/catalogue';
import type { ArgSpec, LayerEntry } from '../src/language/catalogue/types';
import { codes } from '../src/language/codes';
import { describeType, formatDefault } from '../src/language/features/catalogueLookup';

export const beginMarker = '<!-- BEGIN GENERATED: scripts/gen-language-docs.ts (do not edit by hand) -->';
export const endMarker = '<!-- END GENERATED -->';

const categoryTitles: Record<LayerEntry['category'], string> = {
  core: 'Core',
  convolution: 'Convolution',
  pooling: 'Pooling',
  normalization: 'Normalization',
  regularization: 'Regularization (training only)',
  reshaping: 'Reshaping',
  activation: 'Activation layers',
  recurrent: 'Recurrent',
  merge: 'Merge layers',
};

/** A paragraph under a category's title, where its layers need one. */
const categoryIntros: Partial<Record<LayerEntry['category'], string>> = {
  merge:
    'A merge layer takes the named outputs of two or more layers, written as a list after the call: ' +
    '`r = Add()([stem, b])` (or `Add()(stem, b)`). It has no weights. Shapes follow tfjs: the element-wise ' +
    'merges need equal shapes, except that a size of 1 broadcasts against any size (aligned from the last ' +
    'axis), and `Concatenate` needs every axis but its `axis` equal and sums that one.',
};

/** The generated Markdown, markers included. */
export function renderCatalogue(): string {
  const parts = [
    beginMarker,
    '',
    '## Layers',
    '',
    'Positional arguments bind in the order shown (Keras order); every argument can also be named. ',
    '`required` arguments have no default.',
    '',
    ...Object.entries(categoryTitles).flatMap(([category, title]) => renderCategory(category as LayerEntry['category'], title)),
    '## Activations',
    '',
    'Written `activation=relu` (or `"relu"`); the tfjs spelling (`hardSigmoid`) is accepted too. `none` means `linear`.',
    '',
    table(
      ['Name', 'Definition', ''],
      activations.map((a) => [code(a.name), code(a.formula), a.doc]),
    ),
    '## Optimizers',
    '',
    'Written as a name (`adam`) or a call (`adam(learning_rate=0.01)`). Defaults are those of tfjs, and of Keras where tfjs has none (`sgd`, `rmsprop` and `adagrad` learning rates).',
    '',
    ...optimizers.flatMap((o) => [`### ${code(o.name)}`, '', o.doc, '', argumentTable(o.args)]),
    '## Losses',
    '',
    table(
      ['Name', 'Also', 'Labels', 'Definition', ''],
      losses.map((l) => [code(l.name), l.aliases.map(code).join(', '), l.labels === 'onehot' ? 'one-hot' : 'class index', code(l.formula), l.doc]),
    ),
    '## Metrics',
    '',
    table(
      ['Name', 'Also', ''],
      metrics.map((m) => [code(m.name), m.aliases.map(code).join(', '), m.doc]),
    ),
    '## `compile` settings',
    '',
    argumentTable(compileSettings, 'Key'),
    '## `fit` settings',
    '',
    argumentTable(fitSettings, 'Key'),
    '## Datasets',
    '',
    ...datasets.flatMap((d) => [`### ${code(d.name)}`, '', d.doc, '', ...(d.args.length > 0 ? [argumentTable(d.args)] : [])]),
    '## Diagnostic codes',
    '',
    'Codes are stable: tools and scripts may key on them. `DNN1xx` syntax, `DNN2xx` names and arguments, ',
    '`DNN3xx` shapes and model structure, `DNN4xx` training configuration.',
    '',
    table(
      ['Code', 'Severity', 'Meaning'],
      Object.values(codes).map((c) => [c.code, c.severity, c.title]),
    ),
    endMarker,
  ];
  return parts.join('\n');
}

/** `text` with its generated part replaced (or appended when the markers are missing). */
export function updateLanguageDoc(text: string): string {
  const begin = text.indexOf(beginMarker);
  const end = text.indexOf(endMarker);
  if (begin === -1 || end === -1 || end < begin) return `${text.trimEnd()}\n\n${renderCatalogue()}\n`;
  return text.slice(0, begin) + renderCatalogue() + text.slice(end + endMarker.length);
}

function renderCategory(category: LayerEntry['category'], title: string): string[] {
  const entries = layers.filter((l) => l.category === category);
  if (entries.length === 0) return [];
  return [
    `### ${title}`,
    '',
    ...(categoryIntros[category] ? [categoryIntros[category], ''] : []),
    ...entries.flatMap((entry) => [
      `#### ${entry.type}`,
      '',
      `${code(signature(entry))}: ${entry.doc}`,
      '',
      ...(entry.args.length > 0 ? [argumentTable(entry.args)] : []),
    ]),
  ];
}

/** `Dense(units, activation=linear, use_bias=true)`; a merge layer with its application, `Add()([a, b, ...])`. */
function signature(entry: LayerEntry): string {
  const args = entry.args.map((a) => (a.default === undefined ? a.name : `${a.name}=${formatDefault(a)}`));
  const { min, max } = entry.arity;
  const names = ['a', 'b', 'c'].slice(0, Math.max(min, 1));
  const application = min >= 2 ? `([${names.join(', ')}${max === min ? '' : ', ...'}])` : '';
  return `${entry.type}(${args.join(', ')})${application}`;
}

function argumentTable(args: readonly ArgSpec[], first = 'Argument'): string {
  return table(
    [first, 'Type', 'Default', ''],
    args.map((a) => [code(a.name), describeType(a.type), a.required ? 'required' : a.default === undefined ? 'unset' : code(formatDefault(a)), a.doc]),
  );
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line), ''].join('\n');
}

function code(text: string): string {
  return text === '' ? '' : `\`${text}\``;
}

