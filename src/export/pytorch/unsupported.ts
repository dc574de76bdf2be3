/** Something the PyTorch export cannot express, in a sentence naming it (the layer's name is added by the caller). */
export class UnsupportedExport extends Error {}
