// Completion of cross-resource references from the workspace index: DestinationRule subsets for a route's
// destination host, known Service/ServiceEntry hosts, and Gateway names (bare in the same namespace, else
// namespace/name, plus `mesh`).
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import type { ObjectPath, Resource } from '../model/index.ts';
import { valueAt } from '../model/index.ts';
import { CLUSTER_DOMAIN, namespaceOf, type WorkspaceIndex } from '../analysis/workspaceIndex.ts';

export function referenceCompletions(index: WorkspaceIndex, resource: Resource, path: ObjectPath): CompletionItem[] {
  const last = path.at(-1);
  const parent = path.at(-2);
  const namespace = namespaceOf(resource);
  const destinationLike = parent === 'destination' || parent === 'mirror';

  if (last === 'subset' && destinationLike) {
    const host = valueAt(resource.object, [...path.slice(0, -1), 'host']);
    if (typeof host !== 'string') return [];
    const items: CompletionItem[] = [];
    for (const dr of index.destinationRulesFor(namespace, host)) {
      const subsets = valueAt(dr.object, ['spec', 'subsets']);
      if (!Array.isArray(subsets)) continue;
      for (const subset of subsets) {
        const name = (subset as { name?: unknown } | null)?.name;
        if (typeof name !== 'string') continue;
        const labels = (subset as { labels?: Record<string, unknown> }).labels ?? {};
        items.push({
          label: name,
          kind: CompletionItemKind.EnumMember,
          detail: `subset of DestinationRule ${namespaceOf(dr)}/${dr.name}`,
          documentation: Object.entries(labels).map(([k, v]) => `${k}: ${String(v)}`).join('\n') || undefined,
        });
      }
    }
    return items;
  }

  const isHost = (last === 'host' && destinationLike) || (resource.kind === 'DestinationRule' && path.length === 2 && path[0] === 'spec' && last === 'host');
  if (isHost) {
    const localSuffix = `.${namespace}.${CLUSTER_DOMAIN}`;
    return index.knownHosts().map((host) => {
      const local = host.endsWith(localSuffix) ? host.slice(0, -localSuffix.length) : undefined;
      return {
        label: local ?? host,
        kind: CompletionItemKind.Reference,
        detail: local ? host : 'host',
        sortText: `${local ? '0' : '1'}${local ?? host}`,
      };
    });
  }

  const gatewayField = resource.kind === 'VirtualService' && typeof last === 'number' && parent === 'gateways';
  if (gatewayField) {
    const items: CompletionItem[] = [{ label: 'mesh', kind: CompletionItemKind.Constant, detail: 'all sidecars in the mesh', sortText: '2mesh' }];
    for (const key of index.istioGateways().keys()) {
      const [gwNamespace, name] = key.split('/') as [string, string];
      items.push({ label: key, kind: CompletionItemKind.Reference, detail: `Gateway ${key}`, sortText: `${gwNamespace === namespace ? '0' : '1'}${key}` });
      if (gwNamespace === namespace) items.push({ label: name, kind: CompletionItemKind.Reference, detail: `Gateway ${key}`, sortText: `0${name}` });
    }
    return items;
  }
  return [];
}
