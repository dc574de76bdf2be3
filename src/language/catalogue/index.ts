// The catalogue: layers, activations, optimizers, losses, metrics, compile/fit settings and
// datasets. Everything that knows a name of the language reads it from here.
export { layers, findLayer } from './layers';
export { activations, findActivation } from './activations';
export { optimizers, findOptimizer } from './optimizers';
export { losses, findLoss } from './losses';
export { metrics, findMetric } from './metrics';
export { compileSettings, fitSettings, datasets, findDataset } from './settings';
export type * from './types';
