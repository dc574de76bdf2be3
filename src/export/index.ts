// The registry of exporters by format, each loaded only when used (a tfjs export need not
// load the ONNX writer). What the formats write and where: formats.ts.
import type { Exporter, ExportFormat } from './types';

const exporters: Record<ExportFormat, () => Promise<Exporter>> = {
  pytorch: async () => (await import('./pytorch')).pytorchExporter,
  onnx: async () => (await import('./onnx')).onnxExporter,
  keras: async () => (await import('./keras')).kerasExporter,
  tfjs: async () => (await import('./tfjs')).tfjsExporter,
};

export function loadExporter(format: ExportFormat): Promise<Exporter> {
  return exporters[format]();
}
