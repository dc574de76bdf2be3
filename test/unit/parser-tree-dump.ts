// A readable, indented dump of a syntax tree, one node a line with its range, for the
// parser's golden files. Ranges are shown 1-based (`line:column`, as editors and the
// diagnostics' messages show them), start-end with the end exclusive.
import type { ArgumentNode, Diagnostic, DocumentNode, Identifier, LayerNode, Range, ValueNode } from '../../src/language/types';

export function formatRange(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

/** One diagnostic a line: `line:col-line:col CODE message`. */
export function dumpDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => `${formatRange(d.range)} ${d.code} ${d.message}\n`).join('');
}

export function dumpTree(document: DocumentNode): string {
  const lines: string[] = [`Document ${formatRange(document.range)}`];
  const { model } = document;
  if (model) {
    lines.push(`  Model ${formatRange(model.range)} keyword@${formatRange(model.keywordRange)}${model.name ? ` name=${identifier(model.name)}` : ''}`);
    for (const layer of model.layers) dumpLayer(layer, lines, '    ');
  }
  for (const section of document.sections) {
    lines.push(`  Section ${section.kind} ${formatRange(section.range)} keyword@${formatRange(section.keywordRange)}`);
    for (const setting of section.settings) {
      lines.push(`    Setting ${formatRange(setting.range)} key=${identifier(setting.key)}`);
      dumpValue(setting.value, lines, '      ');
    }
  }
  for (const comment of document.comments) lines.push(`  Comment ${formatRange(comment.range)} ${JSON.stringify(comment.text)}`);
  return lines.join('\n') + '\n';
}

function identifier(id: Identifier): string {
  return `${id.name}@${formatRange(id.range)}`;
}

function dumpLayer(layer: LayerNode, lines: string[], indent: string): void {
  // The graph forms print the layer's punctuation too; a chain layer's line is as it always was.
  const graphForm = layer.binding !== undefined || layer.application !== undefined;
  const binding = layer.binding ? ` binding=${identifier(layer.binding.name)} =@${formatRange(layer.binding.equals)}` : '';
  const parens = graphForm ? ` (@${at(layer.open)} )@${at(layer.close)}` : '';
  lines.push(`${indent}Layer ${formatRange(layer.range)}${binding} type=${identifier(layer.type)} args@${formatRange(layer.argsRange)}${parens}`);
  for (const arg of layer.args) dumpArgument(arg, lines, indent + '  ');
  const application = layer.application;
  if (application) {
    const list = application.list ? ` [@${at(application.list.open)} ]@${at(application.list.close)}` : '';
    lines.push(`${indent}  Apply ${formatRange(application.range)} (@${at(application.open)} )@${at(application.close)}${list}`);
    for (const name of application.references) lines.push(`${indent}    Ref ${identifier(name)}`);
  }
}

/** A punctuation range, or `missing`. */
function at(range: Range | undefined): string {
  return range ? formatRange(range) : 'missing';
}

function dumpArgument(arg: ArgumentNode, lines: string[], indent: string): void {
  lines.push(`${indent}Arg ${formatRange(arg.range)}${arg.name ? ` name=${identifier(arg.name)}` : ''}`);
  dumpValue(arg.value, lines, indent + '  ');
}

function dumpValue(value: ValueNode, lines: string[], indent: string): void {
  const at = formatRange(value.range);
  switch (value.kind) {
    case 'number':
      lines.push(`${indent}Number ${at} ${value.text} = ${value.value}${value.isInteger ? ' int' : ''}`);
      break;
    case 'string':
      lines.push(`${indent}String ${at} ${JSON.stringify(value.value)}`);
      break;
    case 'identifier':
      lines.push(`${indent}Identifier ${at} ${value.name}`);
      break;
    case 'bool':
      lines.push(`${indent}Bool ${at} ${value.value}`);
      break;
    case 'list':
      lines.push(`${indent}List ${at} ${value.bracket}`);
      for (const item of value.items) dumpValue(item, lines, indent + '  ');
      break;
    case 'call':
      lines.push(`${indent}Call ${at} callee=${identifier(value.callee)}`);
      for (const arg of value.args) dumpArgument(arg, lines, indent + '  ');
      break;
    case 'missing':
      lines.push(`${indent}Missing ${at}`);
      break;
  }
}
