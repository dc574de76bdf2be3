// .dnn texts for the engine tests, written to temp folders (their runs go to <dir>/.dnn/runs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MlpOptions {
  name?: string;
  hidden?: number;
  activation?: string;
  dropout?: number;
  loss?: string;
  optimizer?: string;
  dataset?: string;
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  seed?: number;
}

export function mlpText(options: MlpOptions = {}): string {
  const fit = [
    options.dataset ? `    dataset = ${options.dataset}` : '',
    `    epochs = ${options.epochs ?? 1}`,
    `    batch_size = ${options.batchSize ?? 32}`,
    `    validation_split = ${options.validationSplit ?? 0.2}`,
    options.seed === undefined ? '' : `    seed = ${options.seed}`,
  ].filter(Boolean);
  return [
    `model ${options.name ?? 'TestMLP'} {`,
    '    Input(shape=[784])',
    `    Dense(${options.hidden ?? 64}, activation=${options.activation ?? 'relu'})`,
    ...(options.dropout === undefined ? [] : [`    Dropout(${options.dropout})`]),
    '    Dense(10, activation=softmax)',
    '}',
    '',
    'compile {',
    `    optimizer = ${options.optimizer ?? 'adam(learning_rate=0.001)'}`,
    `    loss = ${options.loss ?? 'categorical_crossentropy'}`,
    '    metrics = [accuracy]',
    '}',
    '',
    'fit {',
    ...fit,
    '}',
    '',
  ].join('\n');
}

/** Writes `text` as `<dir>/<file>` and returns its path. */
export function writeSpec(dir: string, text: string, file = 'model.dnn'): string {
  const path = join(dir, file);
  writeFileSync(path, text);
  return path;
}
