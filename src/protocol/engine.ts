// The engine's interface: what a training or evaluation run reports. The CLI, the worker
// thread and the VS Code extension all speak these types; the webview gets them relayed.

export type BackendName = 'wasm' | 'cpu';

/** What trains: TensorFlow.js in this process (the default), or PyTorch under torchrun (the model exported into the run). */
export type EngineName = 'tfjs' | 'pytorch';

/** How the pytorch engine runs torchrun. */
export interface PytorchOptions {
  /** The Python that has PyTorch; default /usr/bin/python3 when it exists, else python3. */
  python?: string;
  /** Processes on this machine (torchrun --nproc_per_node); default 1. */
  nproc?: number;
  /** Machines in the job (torchrun --nnodes); default 1. */
  nnodes?: number;
  /** This machine's rank among them (torchrun --node_rank). */
  nodeRank?: number;
  /** `HOST:PORT` of node 0, for several machines. */
  master?: string;
  /** cpu (gloo) or cuda (NCCL); default cpu. */
  device?: 'cpu' | 'cuda';
}

/** What PyTorch itself reported about a pytorch-engine run (kept in metrics.json). */
export interface PytorchReport {
  device: 'cpu' | 'cuda';
  /** The test set as PyTorch scored it (`test` in metrics.json is dnn's own evaluation of the converted weights); absent when stopped. */
  test?: { loss: number; accuracy: number; samples: number };
  /** Per epoch: the training samples each process trained on, and how many distinct ones they covered together. */
  epochShares: { samplesPerProcess: number[]; distinctSamples: number }[];
}

export interface TrainOptions {
  /** Absolute path of the .dnn file (IDX paths in `fit` are relative to it). */
  specFile: string;
  /** Overrides of the spec's `fit` block. */
  epochs?: number;
  batchSize?: number;
  /** Train on the first N training samples only (tests, quick looks). */
  trainLimit?: number;
  /** Evaluate on the first N test samples only (tests). */
  testLimit?: number;
  seed?: number;
  backend?: BackendName;
  /** Cores to train on; default every core: each batch split between that many threads (data-parallel loop), or, for models with batch statistics, the threaded wasm build; 1 trains on one thread. Set when the backend starts (once per process or worker). */
  threads?: number;
  /** Root folder of runs; default `<dir of specFile>/.dnn/runs`. A run goes to `<root>/<model>/<timestamp>/`. */
  runsRoot?: string;
  /** Default `tfjs`. */
  engine?: EngineName;
  /** Only for the pytorch engine. */
  pytorch?: PytorchOptions;
}

export interface EpochRecord {
  epoch: number; // 1-based
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
}

export interface ClassStats {
  label: number;
  support: number;
  correct: number;
  /** correct / support: Keras users call it per-class accuracy; it is the recall. */
  accuracy: number;
  precision: number;
  recall: number;
}

export interface Misclassified {
  /** Index in the test set. */
  index: number;
  label: number;
  predicted: number;
  /** Softmax probability of the predicted class. */
  confidence: number;
  /** 28x28 = 784 grey levels 0..255, row-major. */
  pixels: number[];
}

export interface EvaluationResult {
  loss: number;
  accuracy: number;
  samples: number;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  perClass: ClassStats[];
  /** At most ~64, most confident mistakes first. */
  misclassified: Misclassified[];
  seconds: number;
  /** `fit { class_names }` of the evaluated spec, when it has them: labels are shown by these names. */
  classNames?: string[];
}

export type TrainEvent =
  | { type: 'backend'; backend: BackendName; note?: string }
  | { type: 'start'; model: string; epochs: number; batchesPerEpoch: number; trainSamples: number; validationSamples: number; runDir: string }
  | { type: 'batch'; epoch: number; batch: number; batchesPerEpoch: number; loss: number; accuracy: number; elapsedSeconds: number }
  | ({ type: 'epoch' } & EpochRecord)
  | { type: 'evaluation'; result: EvaluationResult }
  | { type: 'done'; runDir: string; secondsPerEpoch: number; test?: { loss: number; accuracy: number } }
  /** `forced`: the job did not answer Stop in time and its worker was ended; why, in plain words (set by the extension, never by the engine). */
  | { type: 'stopped'; runDir?: string; epoch: number; batch: number; forced?: string }
  /** Something the user should know that does not stop the run (evaluate: the spec changed since the run). */
  | { type: 'warning'; message: string }
  | { type: 'error'; message: string; detail?: string };

/** What `train` resolves to; the CLI's `--json` line is this without `status` (`test` null when stopped). */
export interface TrainResult {
  model: string;
  backend: BackendName;
  epochs: EpochRecord[];
  secondsPerEpoch: number;
  test?: { loss: number; accuracy: number };
  runDir: string;
  status: 'completed' | 'stopped';
  /** Set for the pytorch engine (absent: tfjs). */
  engine?: EngineName;
  /** Processes that trained together (pytorch engine). */
  worldSize?: number;
}

export interface EvaluateOptions {
  /** Absolute path of the .dnn file: the model is built from it and the run's weights loaded into it. */
  specFile: string;
  /** A run folder; default: the latest finished run of the model under `runsRoot`. */
  runDir?: string;
  /** Default `<dir of specFile>/.dnn/runs`. */
  runsRoot?: string;
  /** Evaluate on the first N test samples only (tests). */
  testLimit?: number;
  backend?: BackendName;
  /** As TrainOptions.threads. */
  threads?: number;
}

export interface EvaluateOutcome {
  model: string;
  backend: BackendName;
  runDir: string;
  /** True when the spec's topology or compile config differs from the one the run was trained with. */
  specChanged: boolean;
  result: EvaluationResult;
}

/** `metrics.json` in every run folder. */
export interface RunMetrics {
  model: string;
  /** Hash of the model's topology + compile config: Evaluate warns when the spec changed since. */
  specHash: string;
  specFile: string;
  createdAt: string;
  backend: BackendName;
  config: { epochs: number; batchSize: number; validationSplit: number; seed?: number; trainLimit?: number; optimizer: unknown; loss: string };
  history: EpochRecord[];
  test?: EvaluationResult;
  timings: { totalSeconds: number; secondsPerEpoch: number; evaluationSeconds?: number };
  status: 'completed' | 'stopped';
  /** Absent in runs trained by tfjs before engines existed: read as `tfjs`. */
  engine?: EngineName;
  /** Processes that trained together (1 for tfjs). */
  worldSize?: number;
  pytorch?: PytorchReport;
}
