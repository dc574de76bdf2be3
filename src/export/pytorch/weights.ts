// The weights of a PyTorch export: tfjs tensors moved into PyTorch's layout (the plan's
// WeightMapping per weight) and written as one raw little-endian float32 file plus a JSON
// index, which model.py reads with torch.frombuffer and train.py writes back after
// training. `fromTorch` is the exact inverse, so a run trained by PyTorch becomes tfjs weights.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write';
import type { WeightTensor } from '../types';
import type { WeightMapping } from './layers';
import type { ModelPlan } from './plan';
import { UnsupportedExport } from './unsupported';

/** model.py's load_weights reads `<stem>.json` and `<stem>.bin`. */
export const WEIGHTS_STEM = 'torch_weights';
export const WEIGHTS_BIN = `${WEIGHTS_STEM}.bin`;
export const WEIGHTS_INDEX = `${WEIGHTS_STEM}.json`;

/** One tensor in PyTorch's layout, named as in the module's state_dict. */
export interface TorchTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

interface WeightsIndex {
  format: 'dnn-torch-weights';
  version: 1;
  dtype: 'float32';
  byteOrder: 'little';
  tensors: { name: string; shape: number[]; offset: number }[];
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Row-major strides of `shape`. */
function strides(shape: readonly number[]): number[] {
  const result = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) result[i] = result[i + 1] * shape[i + 1];
  return result;
}

/** The tensor with its axes reordered: output axis i is input axis `axes[i]`. */
export function permuteAxes(data: Float32Array, shape: readonly number[], axes: readonly number[]): { data: Float32Array; shape: number[] } {
  const outShape = axes.map((axis) => shape[axis]);
  const inStrides = strides(shape);
  const stepOf = axes.map((axis) => inStrides[axis]);
  const out = new Float32Array(data.length);
  const index = new Array<number>(outShape.length).fill(0);
  let source = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[source];
    // Advance the output index like an odometer, moving the source offset with it.
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      index[axis]++;
      source += stepOf[axis];
      if (index[axis] < outShape[axis]) break;
      source -= stepOf[axis] * outShape[axis];
      index[axis] = 0;
    }
  }
  return { data: out, shape: outShape };
}

function inverse(axes: readonly number[]): number[] {
  const result = new Array<number>(axes.length);
  axes.forEach((axis, i) => (result[axis] = i));
  return result;
}

/** Every weight of the model in PyTorch's layout, in the order the plan lists them. */
export function toTorch(plan: ModelPlan, weights: ReadonlyMap<string, readonly WeightTensor[]>): TorchTensor[] {
  const tensors: TorchTensor[] = [];
  for (const { layer, site, torch } of plan.layers) {
    const given = weights.get(layer.name) ?? [];
    for (const mapping of torch.weights ?? []) {
      const weight = given.find((w) => w.name === mapping.tfjs);
      if (!weight) throw new UnsupportedExport(`layer ${layer.name} has no '${mapping.tfjs}' weight to export (it has ${given.map((w) => w.name).join(', ') || 'none'})`);
      const moved = mapping.permute ? permuteAxes(weight.data, weight.shape, mapping.permute) : { data: weight.data, shape: [...weight.shape] };
      const shape = mapping.reshape ?? moved.shape;
      tensors.push({ name: `${site.attr}.${mapping.torch}`, shape, data: moved.data });
      if (mapping.companion) tensors.push({ name: `${site.attr}.${mapping.companion}`, shape, data: new Float32Array(moved.data.length) });
    }
  }
  return tensors;
}

/** The inverse of `toTorch`: per layer name, its weights in tfjs layout (`shapes` gives each tfjs shape). */
export function fromTorch(plan: ModelPlan, tensors: readonly TorchTensor[], tfjsShapes: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>): Map<string, WeightTensor[]> {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const take = (name: string) => {
    const tensor = byName.get(name);
    if (!tensor) throw new UnsupportedExport(`the PyTorch weights have no tensor ${name}`);
    return tensor;
  };
  const result = new Map<string, WeightTensor[]>();
  for (const { layer, site, torch } of plan.layers) {
    const list: WeightTensor[] = [];
    for (const mapping of torch.weights ?? []) {
      const tfjsShape = tfjsShapes.get(layer.name)?.get(mapping.tfjs);
      if (!tfjsShape) throw new UnsupportedExport(`layer ${layer.name} has no tfjs weight '${mapping.tfjs}'`);
      let data = take(`${site.attr}.${mapping.torch}`).data;
      if (mapping.companion) {
        const companion = take(`${site.attr}.${mapping.companion}`).data;
        data = data.map((value, i) => value + companion[i]);
      }
      list.push({ name: mapping.tfjs, shape: [...tfjsShape], data: restore(data, tfjsShape, mapping) });
    }
    result.set(layer.name, list);
  }
  return result;
}

function restore(data: Float32Array, tfjsShape: readonly number[], mapping: WeightMapping): Float32Array {
  if (!mapping.permute) return data;
  // Undo the reshape (it only regroups axes), then the permutation.
  const permutedShape = mapping.permute.map((axis) => tfjsShape[axis]);
  return permuteAxes(data, permutedShape, inverse(mapping.permute)).data;
}

/** Writes torch_weights.bin and torch_weights.json in `folder`; returns both paths. */
export async function writeTorchWeights(folder: string, tensors: readonly TorchTensor[]): Promise<string[]> {
  const total = tensors.reduce((sum, t) => sum + t.data.length, 0);
  const bytes = Buffer.alloc(total * 4);
  const index: WeightsIndex = { format: 'dnn-torch-weights', version: 1, dtype: 'float32', byteOrder: 'little', tensors: [] };
  let offset = 0;
  for (const tensor of tensors) {
    for (let i = 0; i < tensor.data.length; i++) bytes.writeFloatLE(tensor.data[i], offset + i * 4);
    index.tensors.push({ name: tensor.name, shape: tensor.shape, offset });
    offset += tensor.data.length * 4;
  }
  const binPath = join(folder, WEIGHTS_BIN);
  const indexPath = join(folder, WEIGHTS_INDEX);
  await writeFileAtomic(binPath, bytes);
  await writeFileAtomic(indexPath, JSON.stringify(index, null, 1) + '\n');
  return [indexPath, binPath];
}

/** Reads what train.py (or the export) wrote in `folder`. */
export async function readTorchWeights(folder: string): Promise<TorchTensor[]> {
  const index = JSON.parse(await readFile(join(folder, WEIGHTS_INDEX), 'utf8')) as WeightsIndex;
  const bytes = await readFile(join(folder, WEIGHTS_BIN));
  return index.tensors.map(({ name, shape, offset }) => {
    const count = product(shape);
    if (offset + count * 4 > bytes.length) throw new UnsupportedExport(`${WEIGHTS_BIN} in ${folder} is too short for ${name}`);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(offset + i * 4);
    return { name, shape, data };
  });
}
