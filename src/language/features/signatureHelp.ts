// Signature help inside a call: `Dense(units, activation=linear, use_bias=true)` with the
// argument at the cursor highlighted. Works for layers, optimizer calls and `idx(...)`.
import type { Analysis, Position } from '../types';
import { describeParameter, describeType } from './catalogueLookup';
import { SourceText } from '../text';
import { cursorContext } from './cursor';
import type { SignatureInfo } from './types';

export function signatureHelp(analysis: Analysis, text: string, position: Position): SignatureInfo | undefined {
  const context = cursorContext(analysis, new SourceText(text), position);
  if (context.kind !== 'argument') return undefined;
  const { call } = context;
  const specs = call.specs;
  if (!specs) return undefined;
  const name = call.callee.name;
  let label = `${name}(`;
  const parameters: SignatureInfo['parameters'] = specs.map((spec, index) => {
    if (index > 0) label += ', ';
    const start = label.length;
    label += describeParameter(spec);
    return { label: [start, label.length], documentation: `\`${describeType(spec.type)}\`: ${spec.doc}` };
  });
  label += ')';
  const active = context.paramName ?? activeName(context);
  const activeParameter = active === undefined ? undefined : specs.findIndex((spec) => spec.name === active);
  return {
    label,
    documentation: call.doc ?? '',
    parameters,
    activeParameter: activeParameter === undefined || activeParameter < 0 ? undefined : activeParameter,
  };
}

/** While typing a name (`Dense(64, act|`), the parameter it names, if it already matches one. */
function activeName(context: { call: { args: { name?: { name: string } }[] }; slot: number }): string | undefined {
  return context.call.args[context.slot]?.name?.name;
}
