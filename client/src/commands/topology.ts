// Commands for the topology and traffic views: Show Mesh Topology (workspace, or the current file when invoked
// from an editor), Show Traffic Split, Export Topology; and the refresh on `meshwright/topologyChanged`.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TopologyChangedNotification } from '../../../protocol/lsp.ts';
import { TopologyPanel } from '../webview/topologyPanel.ts';
import { TrafficPanel } from '../webview/trafficPanel.ts';

export function registerTopologyCommands(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable[] {
  const activeYamlUri = (): string | undefined => {
    const document = vscode.window.activeTextEditor?.document;
    return document && document.languageId === 'yaml' ? document.uri.toString() : undefined;
  };
  return [
    vscode.commands.registerCommand('meshwright.showTopology', async (target?: vscode.Uri | string) => {
      let uri = typeof target === 'string' ? target : target?.toString();
      if (uri === undefined && activeYamlUri()) {
        const choice = await vscode.window.showQuickPick(['Workspace', 'Current file'], { placeHolder: 'Show the topology of…' });
        if (!choice) return;
        if (choice === 'Current file') uri = activeYamlUri();
      }
      TopologyPanel.show(context.extensionUri, client, uri !== undefined ? { uri } : {});
    }),
    vscode.commands.registerCommand('meshwright.showTrafficSplit', (target?: vscode.Uri | string) => {
      const uri = typeof target === 'string' ? target : target?.toString() ?? activeYamlUri();
      TrafficPanel.show(context.extensionUri, client, uri);
    }),
    vscode.commands.registerCommand('meshwright.exportTopology', async () => {
      const format = await vscode.window.showQuickPick([
        { label: 'SVG', format: 'svg' as const },
        { label: 'Mermaid text', format: 'mermaid' as const },
      ], { placeHolder: 'Export the topology as…' });
      if (!format) return;
      const panel = TopologyPanel.active ?? TopologyPanel.show(context.extensionUri, client, {});
      panel.requestExport(format.format);
    }),
    client.onNotification(TopologyChangedNotification, () => {
      void TopologyPanel.active?.refresh();
      void TrafficPanel.active?.refresh();
    }),
  ];
}
