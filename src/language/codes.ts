// Every diagnostic code the language core reports, in one place. Codes are stable: users,
// the CLI's --json output and tools outside this repo key on them, so an entry may be
// added or reworded but a code is never renumbered or reused.
//   DNN1xx syntax (lexer.ts, parser.ts)
//   DNN2xx names and arguments (analyzer.ts, graph.ts)
//   DNN3xx shapes (analyzer.ts)
//   DNN4xx training configuration (analyzer.ts)
import type { Severity } from './types';

export interface CodeInfo {
  code: string;
  severity: Severity;
  /** A short, general title; the diagnostic's message says what was expected and found. */
  title: string;
}

export const codes = {
  // ---------------------------------------------------------------------------------
  // DNN1xx syntax: lexer.ts and parser.ts
  // ---------------------------------------------------------------------------------
  unexpectedCharacter: { code: 'DNN101', severity: 'error', title: 'Unexpected character' },
  unterminatedString: { code: 'DNN102', severity: 'error', title: 'Unterminated string' },
  invalidNumber: { code: 'DNN103', severity: 'error', title: 'Invalid number' },
  expectedToken: { code: 'DNN104', severity: 'error', title: 'Expected something else here' },
  unclosedBracket: { code: 'DNN105', severity: 'error', title: 'Missing closing bracket' },
  duplicateSection: { code: 'DNN106', severity: 'error', title: "Duplicate 'compile' or 'fit' section" },
  secondModel: { code: 'DNN107', severity: 'error', title: 'More than one model in a file' },
  unexpectedTopLevel: { code: 'DNN108', severity: 'error', title: "Content outside 'model', 'compile' and 'fit'" },
  positionalAfterNamed: { code: 'DNN109', severity: 'error', title: 'Positional argument after a named one' },
  missingModel: { code: 'DNN110', severity: 'error', title: "No 'model' block" },
  missingSeparator: { code: 'DNN111', severity: 'error', title: 'Missing separator between layers or settings' },
  sectionBeforeModel: { code: 'DNN112', severity: 'error', title: "'compile' or 'fit' before the model" },
  nestedTooDeeply: { code: 'DNN113', severity: 'error', title: 'Brackets nested too deeply' },

  // ---------------------------------------------------------------------------------
  // DNN2xx names and arguments: analyzer.ts, resolve.ts
  // ---------------------------------------------------------------------------------
  unknownLayer: { code: 'DNN201', severity: 'error', title: 'Unknown layer type' },
  unknownArgument: { code: 'DNN202', severity: 'error', title: 'Unknown argument name' },
  unknownActivation: { code: 'DNN203', severity: 'error', title: 'Unknown activation' },
  unknownOptimizer: { code: 'DNN204', severity: 'error', title: 'Unknown optimizer' },
  unknownLoss: { code: 'DNN205', severity: 'error', title: 'Unknown loss' },
  unknownMetric: { code: 'DNN206', severity: 'error', title: 'Unknown metric' },
  unknownSetting: { code: 'DNN207', severity: 'error', title: "Unknown key in 'compile' or 'fit'" },
  unknownDataset: { code: 'DNN208', severity: 'error', title: 'Unknown dataset' },
  unknownValue: { code: 'DNN209', severity: 'error', title: 'Value not among the allowed ones (e.g. padding)' },
  missingArgument: { code: 'DNN210', severity: 'error', title: 'Missing required argument' },
  duplicateArgument: { code: 'DNN211', severity: 'error', title: 'Argument given twice' },
  tooManyPositional: { code: 'DNN212', severity: 'error', title: 'Too many positional arguments' },
  wrongType: { code: 'DNN213', severity: 'error', title: 'Value of the wrong type' },
  notAnInteger: { code: 'DNN214', severity: 'error', title: 'Whole number expected' },
  outOfRange: { code: 'DNN215', severity: 'error', title: 'Argument value out of range' },
  duplicateSetting: { code: 'DNN216', severity: 'error', title: 'Setting given twice' },
  unknownReference: { code: 'DNN217', severity: 'error', title: 'Unknown name of a layer output' },
  referenceBeforeDefinition: { code: 'DNN218', severity: 'error', title: 'Name used above its definition (or by itself)' },
  duplicateName: { code: 'DNN219', severity: 'error', title: 'Name bound twice' },
  nameShadowsKeyword: { code: 'DNN220', severity: 'error', title: 'Binding named like a keyword' },
  nameShadowsLayerType: { code: 'DNN221', severity: 'warning', title: 'Binding named like a layer type' },

  // ---------------------------------------------------------------------------------
  // DNN3xx model structure and shapes: analyzer.ts and the layer catalogue
  // ---------------------------------------------------------------------------------
  emptyModel: { code: 'DNN301', severity: 'error', title: 'Model without layers' },
  missingInput: { code: 'DNN302', severity: 'error', title: 'Model does not start with Input' },
  inputNotFirst: { code: 'DNN303', severity: 'error', title: 'Input is not the first layer' },
  duplicateInput: { code: 'DNN304', severity: 'error', title: 'More than one Input' },
  wrongInputRank: { code: 'DNN305', severity: 'error', title: 'Layer input has the wrong rank' },
  windowTooLarge: { code: 'DNN306', severity: 'error', title: 'Kernel or pool window larger than its input' },
  nonPositiveDimension: { code: 'DNN307', severity: 'error', title: 'Dimension not positive' },
  impossibleReshape: { code: 'DNN308', severity: 'error', title: 'Reshape to a different number of values' },
  multipleUnknownDims: { code: 'DNN309', severity: 'error', title: 'More than one -1 in a shape' },
  outputNotClasses: { code: 'DNN310', severity: 'error', title: 'Output is not a vector of one score per class' },
  softmaxHidden: { code: 'DNN311', severity: 'warning', title: 'softmax in a hidden layer' },
  tooManyParams: { code: 'DNN312', severity: 'warning', title: 'Parameter count above the limit' },
  tooMuchActivationMemory: { code: 'DNN313', severity: 'warning', title: 'Activation memory for one batch above the limit' },
  incompatibleArguments: { code: 'DNN314', severity: 'error', title: 'Arguments that cannot be combined' },
  invalidAxis: { code: 'DNN315', severity: 'error', title: 'Axis out of range for the input' },
  wrongInputCount: { code: 'DNN316', severity: 'error', title: 'Layer applied to the wrong number of inputs' },
  mergeShapeMismatch: { code: 'DNN317', severity: 'error', title: 'Merged inputs of incompatible shapes' },
  concatenateShapeMismatch: { code: 'DNN318', severity: 'error', title: 'Concatenated inputs differ off the axis' },
  unusedOutput: { code: 'DNN319', severity: 'warning', title: 'Branch whose output is never used' },
  tooMuchTrainingMemory: { code: 'DNN320', severity: 'warning', title: 'Training needs more memory than the wasm backend can hold' },

  // ---------------------------------------------------------------------------------
  // DNN4xx training configuration: analyzer.ts
  // ---------------------------------------------------------------------------------
  lossActivationMismatch: { code: 'DNN401', severity: 'error', title: 'Loss does not fit the output activation' },
  lossUnsuited: { code: 'DNN402', severity: 'warning', title: 'Loss unsuited to classification' },
  settingOutOfRange: { code: 'DNN403', severity: 'error', title: 'Training setting out of range' },
  batchLargerThanData: { code: 'DNN404', severity: 'warning', title: 'batch_size larger than the training set' },
  inputSizeMismatch: { code: 'DNN405', severity: 'error', title: 'Input shape does not hold one image of the dataset' },
  multipleInputs: { code: 'DNN406', severity: 'error', title: 'More than one Input: training feeds one' },
  classNamesCount: { code: 'DNN407', severity: 'warning', title: 'class_names does not name one class per output unit' },
} as const satisfies Record<string, CodeInfo>;

export type CodeName = keyof typeof codes;
