// Where things are: the repo, the packaged extension, and the folder of screenshots and logs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The packaged extension under test; DNN_E2E_VSIX tests another build of it. */
export const vsixPath = process.env.DNN_E2E_VSIX ?? join(repoRoot, 'dnn.vsix');
/** Screenshots of every step and the logs of the last run (git-ignored). */
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
