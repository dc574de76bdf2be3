// Preloaded into every test process by scripts/test.mjs (with --expose-internals): gives each
// test and hook that names no `timeout` a default one, so a test that hangs fails instead of
// stalling the suite. Node 20's `--test-timeout` bounds a whole file, not each test (the runner
// sets that too). Suites keep no timeout of their own: a suite is bounded by its tests.
// Patching the runner's Test class (rather than wrapping `test()`) keeps each test's reported
// location its own line instead of this file's.
'use strict';

if (String(process.env.NODE_TEST_CONTEXT).startsWith('child')) {
  const { Test, Suite } = require('internal/test_runner/test');
  if (typeof Test?.prototype.createSubtest !== 'function' || typeof Test.prototype.createHook !== 'function') {
    throw new Error(`scripts/test-timeouts.cjs: Node ${process.version}'s test runner has no Test.prototype.createSubtest/createHook; update this script`);
  }
  const defaultMs = Number(process.env.DNN_TEST_TIMEOUT_MS) || 120_000;
  const named = (options) => options !== null && typeof options === 'object' && options.timeout !== undefined;

  const createSubtest = Test.prototype.createSubtest;
  Test.prototype.createSubtest = function (Factory, name, options, fn, overrides) {
    // createSubtest(Factory, options, fn) is the nameless form.
    const given = name !== null && typeof name === 'object' ? name : options;
    const timeout = Factory === Suite || Factory.prototype instanceof Suite || named(given) ? {} : { timeout: defaultMs };
    return createSubtest.call(this, Factory, name, options, fn, { ...overrides, ...timeout });
  };

  const createHook = Test.prototype.createHook;
  Test.prototype.createHook = function (hookName, fn, options) {
    return createHook.call(this, hookName, fn, { timeout: defaultMs, ...options });
  };
}
