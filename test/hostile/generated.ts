// Hostile inputs too big to keep as files: built on demand by the suites that replay them.

/** The article's model with `extra` more Dense(8) layers in the middle: 130,000 is past where spreads overflow. */
export function deepModel(extra: number): string {
  const hidden = Array.from({ length: extra }, () => '    Dense(8, activation=relu)').join('\n');
  return [
    'model Deep {',
    '    Input(shape=[784])',
    hidden,
    '    Dense(10, activation=softmax)  # the output',
    '}',
    '',
    'compile {',
    '    optimizer = adam(learning_rate=0.001)',
    '    loss = categorical_crossentropy',
    '    metrics = [accuracy]',
    '}',
    '',
    'fit {',
    '    dataset = mnist',
    '    epochs = 1',
    '    batch_size = 128',
    '}',
    '',
  ].join('\n');
}

/** `lines` model lines each with a trailing comment: one block the formatter aligns. */
export function commentedModel(lines: number): string {
  const body = Array.from({ length: lines }, (_, i) => `    Dense(${(i % 9) + 1}) # layer ${i}`).join('\n');
  return `model Commented {\n    Input(shape=[4]) # in\n${body}\n}\n`;
}
