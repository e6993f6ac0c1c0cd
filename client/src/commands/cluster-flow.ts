// Purpose: the decision flow behind the cluster commands (apply, dry-run, diff), free of the `vscode` module so
// it can be tested directly: Workspace Trust first (nothing is read or started when untrusted), then the
// production-context guard (type the context name), then the engine with progress and cancellation, then the
// conflict path (force only after a second explicit confirmation).

import type { ApplyMode, ApplyResult, KubeconfigSummary, SourceText } from '../../../kube/index.ts';
import type { ApplyRequest } from '../../../kube/types.ts';
import { matchesContextPattern } from './context-pattern.ts';

export const UNTRUSTED_REFUSAL =
  'Meshwright: cluster commands are disabled in an untrusted workspace. Trust this workspace to apply, dry-run or diff; nothing was read or contacted.';

export type ClusterSettings = {
  /** Machine-scoped kubeconfig path, '' for KUBECONFIG / ~/.kube/config. */
  kubeconfig: string;
  confirmContextPattern: string;
  execTimeoutSeconds: number;
};

export type ClusterHost = {
  /** Read at the moment an action runs, never cached. */
  isTrusted(): boolean;
  settings(): ClusterSettings;
  /** Context and namespace chosen with the switch commands (undefined = kubeconfig's current). */
  selection(): { context?: string; namespace?: string };
  showError(message: string): void;
  showInfo(message: string): void;
  /** A modal question; resolves to the chosen button or undefined. */
  askModal(message: string, detail: string, buttons: string[]): Promise<string | undefined>;
  /** Free-text input; resolves to undefined when dismissed. */
  askText(prompt: string, placeholder: string): Promise<string | undefined>;
  withProgress<T>(title: string, task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  publish(result: ApplyResult): void;
  showDiff(result: ApplyResult): Promise<void>;
};

export type ClusterEngine = {
  runApply(request: ApplyRequest): Promise<ApplyResult>;
  summarizeKubeconfig(paths?: string[]): Promise<KubeconfigSummary>;
};

export function kubeconfigPathsFrom(settings: ClusterSettings): string[] | undefined {
  return settings.kubeconfig.trim() ? [settings.kubeconfig.trim()] : undefined;
}

const TITLES: Record<ApplyMode, string> = { apply: 'Applying', 'dry-run': 'Server dry-run', diff: 'Diff with cluster' };

export async function runClusterAction(host: ClusterHost, engine: ClusterEngine, mode: ApplyMode, sources: SourceText[]): Promise<ApplyResult | undefined> {
  if (!host.isTrusted()) {
    host.showError(UNTRUSTED_REFUSAL);
    return undefined;
  }
  if (sources.length === 0) {
    host.showError('Meshwright: open a YAML file, select YAML, or pick a folder first.');
    return undefined;
  }
  const settings = host.settings();
  const kubeconfigPaths = kubeconfigPathsFrom(settings);
  let summary: KubeconfigSummary;
  try {
    summary = await engine.summarizeKubeconfig(kubeconfigPaths);
  } catch (error) {
    host.showError(`Meshwright: ${(error as Error).message}`);
    return undefined;
  }
  const selection = host.selection();
  const contextName = selection.context ?? summary.currentContext;
  const context = summary.contexts.find((entry) => entry.name === contextName);
  if (!context) {
    host.showError(contextName ? `Meshwright: the kubeconfig has no context "${contextName}".` : 'Meshwright: no kube context is selected. Run "Meshwright: Switch Kube Context".');
    return undefined;
  }

  if (mode === 'apply' && matchesContextPattern(settings.confirmContextPattern, context.name, context.server)) {
    const typed = await host.askText(
      `Context "${context.name}" looks like production. Type the context name to apply to it.`,
      context.name,
    );
    if (typed !== context.name) {
      host.showInfo('Meshwright: apply cancelled (the context name was not confirmed).');
      return undefined;
    }
  }

  const run = (force: boolean) =>
    host.withProgress(`Meshwright: ${TITLES[mode]} (${context.name})`, (report, signal) =>
      engine.runApply({
        // Trust is read again right before the cluster is contacted.
        trusted: host.isTrusted(),
        mode,
        sources,
        kubeconfigPaths,
        // Pin the context that was confirmed, so a kubeconfig change meanwhile cannot redirect the apply.
        context: context.name,
        namespace: selection.namespace,
        force,
        signal,
        execTimeoutMs: Math.max(1, settings.execTimeoutSeconds) * 1000,
        onProgress: (event) => report(event.total ? `${event.message} (${event.completed ?? 0}/${event.total})` : event.message),
      }),
    );

  let result = await run(false);
  host.publish(result);
  if (result.outcome === 'refused') {
    host.showError(UNTRUSTED_REFUSAL);
    return result;
  }
  if (mode === 'apply' && result.outcome === 'conflict') {
    const conflicts = result.rows.flatMap((row) => (row.failure?.kind === 'conflict' ? (row.failure.causes ?? []).map((cause) => ({ row, cause })) : []));
    const owners = [...new Set(conflicts.map((entry) => entry.cause.manager).filter(Boolean))].join(', ');
    const fields = conflicts.map((entry) => `${entry.row.kind}/${entry.row.name} ${entry.cause.field ?? ''} (owner ${entry.cause.manager ?? '?'})`).join('\n');
    const first = await host.askModal(
      `Field conflicts: ${conflicts.length} field(s) are owned by ${owners || 'other managers'}. Nothing was applied.`,
      fields,
      ['Review Force…'],
    );
    if (first !== 'Review Force…') return result;
    const second = await host.askModal(
      `Take ownership of ${conflicts.length} field(s) from ${owners || 'other managers'} in context "${context.name}"?`,
      `Forcing overwrites values other tools manage; they may change them back.\n\n${fields}`,
      ['Force Apply'],
    );
    if (second !== 'Force Apply') return result;
    result = await run(true);
    host.publish(result);
  }
  if (mode === 'diff' && result.outcome === 'diff') await host.showDiff(result);
  if (result.outcome === 'applied' || result.outcome === 'dry-run' || result.outcome === 'diff') host.showInfo(`Meshwright: ${result.summary}`);
  else if (result.outcome !== 'refused') host.showError(`Meshwright: ${result.summary}`);
  return result;
}
