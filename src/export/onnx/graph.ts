// Builds an ONNX graph node by node. Tensors of the model are kept in whichever axis order
// their last producer left them: channels last (Keras, and the model's input and output) or
// channels first (ONNX's Conv and pooling, NCHW). A layer asks for its input in the order it
// needs and gets a Transpose only when the order differs, made once per tensor: a stack of
// convolutions stays NCHW between its layers.
import type { Shape } from '../../language/types';
import { DataType, type AttributeValue, type OnnxNode, type OnnxTensor } from './onnx-proto';

export type Layout = 'channels_last' | 'channels_first';

/** One tensor of the model, by its Keras (channels-last) shape, and the ONNX names it has in each order. */
export interface GraphValue {
  shape: Shape;
  names: Partial<Record<Layout, string>>;
}

/** Axis permutation from channels last to channels first (`[0, 3, 1, 2]` for rank 4) and back. */
export function permutation(rank: number, to: Layout): number[] {
  const middle = Array.from({ length: rank - 2 }, (_, i) => i + 1);
  return to === 'channels_first' ? [0, rank - 1, ...middle] : [0, ...middle.map((i) => i + 1), 1];
}

/** Where Keras's axis `axis` (of a channels-last tensor of `rank`) is in `layout`. */
export function axisIn(layout: Layout, rank: number, axis: number): number {
  const positive = axis < 0 ? rank + axis : axis;
  if (layout === 'channels_last' || rank <= 2) return positive;
  return permutation(rank, 'channels_first').indexOf(positive);
}

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();

  /** A tensor name not used yet, from `hint`. */
  uniqueName(hint: string): string {
    let name = hint;
    for (let i = 1; this.used.has(name); i++) name = `${hint}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  node(opType: string, inputs: string[], hint: string, attributes?: Record<string, AttributeValue>): string {
    return this.nodeWithOutputs(opType, inputs, [hint], attributes)[0];
  }

  nodeWithOutputs(opType: string, inputs: string[], hints: string[], attributes?: Record<string, AttributeValue>): string[] {
    const outputs = hints.map((hint) => this.uniqueName(hint));
    this.nodes.push({ opType, name: outputs[0], inputs, outputs, attributes });
    return outputs;
  }

  /** A float32 constant (an initializer). */
  floats(hint: string, dims: number[], values: Float32Array | number[]): string {
    const name = this.uniqueName(hint);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, values: Float32Array.from(values) });
    return name;
  }

  /** A 1-D int64 constant: shapes, axes, pads of the ops that take them as inputs since opset 13. */
  ints(hint: string, values: number[]): string {
    const name = this.uniqueName(hint);
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, values: BigInt64Array.from(values.map(BigInt)) });
    return name;
  }

  /** The value's name in `layout`, adding (once) the Transpose that makes it. */
  in(value: GraphValue, layout: Layout): string {
    const existing = value.names[layout];
    if (existing !== undefined) return existing;
    const name = Object.values(value.names)[0] as string;
    if (value.shape.length <= 2) return name;
    const moved = this.node('Transpose', [name], `${name}/${layout}`, { perm: permutation(value.shape.length, layout) });
    value.names[layout] = moved;
    return moved;
  }

  /** The layout a value already has (the first it was made in). */
  layoutOf(value: GraphValue): Layout {
    return Object.keys(value.names)[0] as Layout;
  }
}
