// Cluster-aware analysis (setting meshwright.analysis.clusterAware, off by default): reads Namespaces,
// Services, ServiceEntries, Gateways and the Istio CRDs of the current kube context and hands them to the
// language server, so references resolve against the cluster and schemas follow the installed Istio version.
// Trusted workspaces only; the server itself never contacts a cluster.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClusterResourcesNotification } from '../../../protocol/lsp.ts';
import { readClusterSnapshotIfEnabled } from './cluster.ts';

export function registerClusterAwareAnalysis(client: LanguageClient, output: vscode.LogOutputChannel | vscode.OutputChannel): vscode.Disposable[] {
  let running: AbortController | undefined;
  const refresh = async (): Promise<void> => {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    try {
      const snapshot = await readClusterSnapshotIfEnabled(controller.signal);
      if (controller.signal.aborted) return;
      if (!snapshot) {
        await client.sendNotification(ClusterResourcesNotification, { objects: [] });
        return;
      }
      for (const note of snapshot.notes) output.appendLine(`Cluster-aware analysis: ${note}`);
      output.appendLine(`Cluster-aware analysis: ${snapshot.objects.length} objects and ${snapshot.istioCrds.length} Istio CRD schemas from context "${snapshot.context}".`);
      await client.sendNotification(ClusterResourcesNotification, { context: snapshot.context, objects: snapshot.objects, crds: snapshot.istioCrds });
    } catch (error) {
      if (!controller.signal.aborted) {
        output.appendLine(`Cluster-aware analysis: could not read the cluster: ${(error as Error).message}`);
        await client.sendNotification(ClusterResourcesNotification, { objects: [] });
      }
    }
  };
  void refresh();
  return [
    vscode.commands.registerCommand('meshwright.refreshClusterResources', refresh),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('meshwright.analysis.clusterAware') || event.affectsConfiguration('meshwright.kube')) void refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void refresh()),
    { dispose: () => running?.abort() },
  ];
}
