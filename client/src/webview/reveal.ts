// Extension-side actions the webviews may ask for: reveal a source range in an editor, and save an export
// (SVG or mermaid text) to a file the user picks.
import * as vscode from 'vscode';
import type { SourceLocation } from '../../../protocol/webview.ts';

export async function revealSource(source: SourceLocation): Promise<void> {
  const uri = vscode.Uri.parse(source.uri, true);
  const document = await vscode.workspace.openTextDocument(uri);
  const range = source.range
    ? new vscode.Range(source.range.start.line, source.range.start.character, source.range.end.line, source.range.end.character)
    : new vscode.Range(0, 0, 0, 0);
  await vscode.window.showTextDocument(document, { selection: range, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
}

export async function saveExport(format: 'svg' | 'mermaid', content: string): Promise<void> {
  const extension = format === 'svg' ? 'svg' : 'mmd';
  const target = await vscode.window.showSaveDialog({
    filters: format === 'svg' ? { SVG: ['svg'] } : { Mermaid: ['mmd', 'md'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `mesh-topology.${extension}`) : undefined,
    saveLabel: 'Export',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  void vscode.window.showInformationMessage(`Meshwright: topology exported to ${target.fsPath || target.toString()}`);
}
