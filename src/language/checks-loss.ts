// Does the loss fit the output activation? Crossentropy needs probabilities (softmax), binary
// crossentropy values in [0, 1]; on one-of-10 classes the regression losses and binary
// crossentropy work but train worse (warnings). Fixes change the activation or the loss.
import type { OutputActivation } from './checks-output';
import type { TrainingConfig } from './checks-training';
import { insertLinesBelow } from './fixes';
import type { SourceText } from './text';
import type { Reporter } from './report';
import type { DocumentNode, QuickFix, Range } from './types';

type Edit = QuickFix['edits'][number];

const inUnitInterval = new Set(['sigmoid', 'hard_sigmoid', 'softmax']);

export function checkLoss(
  output: OutputActivation,
  classes: number,
  training: TrainingConfig,
  document: DocumentNode,
  reporter: Reporter,
  source: SourceText,
): void {
  const loss = training.compile.loss;
  if (typeof loss !== 'string') return;
  const activation = output.name;
  const range = training.values.get('loss')?.range ?? output.value?.range ?? output.state.layer.node.type.range;
  const setActivation = (name: string): Edit | undefined => activationEdit(output, name, source);
  const changeLoss = (name: string): Edit | undefined => lossEdit(name, training, document, source);
  const multiClass = classes > 1;

  if (loss === 'categorical_crossentropy' || loss === 'sparse_categorical_crossentropy') {
    if (activation === 'softmax') return;
    const alternative = inUnitInterval.has(activation) ? 'binary_crossentropy' : 'mean_squared_error';
    reporter.report(
      'lossActivationMismatch',
      `${loss} expects class probabilities from a softmax output, but the output activation is ${activation}; use activation=softmax on the last layer`,
      range,
      fixes([
        fix('Set the output activation to softmax', [setActivation('softmax')], true),
        fix(`Change the loss to ${alternative}`, [changeLoss(alternative)]),
      ]),
    );
    return;
  }
  const toCrossentropy = fix(
    activation === 'softmax' ? 'Change the loss to categorical_crossentropy' : 'Use softmax with categorical_crossentropy',
    activation === 'softmax' ? [changeLoss('categorical_crossentropy')] : [setActivation('softmax'), changeLoss('categorical_crossentropy')],
    true,
  );
  if (loss === 'binary_crossentropy') {
    if (!inUnitInterval.has(activation)) {
      reporter.report(
        'lossActivationMismatch',
        `binary_crossentropy expects values in [0, 1] (a sigmoid output), but the output activation is ${activation}`,
        range,
        fixes([fix('Set the output activation to sigmoid', [setActivation('sigmoid')], true), toCrossentropy]),
      );
    } else if (multiClass) {
      reporter.report(
        'lossUnsuited',
        `binary_crossentropy scores each of the ${classes} outputs as an independent yes/no; for one class out of ${classes} use softmax with categorical_crossentropy`,
        range,
        fixes([toCrossentropy]),
      );
    }
    return;
  }
  if (multiClass) {
    reporter.report(
      'lossUnsuited',
      `${loss} is a regression loss: on ${classes} class scores it trains slower and worse than softmax with categorical_crossentropy`,
      range,
      fixes([toCrossentropy]),
    );
  }
}

function fix(title: string, edits: (Edit | undefined)[], isPreferred?: boolean): QuickFix | undefined {
  if (edits.some((edit) => edit === undefined)) return undefined;
  const result: QuickFix = { title, edits: edits as Edit[] };
  if (isPreferred) result.isPreferred = true;
  return result;
}

function fixes(candidates: (QuickFix | undefined)[]): QuickFix[] {
  return candidates.filter((candidate): candidate is QuickFix => candidate !== undefined);
}

/** Rewrites the written activation, or adds `activation=` to a layer that relies on the default. */
function activationEdit(output: OutputActivation, name: string, source: SourceText): Edit | undefined {
  if (output.value) return { range: output.value.range, newText: name };
  const node = output.state.layer.node;
  if (!output.state.entry?.args.some((spec) => spec.name === 'activation')) return undefined;
  const end = node.argsRange.end;
  if (source.charBefore(end) !== ')') return undefined;
  const at = { line: end.line, character: end.character - 1 };
  const range: Range = { start: at, end: at };
  return { range, newText: node.args.length > 0 ? `, activation=${name}` : `activation=${name}` };
}

/** Rewrites the written loss, or adds a `loss =` line to compile (or a compile block after the model). */
function lossEdit(name: string, training: TrainingConfig, document: DocumentNode, source: SourceText): Edit | undefined {
  const written = training.values.get('loss');
  if (written) return { range: written.range, newText: name };
  const compile = training.sections.compile;
  const lastSetting = compile?.settings[compile.settings.length - 1];
  if (lastSetting) return insertLinesBelow(source, lastSetting.range.end.line, [`loss = ${name}`]);
  const model = document.model;
  if (compile || !model) return undefined;
  const nl = source.newline;
  const at = model.range.end;
  return { range: { start: at, end: at }, newText: `${nl}${nl}compile {${nl}    loss = ${name}${nl}}` };
}
