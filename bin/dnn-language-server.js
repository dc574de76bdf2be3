#!/usr/bin/env node
// The language server for any LSP editor: `dnn-language-server --stdio`.
require('../dist/server/server.js');
