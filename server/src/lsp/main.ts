// Entry of the bundled server (dist/server/server.js). The transport comes from the command
// line, as every LSP client passes it: `--stdio` (Neovim, Emacs, Helix, ...), `--node-ipc`
// (the VS Code client) or `--socket=PORT`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const transports = ['--stdio', '--node-ipc', '--socket=', '--pipe='];
if (!process.argv.slice(2).some((arg) => transports.some((flag) => arg.startsWith(flag)))) {
  process.stderr.write(
    'Usage: dnn-language-server --stdio\n' +
      'The DNN language server speaks the Language Server Protocol; start it from your editor\n' +
      '(--stdio, --node-ipc or --socket=PORT).\n',
  );
  process.exit(2);
}

startServer(createConnection(ProposedFeatures.all));
