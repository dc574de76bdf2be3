import { EngineError } from '../../engine/errors';

/** Something the PyTorch export cannot express, in a sentence naming it; the CLI prints it (exit 1). */
export class UnsupportedExport extends EngineError {}
