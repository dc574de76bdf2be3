// User text (a data path, a string argument quoted in a diagnostic, a run label) shown by VS
// Code must read as text: notifications, progress notifications and quick input prompts turn
// `[label](command:…)`, `(https://…)` and `(file:…)` into links, and a `command:` link runs a
// command when clicked. Pure, so the rule is tested without VS Code.

/** U+2060 WORD JOINER: invisible and unbreakable, so the text reads and wraps as it did. */
export const LINK_BREAKER = '\u2060';

/**
 * `text` with every `](` split by an invisible word joiner: VS Code's link syntax needs `]`
 * and `(` side by side, so no link survives, whatever its target or letter case.
 */
export function plainText(text: string): string {
  return text.replaceAll('](', `]${LINK_BREAKER}(`);
}
