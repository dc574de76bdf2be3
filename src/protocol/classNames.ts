// How a class is named wherever it is shown (results panel, comparison, predictions): by
// `fit { class_names }` when the spec gives a name for it, else by its index.

export function className(names: readonly string[] | undefined, index: number): string {
  return names?.[index] ?? String(index);
}
