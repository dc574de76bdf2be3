// `--format onnx`: one .onnx file, opset 13, written by hand (protobuf.ts, onnx-proto.ts):
// one float32 input `[N, *Input shape]` with a dynamic batch, channels last exactly as the
// .dnn file's Input says, and one output, the model's (after its final activation).
import { version } from '../../../package.json';
import { EngineError } from '../../engine/errors';
import { writeFileAtomic } from '../../files/atomic-write';
import { specShapes } from '../../language/spec-shapes';
import type { Exporter, ExportModel } from '../types';
import { OnnxGraph, type GraphValue } from './graph';
import { ONNX_LAYERS, UnsupportedOnnx } from './layers';
import { encodeModel, type OnnxModel } from './onnx-proto';

export const ONNX_OPSET = 13;

export const onnxExporter: Exporter = {
  format: 'onnx',
  async write(model, out) {
    await writeFileAtomic(out, encodeModel(onnxModel(model)));
    return [out];
  },
};

/** The ONNX model of an export: the graph of its layers in the spec's (topological) order. */
export function onnxModel(exported: ExportModel): OnnxModel {
  const { spec } = exported;
  const shapes = specShapes(spec);
  const graph = new OnnxGraph();
  const inputName = graph.uniqueName(spec.inputName);
  // Reserved first, so the graph's output carries the output layer's name.
  const outputName = graph.uniqueName(spec.outputName === spec.inputName ? 'output' : spec.outputName);
  const values = new Map<string, GraphValue>([[spec.inputName, { shape: [null, ...spec.inputShape], names: { channels_last: inputName } }]]);
  for (const layer of spec.layers) {
    const write = Object.hasOwn(ONNX_LAYERS, layer.type) ? ONNX_LAYERS[layer.type as keyof typeof ONNX_LAYERS] : undefined;
    if (!write) throw new EngineError(`layer ${layer.name} (${layer.type}) has no ONNX export`);
    const weights = exported.weights.get(layer.name) ?? [];
    const find = (name: string) => weights.find((weight) => weight.name === name);
    try {
      const output = write({
        graph,
        name: layer.name,
        config: layer.config,
        inputs: layer.inputs.map((name) => values.get(name) as GraphValue),
        outputShape: shapes.get(layer.name) as NonNullable<ReturnType<typeof shapes.get>>,
        hasWeight: (name) => find(name) !== undefined,
        weight: (name) => {
          const weight = find(name);
          if (!weight) throw new UnsupportedOnnx(`the export has no weight '${name}' for it`);
          return weight;
        },
      });
      values.set(layer.name, { shape: shapes.get(layer.name) ?? [], names: { [output.layout]: output.name } });
    } catch (error) {
      if (error instanceof UnsupportedOnnx) throw new EngineError(`layer ${layer.name} (${layer.type}) cannot be exported to ONNX: ${error.message}`);
      throw error;
    }
  }
  const output = values.get(spec.outputName) as GraphValue;
  graph.nodes.push({ opType: 'Identity', name: outputName, inputs: [graph.in(output, 'channels_last')], outputs: [outputName] });
  return {
    opset: ONNX_OPSET,
    producerName: 'dnn',
    producerVersion: version,
    graphName: spec.name,
    docString: describeSource(exported),
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [{ name: inputName, dims: [null, ...spec.inputShape] }],
    outputs: [{ name: outputName, dims: output.shape }],
  };
}

function describeSource(exported: ExportModel): string {
  const weights = exported.source.kind === 'run' ? `the weights of the run in ${exported.source.runDir}` : 'fresh (untrained) Keras-default weights';
  return `Model ${exported.spec.name} exported by dnn with ${weights}. Input: float32 [N, ${exported.spec.inputShape.join(', ')}], channels last, pixels in [0, 1].`;
}

