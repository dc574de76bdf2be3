// The analyzer: parse, then names, arguments, shapes, parameters and the training
// configuration, every check with a stable code and the exact range of what is wrong. The
// result feeds the language server, the CLI and (as `spec`, only without errors) the engine.
import { analyzeLayers, type LayerState } from './analyze-layers';
import { checkBatchSize, checkMnistInput, mnist } from './checks-data';
import { checkLoss } from './checks-loss';
import { checkSingleInput, checkUnusedOutputs } from './checks-graph';
import { checkClassNames, checkClassOutput, checkHiddenSoftmax, outputActivation } from './checks-output';
import { checkSizes, defaultLimits } from './checks-size';
import { analyzeTraining, type TrainingConfig } from './checks-training';
import { buildGraph, inputsOf, outputOf } from './graph';
import { parse } from './parser';
import { Reporter } from './report';
import { comparePositions, SourceText } from './text';
import type { Analysis, ConfigValue, DatasetSpec, Diagnostic, ModelSpec } from './types';

export interface AnalyzeOptions {
  uri?: string;
  version?: number;
  /** Warn above this many parameters (default 50,000,000). */
  maxParams?: number;
  /** Warn when one training batch needs more activation memory than this (default 2 GiB). */
  maxActivationBytes?: number;
}

/** Analyzes one `.dnn` text. Never throws: every problem is a diagnostic. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const { document, diagnostics: syntax } = parse(text);
  const reporter = new Reporter();
  const source = new SourceText(text);
  const model = document.model;
  const graph = buildGraph(model?.layers ?? [], reporter);
  const states = model ? analyzeLayers(model, graph, reporter, source) : [];
  const training = analyzeTraining(document, reporter);
  let totalParams = 0;
  let trainableParams = 0;
  for (const { layer } of states) {
    totalParams += layer.params ?? 0;
    trainableParams += layer.trainableParams ?? 0;
  }

  if (model) {
    checkUnusedOutputs(graph, states, reporter, source);
    checkSingleInput(states, reporter);
    const output = outputActivation(graph, states);
    checkHiddenSoftmax(states, output, reporter);
    if (datasetName(training) === 'mnist') {
      checkMnistInput(states, reporter);
      checkClassOutput(graph, states, mnist.classes, reporter, source);
      checkBatchSize(training, mnist.trainSamples, reporter);
    } else {
      checkClassOutput(graph, states, undefined, reporter, source);
    }
    checkClassNames(graph, states, training, datasetName(training) === 'mnist' ? mnist.classes : undefined, reporter);
    const finalShape = outputOf(graph, states)?.layer.outputShape;
    const classes = finalShape?.[finalShape.length - 1];
    if (output && typeof classes === 'number') checkLoss(output, classes, training, document, reporter, source);
    const batchSize = typeof training.fit.batch_size === 'number' ? training.fit.batch_size : 32;
    checkSizes(
      states,
      totalParams,
      batchSize,
      isCall(training.compile.optimizer) ? toOptimizer(training.compile.optimizer) : undefined,
      {
        maxParams: options.maxParams ?? defaultLimits.maxParams,
        maxActivationBytes: options.maxActivationBytes ?? defaultLimits.maxActivationBytes,
      },
      model.name?.range ?? model.keywordRange,
      reporter,
    );
  }

  const diagnostics = [...syntax, ...reporter.diagnostics].sort((a, b) => comparePositions(a.range.start, b.range.start));
  const analysis: Analysis = {
    uri: options.uri ?? '',
    version: options.version ?? 0,
    document,
    diagnostics,
    layers: states.map((state) => state.layer),
    graph,
    totalParams,
    trainableParams,
  };
  if (model?.name) analysis.modelName = model.name.name;
  const spec = hasErrors(diagnostics) ? undefined : buildSpec(analysis, states, training);
  if (spec) analysis.spec = spec;
  return analysis;
}

function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function datasetName(training: TrainingConfig): string | undefined {
  const dataset = training.fit.dataset;
  return isCall(dataset) ? dataset.name : undefined;
}

function isCall(value: ConfigValue | undefined): value is { name: string; args: Record<string, ConfigValue> } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the engine needs, read from the graph; undefined if anything it needs is unknown. */
function buildSpec(analysis: Analysis, states: readonly LayerState[], training: TrainingConfig): ModelSpec | undefined {
  const { graph } = analysis;
  const first = states[0];
  const last = outputOf(graph, states);
  const inputShape = first?.layer.config.shape;
  const outputShape = last?.layer.outputShape;
  const optimizer = training.compile.optimizer;
  const dataset = training.fit.dataset;
  const { loss, metrics } = training.compile;
  const { epochs, batch_size: batchSize, validation_split: validationSplit, shuffle, seed, class_names: classNames } = training.fit;
  if (
    first?.entry?.type !== 'Input' ||
    !Array.isArray(inputShape) ||
    !last ||
    !outputShape ||
    !isCall(optimizer) ||
    !isCall(dataset) ||
    typeof loss !== 'string' ||
    !Array.isArray(metrics) ||
    typeof epochs !== 'number' ||
    typeof batchSize !== 'number' ||
    typeof validationSplit !== 'number' ||
    typeof shuffle !== 'boolean'
  ) {
    return undefined;
  }
  const datasetSpec = toDataset(dataset);
  if (!datasetSpec) return undefined;
  const fit: ModelSpec['fit'] = { dataset: datasetSpec, epochs, batchSize, validationSplit, shuffle };
  if (typeof seed === 'number') fit.seed = seed;
  if (Array.isArray(classNames)) fit.classNames = classNames as string[];
  return {
    name: analysis.modelName ?? 'model',
    inputShape: inputShape as number[],
    inputName: first.layer.name,
    layers: states.slice(1).map(({ layer }, index) => ({
      type: layer.type,
      name: layer.name,
      config: layer.config,
      inputs: inputsOf(graph, index + 1, states).map((input) => input.layer.name),
    })),
    outputName: last.layer.name,
    compile: { optimizer: toOptimizer(optimizer), loss, metrics: metrics as string[] },
    fit,
    outputShape,
    totalParams: analysis.totalParams,
    trainableParams: analysis.trainableParams,
  };
}

/** `sgd(momentum=0.9)` is tfjs's momentum optimizer: the engine builds optimizers by name. */
function toOptimizer(optimizer: { name: string; args: Record<string, ConfigValue> }): ModelSpec['compile']['optimizer'] {
  const args: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(optimizer.args)) {
    if (typeof value === 'number' || typeof value === 'boolean') args[key] = value;
  }
  const momentum = args.momentum;
  if (optimizer.name === 'sgd' && typeof momentum === 'number' && momentum > 0) return { name: 'momentum', args };
  return { name: optimizer.name, args };
}

function toDataset(dataset: { name: string; args: Record<string, ConfigValue> }): DatasetSpec | undefined {
  if (dataset.name === 'mnist') return { kind: 'mnist' };
  const { train_images: trainImages, train_labels: trainLabels, test_images: testImages, test_labels: testLabels } = dataset.args;
  if (typeof trainImages !== 'string' || typeof trainLabels !== 'string' || typeof testImages !== 'string' || typeof testLabels !== 'string') {
    return undefined;
  }
  return { kind: 'idx', trainImages, trainLabels, testImages, testLabels };
}
