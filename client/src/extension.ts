// VS Code entry point: starts the Meshwright language server (restarting it if it dies), and registers the
// commands, panels and status bar of every feature area.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { coexistWithYamlExtension } from './coexistence.ts';
import { registerClusterCommands } from './commands/cluster.ts';
import { registerTopologyCommands } from './commands/topology.ts';
import { registerClusterAwareAnalysis } from './commands/clusterAnalysis.ts';

/** Restarts allowed within RESTART_WINDOW_MS before we stop and tell the user. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Meshwright', { log: true });
  context.subscriptions.push(output);
  const yamlExtensionActive = await coexistWithYamlExtension();

  const serverModule = context.asAbsolutePath('dist/server.cjs');
  // A small young generation keeps the server's memory flat under edits (see docs/performance.md).
  const execArgv = ['--max-semi-space-size=4'];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'] } },
  };
  const restarts: number[] = [];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    initializationOptions: {
      yamlExtensionActive,
      indexWorkspace: true,
      meshConfigFile: vscode.workspace.getConfiguration('meshwright.analysis').get<string>('meshConfigFile') || undefined,
    },
    outputChannel: output,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        while (restarts.length && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
        restarts.push(now);
        if (restarts.length > MAX_RESTARTS) {
          void vscode.window.showErrorMessage(
            `The Meshwright language server stopped ${MAX_RESTARTS} times in 3 minutes and will not be restarted. See the Meshwright output for details, then run "Meshwright: Restart Language Server".`,
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        void vscode.window.showWarningMessage('The Meshwright language server stopped unexpectedly and was restarted.');
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  client = new LanguageClient('meshwright', 'Meshwright', serverOptions, clientOptions);
  await client.start();

  context.subscriptions.push(
    vscode.commands.registerCommand('meshwright.restartServer', async () => {
      restarts.length = 0;
      await client?.restart();
    }),
    vscode.commands.registerCommand('meshwright.showOutput', () => output.show()),
    ...registerClusterCommands(context, output),
    ...registerTopologyCommands(context, client),
    ...registerClusterAwareAnalysis(client, output),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
