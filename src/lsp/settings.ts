// The `dnn.*` settings the language server reads. The client declares them in package.json;
// the server asks for them with workspace/configuration (where the client supports it) and
// falls back to these defaults for editors that send nothing.

export interface ServerSettings {
  inlayHints: { shapes: boolean; params: boolean };
  /** Thresholds for the analyzer's "absurd size" warnings; undefined keeps the analyzer's default. */
  limits: { maxParams?: number; maxActivationBytes?: number };
}

export const defaultSettings: ServerSettings = {
  inlayHints: { shapes: true, params: false },
  limits: {},
};

/** Reads the `dnn` configuration section as sent by any client, ignoring values of the wrong type. */
export function readSettings(section: unknown): ServerSettings {
  const root = asRecord(section);
  const hints = asRecord(root.inlayHints);
  const given = asRecord(root.limits);
  const limits: ServerSettings['limits'] = {};
  const maxParams = positiveNumber(given.maxParams);
  const maxActivationBytes = positiveNumber(given.maxActivationBytes);
  if (maxParams !== undefined) limits.maxParams = maxParams;
  if (maxActivationBytes !== undefined) limits.maxActivationBytes = maxActivationBytes;
  return {
    inlayHints: {
      shapes: typeof hints.shapes === 'boolean' ? hints.shapes : defaultSettings.inlayHints.shapes,
      params: typeof hints.params === 'boolean' ? hints.params : defaultSettings.inlayHints.params,
    },
    limits,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
