// Purpose: VS Code wiring for the cluster commands — Apply, Dry-run on Server, Diff with Cluster, Switch Kube
// Context, Switch Namespace — plus the context/namespace status bar item, the Problems-panel report and the
// read-only `meshwright-cluster:` documents used by the diff editor. The decisions live in cluster-flow.ts.

import * as vscode from 'vscode';
import { formatReport, readClusterSnapshot, runApply, summarizeKubeconfig } from '../../../kube/index.ts';
import type { ApplyMode, ApplyResult, ClusterSnapshot, SourceText } from '../../../kube/index.ts';
import { kubeconfigPathsFrom, runClusterAction, UNTRUSTED_REFUSAL, type ClusterHost, type ClusterSettings } from './cluster-flow.ts';

const SCHEME = 'meshwright-cluster';
const STATE_CONTEXT = 'meshwright.kube.context';
const STATE_NAMESPACE = 'meshwright.kube.namespace';

/** The kube context chosen with "Switch Kube Context" (undefined: the kubeconfig's current context). */
let chosenContext: () => string | undefined = () => undefined;

function readSettings(): ClusterSettings {
  const config = vscode.workspace.getConfiguration('meshwright');
  // These keys are machine-scoped in package.json: VS Code ignores workspace values for them.
  return {
    kubeconfig: config.get<string>('kube.kubeconfig', ''),
    confirmContextPattern: config.get<string>('apply.confirmContextPattern', '*prod*'),
    execTimeoutSeconds: config.get<number>('kube.execTimeoutSeconds', 120),
  };
}

/** Read-only documents for the diff editor, keyed by URI path. */
class ClusterDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.path, text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function sourcesFor(resource: vscode.Uri | undefined): Promise<{ sources: SourceText[]; uris: Map<string, vscode.Uri> }> {
  const uris = new Map<string, vscode.Uri>();
  const sources: SourceText[] = [];
  const editor = vscode.window.activeTextEditor;
  if (resource && !(editor && editor.document.uri.toString() === resource.toString())) {
    const stat = await vscode.workspace.fs.stat(resource);
    const files =
      stat.type & vscode.FileType.Directory
        ? (await vscode.workspace.findFiles(new vscode.RelativePattern(resource, '**/*.{yaml,yml}'))).sort((a, b) => a.path.localeCompare(b.path))
        : [resource];
    for (const file of files) {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      sources.push({ source: file.toString(), text });
      uris.set(file.toString(), file);
    }
    return { sources, uris };
  }
  if (!editor) return { sources, uris };
  const document = editor.document;
  const selection = editor.selection;
  if (!selection.isEmpty) {
    sources.push({ source: document.uri.toString(), text: document.getText(selection), firstLine: selection.start.line });
  } else {
    sources.push({ source: document.uri.toString(), text: document.getText() });
  }
  uris.set(document.uri.toString(), document.uri);
  return { sources, uris };
}

export function registerClusterCommands(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('meshwright-apply');
  const documents = new ClusterDocuments();
  const statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  statusBar.command = 'meshwright.switchContext';
  let diffCounter = 0;

  const selection = () => ({
    context: context.globalState.get<string>(STATE_CONTEXT) || undefined,
    namespace: context.globalState.get<string>(STATE_NAMESPACE) || undefined,
  });
  chosenContext = () => selection().context;

  const refreshStatusBar = async () => {
    if (!vscode.workspace.isTrusted) {
      statusBar.text = '$(lock) kube: trust needed';
      statusBar.tooltip = 'Meshwright reads no kubeconfig in an untrusted workspace.';
      statusBar.show();
      return;
    }
    try {
      const summary = await summarizeKubeconfig(kubeconfigPathsFrom(readSettings()));
      const chosen = selection();
      const name = chosen.context ?? summary.currentContext;
      const entry = summary.contexts.find((candidate) => candidate.name === name);
      const namespace = chosen.namespace ?? entry?.namespace ?? 'default';
      statusBar.text = entry ? `$(cloud) ${entry.name} / ${namespace}` : '$(cloud) no kube context';
      statusBar.tooltip = entry ? `Meshwright applies to context "${entry.name}" (${entry.server ?? '?'}), namespace "${namespace}". Click to switch.` : 'Click to choose a kube context.';
    } catch (error) {
      statusBar.text = '$(cloud) no kubeconfig';
      statusBar.tooltip = (error as Error).message;
    }
    statusBar.show();
  };

  const host = (uris: Map<string, vscode.Uri>): ClusterHost => ({
    isTrusted: () => vscode.workspace.isTrusted,
    settings: readSettings,
    selection,
    showError: (message) => void vscode.window.showErrorMessage(message),
    showInfo: (message) => void vscode.window.showInformationMessage(message),
    askModal: (message, detail, buttons) => Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons)),
    askText: (prompt, placeholder) => Promise.resolve(vscode.window.showInputBox({ prompt, placeHolder: placeholder, ignoreFocusOut: true })),
    withProgress: (title, task) =>
      Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await task((message) => progress.report({ message }), controller.signal);
          } finally {
            subscription.dispose();
          }
        }),
      ),
    publish: (result) => publish(result, uris),
    showDiff: (result) => showDiff(result),
  });

  const publish = (result: ApplyResult, uris: Map<string, vscode.Uri>) => {
    output.appendLine(formatReport(result));
    output.show(true);
    diagnostics.clear();
    const byUri = new Map<string, vscode.Diagnostic[]>();
    for (const row of result.rows) {
      if (!row.failure) continue;
      const line = Math.max(0, row.line - 1);
      const causes = (row.failure.causes ?? []).map((cause) => `\n  ${cause.field ?? ''} ${cause.message}`).join('');
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200), `${row.failure.message}${causes}`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'meshwright apply';
      diagnostic.code = row.failure.kind;
      byUri.set(row.source, [...(byUri.get(row.source) ?? []), diagnostic]);
    }
    for (const [source, list] of byUri) {
      const uri = uris.get(source);
      if (uri) diagnostics.set(uri, list);
    }
  };

  const showDiff = async (result: ApplyResult) => {
    diffCounter++;
    const live = vscode.Uri.from({ scheme: SCHEME, path: `/${diffCounter}/live.yaml` });
    const proposed = vscode.Uri.from({ scheme: SCHEME, path: `/${diffCounter}/dry-run.yaml` });
    const header = (row: ApplyResult['rows'][number]) => `# ${row.kind}/${row.namespace ? `${row.namespace}/` : ''}${row.name}\n`;
    documents.set(live, result.rows.map((row) => `${header(row)}${row.live || '# (does not exist)\n'}`).join('---\n'));
    documents.set(proposed, result.rows.map((row) => `${header(row)}${row.proposed || '# (not computed)\n'}`).join('---\n'));
    await vscode.commands.executeCommand('vscode.diff', live, proposed, `Cluster (${result.context}) ↔ Server dry-run`);
  };

  const runMode = (mode: ApplyMode) => async (resource?: vscode.Uri) => {
    if (!vscode.workspace.isTrusted) {
      // Refuse before looking at files or kubeconfig; the command can be invoked without the UI.
      void vscode.window.showErrorMessage(UNTRUSTED_REFUSAL);
      return undefined;
    }
    const { sources, uris } = await sourcesFor(resource instanceof vscode.Uri ? resource : undefined);
    return runClusterAction(host(uris), { runApply, summarizeKubeconfig }, mode, sources);
  };

  const switchContext = async () => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(UNTRUSTED_REFUSAL);
      return;
    }
    try {
      const summary = await summarizeKubeconfig(kubeconfigPathsFrom(readSettings()));
      const picked = await vscode.window.showQuickPick(
        summary.contexts.map((entry) => ({
          label: entry.name,
          description: entry.name === summary.currentContext ? 'kubeconfig current context' : undefined,
          detail: `${entry.server ?? '?'} · user ${entry.user}${entry.namespace ? ` · namespace ${entry.namespace}` : ''}`,
        })),
        { placeHolder: 'Kube context for Meshwright (does not change your kubeconfig)' },
      );
      if (!picked) return;
      await context.globalState.update(STATE_CONTEXT, picked.label);
      await context.globalState.update(STATE_NAMESPACE, undefined);
      await refreshStatusBar();
      // Cluster-aware analysis follows the chosen context (objects and CRD schemas).
      void vscode.commands.executeCommand('meshwright.refreshClusterResources');
    } catch (error) {
      void vscode.window.showErrorMessage(`Meshwright: ${(error as Error).message}`);
    }
  };

  const switchNamespace = async () => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(UNTRUSTED_REFUSAL);
      return;
    }
    let names: string[] = [];
    try {
      const snapshot = await readClusterSnapshot({ trusted: vscode.workspace.isTrusted, kubeconfigPaths: kubeconfigPathsFrom(readSettings()), context: selection().context, requestTimeoutMs: 10_000 });
      names = snapshot.namespaces.map((namespace) => namespace.name).sort();
    } catch {
      // Listing is a convenience; typing a name still works.
    }
    const items = [...names.map((label) => ({ label })), { label: '$(edit) Type a namespace…', alwaysShow: true }];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Default namespace for objects without one' });
    if (!picked) return;
    const namespace = picked.label.startsWith('$(edit)') ? await vscode.window.showInputBox({ prompt: 'Namespace' }) : picked.label;
    if (!namespace) return;
    await context.globalState.update(STATE_NAMESPACE, namespace);
    await refreshStatusBar();
  };

  void refreshStatusBar();
  return [
    diagnostics,
    documents,
    statusBar,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    vscode.commands.registerCommand('meshwright.apply', runMode('apply')),
    vscode.commands.registerCommand('meshwright.dryRun', runMode('dry-run')),
    vscode.commands.registerCommand('meshwright.diffWithCluster', runMode('diff')),
    vscode.commands.registerCommand('meshwright.switchContext', switchContext),
    vscode.commands.registerCommand('meshwright.switchNamespace', switchNamespace),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void refreshStatusBar()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('meshwright.kube')) void refreshStatusBar();
    }),
  ];
}

/**
 * Cluster-aware analysis input: a snapshot of the current context, or undefined when the setting is off or the
 * workspace is untrusted (then nothing is read).
 */
export async function readClusterSnapshotIfEnabled(signal?: AbortSignal): Promise<ClusterSnapshot | undefined> {
  if (!vscode.workspace.isTrusted) return undefined;
  if (!vscode.workspace.getConfiguration('meshwright').get<boolean>('analysis.clusterAware', false)) return undefined;
  const settings = readSettings();
  return readClusterSnapshot({
    trusted: true,
    kubeconfigPaths: kubeconfigPathsFrom(settings),
    context: chosenContext(),
    execTimeoutMs: settings.execTimeoutSeconds * 1000,
    signal,
  });
}
