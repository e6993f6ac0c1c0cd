// Entry point of the language server process: `meshwright-language-server --stdio` (any LSP client) or IPC
// (VS Code). Wires the pure layers (schema validation, analysis engine) and feature areas into the LSP layer.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server.ts';
import { SERVER_VERSION, ISTIO_RELEASE } from '../lsp/version.ts';
import { knownKinds, precompileValidators, validateDocument } from '../schema/index.ts';
import { WorkspaceAnalysis } from '../analysis/engine.ts';
import { registerTopologyHandlers } from '../lsp/topology.ts';

if (process.argv.includes('--version')) {
  process.stdout.write(`meshwright-language-server ${SERVER_VERSION} (Istio ${ISTIO_RELEASE})\n`);
  process.exit(0);
}

// vscode-languageserver picks the transport from the arguments: --stdio, --node-ipc or --socket=<port>.
if (!process.argv.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket') || arg.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}

// Keep the process alive on programming errors inside a handler: log and go on.
process.on('uncaughtException', (error) => process.stderr.write(`meshwright: uncaught ${error.stack ?? error}\n`));
process.on('unhandledRejection', (reason) => process.stderr.write(`meshwright: unhandled rejection ${String(reason)}\n`));

const connection = createConnection(ProposedFeatures.all);
startServer(connection, {
  checkDocument: validateDocument,
  analysis: new WorkspaceAnalysis(),
  extensions: [registerTopologyHandlers],
  // Compile the validators of the Istio kinds ahead of first use, one kind per event-loop turn.
  idleWork: knownKinds()
    .filter((info) => info.group.endsWith('istio.io') && info.version === info.preferredVersion)
    .map((info) => () => precompileValidators([info])),
});
