// Recurrent layers over `[batch, steps, features]` (MNIST read row by row: 28 steps of 28
// pixels). Parameter counts as tfjs builds them (its GRU has one bias vector per gate).
import type { ArgSpec, SingleInputEntry } from '../types';
import { activationArg, applyActivation, bool, checkRank, countOf, lastDim, num, ok, seeded, tfjsActivation, useBiasArg } from './common';

const returnSequencesArg: ArgSpec = {
  name: 'return_sequences',
  type: { kind: 'bool' },
  default: false,
  doc: 'Output every step (`[batch, steps, units]`) instead of the last one (`[batch, units]`).',
};

const recurrentActivationArg: ArgSpec = {
  name: 'recurrent_activation',
  type: { kind: 'activation' },
  default: 'sigmoid',
  role: 'behaviour',
  doc: 'Activation of the gates.',
};

function recurrent(type: 'SimpleRNN' | 'LSTM' | 'GRU', gates: number, doc: string): SingleInputEntry {
  const gated = gates > 1;
  return {
    type,
    namePrefix: type === 'SimpleRNN' ? 'simple_rnn' : type.toLowerCase(),
    doc,
    category: 'recurrent',
    args: [
      { name: 'units', type: { kind: 'int', min: 1 }, required: true, doc: 'Size of the state (and of the output).' },
      activationArg('tanh'),
      ...(gated ? [recurrentActivationArg] : []),
      useBiasArg,
      returnSequencesArg,
    ],
    outputShape: (input, config) => {
      const rankError = checkRank(type, input, 3, '[batch, steps, features]');
      if (rankError) return rankError;
      const units = num(config, 'units');
      return ok(bool(config, 'return_sequences') ? [null, input[1] ?? null, units] : [null, units]);
    },
    params: (input, config) => {
      const units = num(config, 'units');
      const perGate = units * lastDim(input) + units * units + (bool(config, 'use_bias') ? units : 0);
      return countOf(gates * perGate);
    },
    formula: (input, _output, config, at) => {
      const k = at.index - 1;
      const units = num(config, 'units');
      const steps = bool(config, 'return_sequences') ? 'every step' : 'the last step';
      const sizes = `W${k}: ${gates * units}x${lastDim(input)}, U${k}: ${gates * units}x${units}`;
      if (!gated) {
        const step = `W${k} x[t] + U${k} s[t-1]${bool(config, 'use_bias') ? ` + b${k}` : ''}`;
        return `s[t] = ${applyActivation(config.activation, step)}, ${at.output} = s at ${steps}, ${sizes}`;
      }
      return `${type} cell with ${gates} gates over the steps of ${at.input}, ${at.output} = state at ${steps}, ${sizes}`;
    },
    tfjs: {
      factory: type === 'SimpleRNN' ? 'simpleRNN' : type.toLowerCase(),
      config: (config) => ({
        units: config.units,
        activation: tfjsActivation(config.activation),
        ...(gated ? { recurrentActivation: tfjsActivation(config.recurrent_activation) } : {}),
        useBias: config.use_bias,
        returnSequences: config.return_sequences,
      }),
      initializers: seeded.recurrent,
    },
  };
}

export const simpleRnn = recurrent('SimpleRNN', 1, 'Fully connected recurrent layer: the state is fed back at every step.');
export const lstm = recurrent('LSTM', 4, 'Long short-term memory: a recurrent layer with input, forget and output gates.');
export const gru = recurrent('GRU', 3, 'Gated recurrent unit: a recurrent layer with update and reset gates.');
