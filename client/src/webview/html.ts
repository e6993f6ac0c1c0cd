// Webview options and HTML for Meshwright panels: scripts enabled, no command URIs, no forms, resources only
// from the extension's media/ folder, and the CSP-guarded HTML of htmlTemplate.ts with a fresh nonce per load.
import * as vscode from 'vscode';
import { createNonce, renderWebviewHtml } from './htmlTemplate.ts';

/** Options for createWebviewPanel: the webview can load nothing outside media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The panel HTML for one page (`topology` or `traffic`). */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: 'topology' | 'traffic', title: string): string {
  const media = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...parts)).toString();
  return renderWebviewHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: media('dist', `${page}.js`),
    styleUris: [media('webview.css')],
    title,
    page,
  });
}
