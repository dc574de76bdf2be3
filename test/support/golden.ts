// Golden files (parser trees and errors, grammar snapshots): the expected output is committed
// next to the input, and `UPDATE_GOLDEN=1` rewrites it from the actual output (review the diff).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const update = process.env.UPDATE_GOLDEN === '1';

/** `actual` must equal the file's content; a missing file is written and fails the test, so a new case is reviewed before it counts. */
export function assertGolden(expectedFile: string, actual: string): void {
  if (update || !existsSync(expectedFile)) {
    writeFileSync(expectedFile, actual);
    if (!update) assert.fail(`${expectedFile} did not exist and was written: review it, then run again`);
    return;
  }
  assert.equal(actual, readFileSync(expectedFile, 'utf8'), `${expectedFile} differs (UPDATE_GOLDEN=1 rewrites it)`);
}
