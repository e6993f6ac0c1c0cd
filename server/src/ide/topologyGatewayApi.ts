// The Kubernetes Gateway API part of the topology: Gateways (gateway.networking.k8s.io) as gateway nodes with
// their listeners, and HTTPRoute / GRPCRoute / TCPRoute / TLSRoute / UDPRoute rules as route edges from each
// parent to each backend with its share of the weights. A parentRef to a Service is a GAMMA (mesh) route:
// its edges start at that service.
import type { ObjectPath, Resource } from '../model/types.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { namespaceOf } from '../analysis/workspaceIndex.ts';
import type { Badge, SourceLocation, TopologyEdge, TopologyNode } from '../../../protocol/webview.ts';
import { CLUSTER_DOMAIN, asArray, asRecord, asString, qualifyHost, specOf } from './meshNames.ts';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'] as const;

/** What the Gateway API part needs from the graph under construction. */
export interface TopologyGraph {
  readonly index: WorkspaceIndex;
  node(key: string, init: () => Pick<TopologyNode, 'kind' | 'label'> & Partial<Pick<TopologyNode, 'namespace' | 'source'>>): GraphNode;
  hostNode(host: string, namespace: string): GraphNode;
  addEdge(edge: GraphEdge): void;
  sourceOf(resource: Resource, path: ObjectPath): SourceLocation;
  addBadge(node: { badges: Badge[] }, badge: Badge): void;
}

export interface GraphNode {
  key: string;
  kind: TopologyNode['kind'];
  label: string;
  namespace?: string;
  source?: SourceLocation;
  badges: Badge[];
  owners: Set<Resource>;
}

export interface GraphEdge extends Omit<TopologyEdge, 'id' | 'from' | 'to'> {
  from: string;
  to: string;
  owner?: Resource;
  routePath?: ObjectPath;
}

/** Adds Gateway API gateways and routes to the graph. */
export function addGatewayApi(graph: TopologyGraph): void {
  for (const gateway of graph.index.resources('Gateway')) {
    if (gateway.group === GATEWAY_API_GROUP) gatewayNode(graph, gateway);
  }
  for (const kind of ROUTE_KINDS) {
    for (const route of graph.index.resources(kind)) {
      if (route.group === GATEWAY_API_GROUP) addRoute(graph, route);
    }
  }
}

function gatewayKey(namespace: string, name: string): string {
  return `gwapi:${namespace}/${name}`;
}

function gatewayNode(graph: TopologyGraph, gateway: Resource): GraphNode {
  const spec = specOf(gateway);
  const gatewayClass = asString(spec.gatewayClassName) ?? '';
  const namespace = namespaceOf(gateway);
  const node = graph.node(gatewayKey(namespace, gateway.name), () => ({
    kind: gatewayClass.includes('egress') || gateway.name.includes('egress') ? 'egress' : 'ingress',
    label: gateway.name,
    namespace,
    source: graph.sourceOf(gateway, ['metadata', 'name']),
  }));
  node.owners.add(gateway);
  if (gatewayClass === 'istio-waypoint') graph.addBadge(node, { kind: 'listener', text: 'waypoint' });
  for (const raw of asArray(spec.listeners)) {
    const listener = asRecord(raw);
    if (!listener) continue;
    const protocol = asString(listener.protocol) ?? '?';
    const port = typeof listener.port === 'number' ? `:${listener.port}` : '';
    const hostname = asString(listener.hostname);
    graph.addBadge(node, { kind: 'listener', text: `${protocol}${port}${hostname ? ` ${hostname}` : ''}` });
    const tls = asString(asRecord(listener.tls)?.mode);
    if (tls) graph.addBadge(node, { kind: 'mtls', text: `TLS ${tls}` });
  }
  return node;
}

/** The node a parentRef points at: a Gateway (default) or, for GAMMA, a Service. */
function parentNode(graph: TopologyGraph, route: Resource, ref: Record<string, unknown>): GraphNode | undefined {
  const name = asString(ref.name);
  if (!name) return undefined;
  const namespace = asString(ref.namespace) ?? namespaceOf(route);
  const kind = asString(ref.kind) ?? 'Gateway';
  const group = asString(ref.group) ?? (kind === 'Service' ? '' : GATEWAY_API_GROUP);
  if (kind === 'Service' && (group === '' || group === 'core')) return graph.hostNode(`${name}.${namespace}.${CLUSTER_DOMAIN}`, namespace);
  if (kind === 'ServiceEntry' && group === 'networking.istio.io') {
    const host = asString(asArray(specOf(graph.index.find('ServiceEntry', namespace, name) ?? emptyResource()).hosts)[0]);
    return host ? graph.hostNode(qualifyHost(host, namespace), namespace) : undefined;
  }
  if (kind !== 'Gateway') return undefined;
  const gateway = graph.index.resources('Gateway').find((g) => g.group === GATEWAY_API_GROUP && g.name === name && namespaceOf(g) === namespace);
  if (gateway) return gatewayNode(graph, gateway);
  return graph.node(gatewayKey(namespace, name), () => ({ kind: 'missing', label: `${name} (gateway not found)`, namespace }));
}

function emptyResource(): Resource {
  return { object: {} } as Resource;
}

/** The node of a backendRef: a Service (default), an Istio Hostname or ServiceEntry, anything else by kind/name. */
function backendNode(graph: TopologyGraph, route: Resource, ref: Record<string, unknown>): GraphNode | undefined {
  const name = asString(ref.name);
  if (!name) return undefined;
  const namespace = asString(ref.namespace) ?? namespaceOf(route);
  const kind = asString(ref.kind) ?? 'Service';
  const group = asString(ref.group) ?? '';
  if (kind === 'Service' && (group === '' || group === 'core')) return graph.hostNode(`${name}.${namespace}.${CLUSTER_DOMAIN}`, namespace);
  if (kind === 'Hostname' && group === 'networking.istio.io') return graph.hostNode(qualifyHost(name, namespace), namespace);
  if (kind === 'ServiceEntry' && group === 'networking.istio.io') {
    const host = asString(asArray(specOf(graph.index.find('ServiceEntry', namespace, name) ?? emptyResource()).hosts)[0]);
    if (host) return graph.hostNode(qualifyHost(host, namespace), namespace);
  }
  return graph.node(`backend:${namespace}/${kind}/${name}`, () => ({ kind: 'missing', label: `${kind} ${name}`, namespace }));
}

function addRoute(graph: TopologyGraph, route: Resource): void {
  const spec = specOf(route);
  const kindPrefix = route.kind === 'HTTPRoute' ? '' : `${route.kind.replace(/Route$/, '').toLowerCase()} `;
  const hostnames = asArray(spec.hostnames).filter((h): h is string => typeof h === 'string');
  const parents: { node: GraphNode; section?: string; gamma: boolean }[] = [];
  for (const raw of asArray(spec.parentRefs)) {
    const ref = asRecord(raw);
    const node = ref && parentNode(graph, route, ref);
    if (!node) continue;
    const sectionName = asString(ref.sectionName);
    const section = sectionName !== undefined ? `listener ${sectionName}` : typeof ref.port === 'number' ? `port ${ref.port}` : undefined;
    const parent: { node: GraphNode; section?: string; gamma: boolean } = { node, gamma: !node.key.startsWith('gwapi:') };
    if (section !== undefined) parent.section = section;
    parents.push(parent);
  }
  asArray(spec.rules).forEach((raw, i) => {
    const rule = asRecord(raw);
    if (!rule) return;
    const routePath: ObjectPath = ['spec', 'rules', i];
    const badges = ruleBadges(rule);
    const backends = asArray(rule.backendRefs).map(asRecord);
    const weights = backends.map((b) => (b && typeof b.weight === 'number' ? Math.max(0, b.weight) : 1));
    const total = weights.reduce((sum, w) => sum + w, 0);
    const mirrors = asArray(rule.filters).map(asRecord).filter((f) => f && asString(f.type) === 'RequestMirror').map((f) => asRecord(f!.requestMirror));
    for (const parent of parents) {
      const where = [parent.section ?? '', parent.gamma ? '' : hostnames.length ? `host ${hostnames.join(' ')}` : ''].filter(Boolean);
      const summary = ruleMatchSummary(route.kind, rule);
      const match = `${kindPrefix}${[...where, ...(summary === 'all traffic' && where.length ? [] : [summary])].join(' · ')}`;
      backends.forEach((backend, j) => {
        const target = backend && backendNode(graph, route, backend);
        if (!target || target.key === parent.node.key) return;
        graph.addEdge({
          kind: 'route', from: parent.node.key, to: target.key, match,
          weight: total > 0 ? Math.round((weights[j]! / total) * 100) : 0,
          badges, errors: [], owner: route, routePath, source: graph.sourceOf(route, [...routePath, 'backendRefs', j]),
        });
      });
      mirrors.forEach((mirror, j) => {
        const ref = asRecord(mirror?.backendRef);
        const target = ref && backendNode(graph, route, ref);
        if (!target) return;
        const percent = typeof mirror?.percent === 'number' ? mirror.percent : 100;
        graph.addEdge({
          kind: 'mirror', from: parent.node.key, to: target.key, match, weight: percent,
          badges: [{ kind: 'mirror', text: 'mirror' }], errors: [], owner: route, routePath, source: graph.sourceOf(route, [...routePath, 'filters', j]),
        });
      });
      if (backends.length === 0 && badges.some((b) => b.text === 'redirect')) graph.addBadge(parent.node, { kind: 'fault', text: 'redirect' });
    }
  });
}

/** Badges of a rule: timeouts, retries, redirects, header rewrites. */
function ruleBadges(rule: Record<string, unknown>): Badge[] {
  const badges: Badge[] = [];
  const timeout = asString(asRecord(rule.timeouts)?.request);
  if (timeout) badges.push({ kind: 'timeout', text: `timeout ${timeout}` });
  const retry = asRecord(rule.retry);
  if (retry) badges.push({ kind: 'retries', text: `retries ${typeof retry.attempts === 'number' ? retry.attempts : '?'}` });
  for (const filter of asArray(rule.filters).map(asRecord)) {
    const type = asString(filter?.type);
    if (type === 'RequestRedirect') badges.push({ kind: 'fault', text: 'redirect' });
    else if (type === 'URLRewrite') badges.push({ kind: 'fault', text: 'rewrite' });
  }
  return badges;
}

/** "path exact /a | path prefix /b, header x" for HTTP; "method pkg.Svc/Get" for gRPC; all traffic otherwise. */
export function ruleMatchSummary(kind: string, rule: Record<string, unknown>): string {
  const matches = asArray(rule.matches).map(asRecord).filter((m): m is Record<string, unknown> => !!m);
  if (matches.length === 0) return 'all traffic';
  return matches.map((match) => {
    const parts: string[] = [];
    const path = asRecord(match.path);
    if (path) parts.push(`path ${PATH_TYPES[asString(path.type) ?? 'PathPrefix'] ?? 'prefix'} ${asString(path.value) ?? '/'}`);
    const method = match.method;
    if (kind === 'GRPCRoute' && asRecord(method)) {
      const grpc = asRecord(method)!;
      parts.push(`method ${[asString(grpc.service), asString(grpc.method)].filter(Boolean).join('/') || 'any'}`);
    } else if (typeof method === 'string') parts.push(`method ${method}`);
    for (const header of asArray(match.headers).map(asRecord)) if (asString(header?.name)) parts.push(`header ${asString(header!.name)}`);
    for (const param of asArray(match.queryParams).map(asRecord)) if (asString(param?.name)) parts.push(`query ${asString(param!.name)}`);
    return parts.join(', ') || 'any';
  }).join(' | ');
}

const PATH_TYPES: Record<string, string> = { Exact: 'exact', PathPrefix: 'prefix', RegularExpression: 'regex' };
