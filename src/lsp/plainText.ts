// Plain-text forms of what the features write for VS Code, for clients that announce no
// Markdown or no snippets. The features use a small subset of each (bold, inline code, code
// fences; numbered placeholders), so small rewrites suffice.

/** `**Dense** \`dense\`` → `Dense dense`; a fenced block keeps its lines without the fences. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/^```[^\n]*\n?/gm, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\n+$/, '');
}

/**
 * The text a snippet inserts when every placeholder keeps its default: `Dense(${1:units})$0`
 * → `Dense(units)`, `${1|a,b|}` → `a`, `$1`/`${1}` → nothing; `\$`, `\}` and `\\` are literal.
 */
export function snippetToPlainText(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else if (c === '$' && snippet[i + 1] === '{') {
      const placeholder = /^\$\{\d+(?::((?:\\.|[^\\}])*)|\|([^|]*)\|)?\}/.exec(snippet.slice(i));
      if (!placeholder) {
        out += c;
        continue;
      }
      const [whole, text, choices] = placeholder;
      out += text !== undefined ? snippetToPlainText(text) : (choices?.split(',')[0] ?? '');
      i += whole.length - 1;
    } else {
      out += c;
    }
  }
  return out;
}
