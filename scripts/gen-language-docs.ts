// Regenerates the catalogue part of docs/language.md (layers, activations, optimizers,
// losses, settings, diagnostic codes). `--check` only reports whether it is up to date.
// Usage: npx tsx scripts/gen-language-docs.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { updateLanguageDoc } from './language-docs';

const file = join(__dirname, '..', 'docs', 'language.md');
const current = readFileSync(file, 'utf8');
const updated = updateLanguageDoc(current);
if (process.argv.includes('--check')) {
  if (updated !== current) {
    console.error('docs/language.md is out of date: run npx tsx scripts/gen-language-docs.ts');
    process.exit(1);
  }
  console.log('docs/language.md is up to date');
} else if (updated !== current) {
  writeFileSync(file, updated);
  console.log('docs/language.md updated');
} else {
  console.log('docs/language.md already up to date');
}
