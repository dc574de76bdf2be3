// The registry of exporters by format. What the formats write and where: formats.ts (which the
// extension host reads without loading these writers or TensorFlow.js).
import { kerasExporter } from './keras/index';
import { onnxExporter } from './onnx/index';
import { pytorchExporter } from './pytorch/index';
import { tfjsExporter } from './tfjs/index';
import type { Exporter, ExportFormat } from './types';

const exporters: Record<ExportFormat, Exporter> = {
  pytorch: pytorchExporter,
  onnx: onnxExporter,
  keras: kerasExporter,
  tfjs: tfjsExporter,
};

export function exporterFor(format: ExportFormat): Exporter {
  return exporters[format];
}
