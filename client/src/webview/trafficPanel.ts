// The traffic panel: route splits of the current file (or the workspace) as bars with sliders, and the request
// simulator. Slider changes become a `meshwright/setRouteWeights` request; the returned WorkspaceEdit is applied
// with workspace.applyEdit, so it is an ordinary, undoable edit. Messages from the webview are validated.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SetRouteWeightsRequest, SimulateRequest, TrafficSplitRequest } from '../../../protocol/lsp.ts';
import { validateFromWebview, type RouteSplit, type SourceLocation, type ToWebview } from '../../../protocol/webview.ts';
import { panelHtml, webviewOptions } from './html.ts';
import { revealSource } from './reveal.ts';

export class TrafficPanel {
  private static current: TrafficPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private readonly client: LanguageClient;
  private uri: string | undefined;
  private splits: RouteSplit[] = [];
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, client: LanguageClient, uri: string | undefined): TrafficPanel {
    if (TrafficPanel.current) {
      TrafficPanel.current.uri = uri;
      TrafficPanel.current.panel.reveal(undefined, true);
      void TrafficPanel.current.refresh();
      return TrafficPanel.current;
    }
    TrafficPanel.current = new TrafficPanel(extensionUri, client, uri);
    return TrafficPanel.current;
  }

  static get active(): TrafficPanel | undefined {
    return TrafficPanel.current;
  }

  private constructor(extensionUri: vscode.Uri, client: LanguageClient, uri: string | undefined) {
    this.client = client;
    this.uri = uri;
    this.panel = vscode.window.createWebviewPanel('meshwright.traffic', 'Traffic Split', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    this.panel.webview.html = panelHtml(this.panel.webview, extensionUri, 'traffic', 'Traffic Split');
    this.panel.onDidDispose(() => this.dispose(), null, this.disposables);
    this.panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw), null, this.disposables);
  }

  async refresh(): Promise<void> {
    if (!this.ready) return;
    try {
      this.splits = await this.client.sendRequest(TrafficSplitRequest, this.uri !== undefined ? { uri: this.uri } : {});
      const title = this.uri ? `Traffic split · ${vscode.workspace.asRelativePath(vscode.Uri.parse(this.uri))}` : 'Traffic split · workspace';
      this.post({ type: 'traffic', splits: this.splits, title });
    } catch (error) {
      this.post({ type: 'error', message: `Traffic split unavailable: ${(error as Error).message}` });
    }
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = validateFromWebview(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.refresh();
        return;
      case 'reveal':
        if (this.knows(message.source)) await revealSource(this.withRange(message.source));
        return;
      case 'setWeights': {
        if (!this.splits.some((s) => s.id === message.routeId)) return;
        const edit = await this.client.sendRequest(SetRouteWeightsRequest, { routeId: message.routeId, weights: message.weights });
        if (!edit) {
          this.post({ type: 'error', message: 'That route changed; the panel has been refreshed.' });
          await this.refresh();
          return;
        }
        await vscode.workspace.applyEdit(await this.client.protocol2CodeConverter.asWorkspaceEdit(edit));
        return;
      }
      case 'simulate': {
        const result = await this.client.sendRequest(SimulateRequest, message.request);
        this.post({ type: 'simulation', result });
        return;
      }
      default:
        return;
    }
  }

  private knows(source: SourceLocation): boolean {
    return this.splits.some((s) => s.source.uri === source.uri && JSON.stringify(s.source.path) === JSON.stringify(source.path));
  }

  private withRange(source: SourceLocation): SourceLocation {
    const split = this.splits.find((s) => s.source.uri === source.uri && JSON.stringify(s.source.path) === JSON.stringify(source.path));
    return split?.source.range ? { ...source, range: split.source.range } : source;
  }

  private dispose(): void {
    TrafficPanel.current = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
