// Preloaded into every test process by scripts/test.mjs (with --expose-internals): gives each
// test and hook that names no `timeout` and inherits none from its suite a default one, so a
// test that hangs fails instead of stalling the suite. Node 20's `--test-timeout` bounds a whole file, not each test (the runner
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
  // The file's root test carries the file's bound (--test-timeout); a suite's own timeout differs.
  const rootOf = (test) => (test.parent === null ? test : rootOf(test.parent));
  const suiteBound = (test) => test.timeout !== rootOf(test).timeout;

  const createSubtest = Test.prototype.createSubtest;
  Test.prototype.createSubtest = function (Factory, name, options, fn, overrides) {
    // createSubtest(Factory, options, fn) is the nameless form.
    const given = name !== null && typeof name === 'object' ? name : options;
    const bounded = named(given) || suiteBound(this); // its own timeout or its suite's
    const timeout = Factory === Suite || Factory.prototype instanceof Suite || bounded ? {} : { timeout: defaultMs };
    return createSubtest.call(this, Factory, name, options, fn, { ...overrides, ...timeout });
  };

  const createHook = Test.prototype.createHook;
  Test.prototype.createHook = function (hookName, fn, options) {
    return createHook.call(this, hookName, fn, { timeout: suiteBound(this) ? this.timeout : defaultMs, ...options });
  };
}
