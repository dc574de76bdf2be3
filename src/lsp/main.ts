// Entry of the bundled server (dist/server/server.js). The transport comes from the command
// line, as every LSP client passes it: `--stdio` (Neovim, Emacs, Helix, ...), `--node-ipc`
// (the VS Code client) or `--socket=PORT`.
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { StrictMessageReader } from './framing';
import { Lifecycle } from './lifecycle';
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
  const lifecycle = new Lifecycle();
  startServer(args.includes('--stdio') ? stdioConnection(lifecycle) : createConnection(ProposedFeatures.all, lifecycle.options), lifecycle);
}

/**
 * Stdio through the strict reader: a framing error is said on stderr and ends the process
 * (exit 1), so the editor restarts a server it can talk to instead of keeping a deaf one.
 * The end of stdin ends it too, as the library does for its own reader: 0 after shutdown, else 1.
 */
function stdioConnection(lifecycle: Lifecycle): Connection {
  const reader = new StrictMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`dnn-language-server: unreadable input from the editor, ${error.message}; exiting so that it restarts the server\n`);
    process.exit(1);
  });
  reader.onClose(() => process.exit(lifecycle.shutDown ? 0 : 1));
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout), lifecycle.options);
}
