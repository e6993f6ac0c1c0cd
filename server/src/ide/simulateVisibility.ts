// Which VirtualServices a simulated request can see: `exportTo` against the namespace the request is routed
// in (the caller's for mesh traffic, the gateway's for gateway traffic), and, for mesh traffic, the egress
// hosts of the Sidecar that applies to the caller (one selecting its labels, else its namespace's default
// Sidecar, else the root namespace's default) — which also scope Gateway API mesh routes.
import type { Resource } from '../model/types.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { DEFAULT_NAMESPACE, namespaceOf } from '../analysis/workspaceIndex.ts';
import { MESH_GATEWAY, asArray, asRecord, hostMatchScore, labelsMatch, qualifyHost, resourceRef, specOf } from './meshNames.ts';
import { istioGatewaysNamed, type SimulatedRequest } from './simulateShared.ts';

/** Istio's root namespace, whose selector-less Sidecar is the mesh-wide default. */
export const ROOT_NAMESPACE = 'istio-system';

/** Says why a VirtualService is hidden from the request, or undefined when it is visible. */
export type VisibilityCheck = (vs: Resource) => string | undefined;

/** Builds the visibility check for one request entering through `gateway` (`mesh` or a gateway ref). */
export function virtualServiceVisibility(index: WorkspaceIndex, request: SimulatedRequest, gateway: string): VisibilityCheck {
  if (gateway !== MESH_GATEWAY) {
    const namespace = gatewayNamespace(index, gateway);
    return (vs) => (namespace === undefined || exportedTo(vs, namespace) ? undefined : notExported(vs, namespace));
  }
  const namespace = request.sourceNamespace ?? DEFAULT_NAMESPACE;
  const sidecar = sidecarFor(index, namespace, request.sourceLabels);
  return (vs) => {
    if (!exportedTo(vs, namespace)) return notExported(vs, namespace);
    if (sidecar && !sidecarImports(sidecar, vs, request.port)) {
      return `${resourceRef(vs)} is not among the egress hosts of Sidecar ${resourceRef(sidecar)}`;
    }
    return undefined;
  };
}

/** The namespace of the gateway a request enters through: the Gateway's, else the `ns/` of the reference. */
function gatewayNamespace(index: WorkspaceIndex, gateway: string): string | undefined {
  const resource = istioGatewaysNamed(index, gateway)[0];
  if (resource) return namespaceOf(resource);
  return gateway.includes('/') ? gateway.slice(0, gateway.indexOf('/')) : undefined;
}

function notExported(vs: Resource, namespace: string): string {
  const list = exportToOf(vs).join(', ');
  return `${resourceRef(vs)} is not exported to namespace ${namespace} (exportTo: [${list}])`;
}

function exportToOf(vs: Resource): string[] {
  return asArray(specOf(vs).exportTo).filter((e): e is string => typeof e === 'string');
}

/** exportTo: absent or `*` → everywhere; `.` → the resource's own namespace; `~` → nowhere; else named namespaces. */
export function exportedTo(resource: Resource, namespace: string): boolean {
  const list = exportToOf(resource);
  if (list.length === 0) return true;
  return list.some((scope) => scope === '*' || scope === namespace || (scope === '.' && namespaceOf(resource) === namespace));
}

function selectorOf(sidecar: Resource): Record<string, unknown> | undefined {
  const labels = asRecord(asRecord(specOf(sidecar).workloadSelector)?.labels);
  return labels && Object.keys(labels).length ? labels : undefined;
}

/** The Sidecar that configures a workload with `labels` in `namespace`, if any. */
export function sidecarFor(index: WorkspaceIndex, namespace: string, labels: Record<string, string> | undefined): Resource | undefined {
  const sidecars = index.resources('Sidecar');
  const local = sidecars.filter((s) => namespaceOf(s) === namespace);
  const selecting = labels ? local.find((s) => { const selector = selectorOf(s); return selector !== undefined && labelsMatch(selector, labels); }) : undefined;
  if (selecting) return selecting;
  const namespaceDefault = local.find((s) => !selectorOf(s));
  if (namespaceDefault) return namespaceDefault;
  return sidecars.find((s) => namespaceOf(s) === ROOT_NAMESPACE && !selectorOf(s));
}

/**
 * True when an egress listener of the Sidecar imports the VirtualService: a `ns/host` entry whose namespace
 * part covers the VirtualService's namespace (`*`, `.` for the Sidecar's own, `~` for none) and whose host
 * part overlaps one of its hosts. A listener for the request's port is used instead of the port-less one.
 * A Sidecar without egress imports everything.
 */
export function sidecarImports(sidecar: Resource, vs: Resource, port: number | undefined): boolean {
  const vsHosts = asArray(specOf(vs).hosts).filter((h): h is string => typeof h === 'string').map((h) => qualifyHost(h, namespaceOf(vs)));
  return importedBy(sidecar, namespaceOf(vs), port, (pattern) => vsHosts.some((host) => hostsOverlap(pattern, host)));
}

/**
 * The same for the routes Istio generates from Gateway API mesh routes (HTTPRoute or GRPCRoute attached to a
 * Service or ServiceEntry): they live in the route's namespace, carry the parent's hosts, and are imported only
 * when a host is a subset of the egress host (`*.example.com` imports `a.example.com`, not the reverse).
 */
export function sidecarImportsHosts(sidecar: Resource, routeNamespace: string, hosts: readonly string[], port: number | undefined): boolean {
  return importedBy(sidecar, routeNamespace, port, (pattern) => hosts.some((host) => pattern === '*' || hostMatchScore(pattern, host) >= 0));
}

function importedBy(sidecar: Resource, namespace: string, port: number | undefined, hostCovered: (pattern: string) => boolean): boolean {
  const listeners = asArray(specOf(sidecar).egress).map(asRecord).filter((l): l is Record<string, unknown> => !!l);
  if (listeners.length === 0) return true;
  const portOf = (l: Record<string, unknown>) => asRecord(l.port)?.number;
  const forPort = port === undefined ? [] : listeners.filter((l) => portOf(l) === port);
  const applicable = forPort.length ? forPort : port === undefined ? listeners : listeners.filter((l) => portOf(l) === undefined);
  for (const listener of applicable) {
    for (const entry of asArray(listener.hosts)) {
      if (typeof entry !== 'string' || !entry.includes('/')) continue;
      const scope = entry.slice(0, entry.indexOf('/'));
      const pattern = entry.slice(entry.indexOf('/') + 1).trim().toLowerCase();
      if (scope === '~') continue;
      const scopeNamespace = scope === '.' ? namespaceOf(sidecar) : scope;
      if (scopeNamespace !== '*' && scopeNamespace !== namespace) continue;
      if (hostCovered(pattern)) return true;
    }
  }
  return false;
}

function hostsOverlap(a: string, b: string): boolean {
  return a === b || a === '*' || b === '*' || hostMatchScore(a, b) >= 0 || hostMatchScore(b, a) >= 0;
}
