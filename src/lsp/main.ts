// Entry of the bundled server (dist/server/server.js). The transport comes from the command
// line, as every LSP client passes it: `--stdio` (Neovim, Emacs, Helix, ...), `--node-ipc`
// (the VS Code client) or `--socket=PORT`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { startServer } from './server';

const usage =
  'Usage: dnn-language-server --stdio\n' +
  'The DNN language server speaks the Language Server Protocol; start it from your editor\n' +
  '(--stdio, --node-ipc or --socket=PORT).\n';

const args = process.argv.slice(2);
const transports = ['--stdio', '--node-ipc', '--socket=', '--pipe='];
if (args.includes('--version')) {
  process.stdout.write(`dnn-language-server ${version}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage);
} else if (!args.some((arg) => transports.some((flag) => arg.startsWith(flag)))) {
  process.stderr.write(usage);
  process.exitCode = 2;
} else {
  startServer(createConnection(ProposedFeatures.all));
}
