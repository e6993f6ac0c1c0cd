// The topology panel: one webview showing the mesh diagram for the workspace or one file. It asks the server
// for the model, refreshes on `meshwright/topologyChanged`, and handles the webview's validated messages:
// reveal (only locations present in the current model), scope changes and exports. Nothing else is possible.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TopologyRequest } from '../../../protocol/lsp.ts';
import { validateFromWebview, type SourceLocation, type ToWebview, type TopologyModel, type TopologyScope } from '../../../protocol/webview.ts';
import { panelHtml, webviewOptions } from './html.ts';
import { revealSource, saveExport } from './reveal.ts';

export class TopologyPanel {
  private static current: TopologyPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private readonly client: LanguageClient;
  private scope: TopologyScope;
  private model: TopologyModel | undefined;
  private ready = false;
  private inFlight = false;
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, client: LanguageClient, scope: TopologyScope): TopologyPanel {
    if (TopologyPanel.current) {
      TopologyPanel.current.scope = scope;
      TopologyPanel.current.panel.reveal(undefined, true);
      void TopologyPanel.current.refresh();
      return TopologyPanel.current;
    }
    TopologyPanel.current = new TopologyPanel(extensionUri, client, scope);
    return TopologyPanel.current;
  }

  static get active(): TopologyPanel | undefined {
    return TopologyPanel.current;
  }

  private constructor(extensionUri: vscode.Uri, client: LanguageClient, scope: TopologyScope) {
    this.client = client;
    this.scope = scope;
    this.panel = vscode.window.createWebviewPanel('meshwright.topology', 'Mesh Topology', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    this.panel.webview.html = panelHtml(this.panel.webview, extensionUri, 'topology', 'Mesh Topology');
    this.panel.onDidDispose(() => this.dispose(), null, this.disposables);
    this.panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw), null, this.disposables);
  }

  /** Re-requests the model (coalescing bursts: at most one request in flight, one queued). */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    if (this.inFlight) {
      this.stale = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.stale = false;
        this.model = await this.client.sendRequest(TopologyRequest, this.scope);
        this.post({ type: 'topology', model: this.model, scope: this.scope });
      } while (this.stale);
    } catch (error) {
      this.post({ type: 'error', message: `Topology unavailable: ${(error as Error).message}` });
    } finally {
      this.inFlight = false;
    }
  }

  requestExport(format: 'svg' | 'mermaid'): void {
    this.post({ type: 'exportRequest', format });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = validateFromWebview(raw);
    if (!message) return; // anything unexpected is dropped
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        return;
      case 'scope':
        this.scope = { ...message.scope, ...(this.scope.uri !== undefined ? { uri: this.scope.uri } : {}) };
        await this.refresh();
        return;
      case 'reveal':
        if (this.knows(message.source)) await revealSource(message.source);
        return;
      case 'export':
        await saveExport(message.format, message.content);
        return;
      default:
        return; // weights and simulation belong to the traffic panel
    }
  }

  /** Only locations the server put in the current model can be revealed. */
  private knows(source: SourceLocation): boolean {
    const same = (other: SourceLocation | undefined) => !!other && other.uri === source.uri && JSON.stringify(other.path) === JSON.stringify(source.path);
    return !!this.model && (this.model.nodes.some((n) => same(n.source)) || this.model.edges.some((e) => same(e.source)));
  }

  private dispose(): void {
    TopologyPanel.current = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
