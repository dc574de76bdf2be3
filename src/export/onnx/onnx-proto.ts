// The ONNX messages the exporter writes (a subset of onnx.proto: ModelProto, GraphProto,
// NodeProto, AttributeProto, TensorProto, ValueInfoProto), as plain data and their encoding
// with the field numbers of onnx.proto.
import { ProtoWriter } from './protobuf';

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: (typeof DataType)[keyof typeof DataType];
  /** float32 or int64 values, row-major. */
  values: Float32Array | BigInt64Array;
}

export type AttributeValue = number | string | number[] | { ints: number[] } | { floats: number[] } | { strings: string[] } | { float: number };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

/** A float32 tensor of the graph's inputs or outputs; `null` dims are the dynamic batch. */
export interface OnnxValueInfo {
  name: string;
  dims: (number | null)[];
}

export interface OnnxModel {
  opset: number;
  producerName: string;
  producerVersion: string;
  graphName: string;
  docString: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

/** The IR version that goes with opset 13 (ONNX 1.8). */
const IR_VERSION = 7;
/** AttributeProto.AttributeType values. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;
const BATCH_DIM = 'N';

export function encodeModel(model: OnnxModel): Uint8Array {
  const writer = new ProtoWriter();
  writer.varint(1, IR_VERSION);
  writer.string(2, model.producerName);
  writer.string(3, model.producerVersion);
  writer.message(7, (graph) => {
    for (const node of model.nodes) graph.message(1, (w) => writeNode(w, node));
    graph.string(2, model.graphName);
    for (const tensor of model.initializers) graph.message(5, (w) => writeTensor(w, tensor));
    graph.string(10, model.docString);
    for (const input of model.inputs) graph.message(11, (w) => writeValueInfo(w, input));
    for (const output of model.outputs) graph.message(12, (w) => writeValueInfo(w, output));
  });
  writer.message(8, (opset) => opset.string(1, '').varint(2, model.opset));
  return writer.finish();
}

function writeNode(writer: ProtoWriter, node: OnnxNode): void {
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  writer.string(3, node.name);
  writer.string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) writer.message(5, (w) => writeAttribute(w, name, value));
}

function writeAttribute(writer: ProtoWriter, name: string, value: AttributeValue): void {
  writer.string(1, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; write { float: ${value} }`);
    writer.varint(3, value).varint(20, AttributeType.INT);
  } else if (typeof value === 'string') {
    writer.string(4, value).varint(20, AttributeType.STRING);
  } else if (Array.isArray(value) || 'ints' in value) {
    for (const item of Array.isArray(value) ? value : value.ints) writer.varint(8, item);
    writer.varint(20, AttributeType.INTS);
  } else if ('floats' in value) {
    for (const item of value.floats) writer.float(7, item);
    writer.varint(20, AttributeType.FLOATS);
  } else if ('strings' in value) {
    for (const item of value.strings) writer.string(9, item);
    writer.varint(20, AttributeType.STRINGS);
  } else {
    writer.float(2, value.float).varint(20, AttributeType.FLOAT);
  }
}

function writeTensor(writer: ProtoWriter, tensor: OnnxTensor): void {
  for (const dim of tensor.dims) writer.varint(1, dim);
  writer.varint(2, tensor.dataType);
  writer.string(8, tensor.name);
  writer.bytes(9, littleEndianBytes(tensor.values));
}

/** raw_data is little-endian whatever the machine. */
function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  values.forEach((value: number | bigint, i: number) => {
    if (typeof value === 'bigint') view.setBigInt64(i * 8, value, true);
    else view.setFloat32(i * 4, value, true);
  });
  return bytes;
}

function writeValueInfo(writer: ProtoWriter, info: OnnxValueInfo): void {
  writer.string(1, info.name);
  writer.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.varint(1, DataType.FLOAT);
      tensorType.message(2, (shape) => {
        for (const dim of info.dims) shape.message(1, (d) => (dim === null ? d.string(2, BATCH_DIM) : d.varint(1, dim)));
      });
    }),
  );
}
