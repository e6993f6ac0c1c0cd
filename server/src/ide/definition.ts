// Go to definition for cross-resource references: a route's destination host (→ Service or ServiceEntry),
// its subset (→ the DestinationRule subset), a VirtualService gateway (→ Gateway), a delegate (→ VirtualService),
// and Gateway API parentRefs/backendRefs (→ Gateway / Service). Returns object paths; the LSP layer makes ranges.
import { pathAt, valueAt, type ObjectPath, type Resource, type YamlFile } from '../model/index.ts';
import { namespaceOf, type WorkspaceIndex } from '../analysis/workspaceIndex.ts';

export interface DefinitionTarget {
  readonly resource: Resource;
  readonly path: ObjectPath;
}

export function definitionsAt(file: YamlFile, offset: number, index: WorkspaceIndex): DefinitionTarget[] {
  const document = file.documentAt(offset);
  const resource = document && file.resources.find((candidate) => candidate.document === document);
  if (!document || !resource) return [];
  const { path, onKey } = pathAt(document.root, offset - document.offset);
  if (onKey || path.length < 2) return [];
  const value = valueAt(resource.object, path);
  if (typeof value !== 'string' && typeof value !== 'number') return [];
  const text = String(value);
  const namespace = namespaceOf(resource);
  const last = path.at(-1);
  const parent = path.at(-2);
  const destinationLike = parent === 'destination' || parent === 'mirror';

  if ((last === 'host' && destinationLike) || (resource.kind === 'DestinationRule' && path.length === 2 && last === 'host')) {
    const service = index.lookupHost(namespace, undefined, text)?.resource;
    return service ? [{ resource: service, path: ['metadata', 'name'] }] : [];
  }
  if (last === 'subset' && destinationLike) {
    const host = valueAt(resource.object, [...path.slice(0, -1), 'host']);
    if (typeof host !== 'string') return [];
    const targets: DefinitionTarget[] = [];
    for (const rule of index.destinationRulesFor(namespace, host)) {
      const subsets = valueAt(rule.object, ['spec', 'subsets']);
      if (!Array.isArray(subsets)) continue;
      subsets.forEach((subset, i) => {
        if ((subset as { name?: unknown } | null)?.name === text) targets.push({ resource: rule, path: ['spec', 'subsets', i, 'name'] });
      });
    }
    return targets;
  }
  if (resource.kind === 'VirtualService' && typeof last === 'number' && parent === 'gateways' && text !== 'mesh') {
    const key = text.includes('/') ? text : `${namespace}/${text}`;
    const gateway = index.istioGateways().get(key);
    return gateway ? [{ resource: gateway, path: ['metadata', 'name'] }] : [];
  }
  if (resource.kind === 'VirtualService' && parent === 'delegate' && last === 'name') {
    const delegateNamespace = valueAt(resource.object, [...path.slice(0, -1), 'namespace']);
    const target = index.find('VirtualService', typeof delegateNamespace === 'string' ? delegateNamespace : namespace, text);
    return target ? [{ resource: target, path: ['metadata', 'name'] }] : [];
  }
  // Gateway API: parentRefs[i].name → Gateway, backendRefs[i].name → Service.
  const refList = path.at(-3);
  if (last === 'name' && typeof parent === 'number' && (refList === 'parentRefs' || refList === 'backendRefs')) {
    const ref = valueAt(resource.object, path.slice(0, -1)) as { namespace?: unknown; kind?: unknown } | undefined;
    const refNamespace = typeof ref?.namespace === 'string' ? ref.namespace : namespace;
    const kind = typeof ref?.kind === 'string' ? ref.kind : refList === 'parentRefs' ? 'Gateway' : 'Service';
    const target =
      kind === 'Gateway'
        ? index.kubernetesGateways().get(`${refNamespace}/${text}`) ?? index.resources('Gateway').find((r) => r.group === 'gateway.networking.k8s.io' && r.name === text && namespaceOf(r) === refNamespace)
        : index.find(kind, refNamespace, text);
    return target ? [{ resource: target, path: ['metadata', 'name'] }] : [];
  }
  return [];
}
