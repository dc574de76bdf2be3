// `Conv2DBackpropFilter` (the gradient of a Conv2D with respect to its kernel) is not
// registered for the wasm backend in tfjs 4.22, so no Conv2D model trains there as
// shipped. This kernel computes it in JavaScript directly on the backend's memory.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { input, type KernelArgs } from './kernel-args';

export function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { backend, attrs } = args;
  const wasm = backend as BackendWasm;
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;

  // Element strides of x and dy for (batch, row, column, channel), whatever the layout.
  const channelsLast = info.dataFormat === 'channelsLast';
  const xStride = channelsLast
    ? [inHeight * inWidth * inChannels, inWidth * inChannels, inChannels, 1]
    : [inChannels * inHeight * inWidth, inWidth, 1, inHeight * inWidth];
  const dyStride = channelsLast
    ? [outHeight * outWidth * outChannels, outWidth * outChannels, outChannels, 1]
    : [outChannels * outHeight * outWidth, outWidth, 1, outHeight * outWidth];

  // Allocate first: a heap growth would detach views made before it.
  const out = wasm.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  const xValues = wasm.typedArrayFromHeap(x) as Float32Array;
  const dyValues = wasm.typedArrayFromHeap(dy) as Float32Array;
  const dwValues = wasm.typedArrayFromHeap(out) as Float32Array;

  // Sums run over batch·outHeight·outWidth terms: accumulate in doubles, as the cpu backend does.
  const sums = new Float64Array(dwValues.length);
  const dyChannel = dyStride[3];
  for (let b = 0; b < batchSize; b++) {
    for (let yRow = 0; yRow < outHeight; yRow++) {
      for (let yCol = 0; yCol < outWidth; yCol++) {
        const dyBase = b * dyStride[0] + yRow * dyStride[1] + yCol * dyStride[2];
        for (let fRow = 0; fRow < filterHeight; fRow++) {
          const xRow = yRow * strideHeight - padTop + fRow;
          if (xRow < 0 || xRow >= inHeight) continue;
          for (let fCol = 0; fCol < filterWidth; fCol++) {
            const xCol = yCol * strideWidth - padLeft + fCol;
            if (xCol < 0 || xCol >= inWidth) continue;
            const xBase = b * xStride[0] + xRow * xStride[1] + xCol * xStride[2];
            let dwIndex = (fRow * filterWidth + fCol) * inChannels * outChannels;
            for (let c = 0; c < inChannels; c++) {
              const xValue = xValues[xBase + c * xStride[3]];
              if (xValue !== 0) {
                for (let k = 0; k < outChannels; k++) sums[dwIndex + k] += xValue * dyValues[dyBase + k * dyChannel];
              }
              dwIndex += outChannels;
            }
          }
        }
      }
    }
  }
  dwValues.set(sums);
  return out;
}
