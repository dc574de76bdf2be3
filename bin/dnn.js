#!/usr/bin/env node
// `dnn check|train|evaluate`: the bundled CLI (built by `npm run build`).
require('../dist/cli/dnn.js');
