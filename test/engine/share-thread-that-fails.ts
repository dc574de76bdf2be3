// A data-parallel loop thread that breaks on its second share (data-parallel.test.ts):
// `DNN_TEST_SHARE_FAILURE=exit` ends the thread there (as a crash would), `throw` throws
// from the step. Everything else is the real thread (share-thread.ts).
import { ShareRank } from '../../src/engine/loop/share-rank';

const computeShare = ShareRank.prototype.computeShare;
let shares = 0;
ShareRank.prototype.computeShare = function (this: ShareRank, ...args: Parameters<typeof computeShare>) {
  if (++shares === 2) {
    if (process.env.DNN_TEST_SHARE_FAILURE === 'exit') process.exit(3);
    throw new Error('the test made this share fail');
  }
  return computeShare.apply(this, args);
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../src/engine/loop/share-thread');
