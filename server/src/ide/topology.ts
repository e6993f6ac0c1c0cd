// The mesh topology computed from configuration alone (no telemetry): gateways, services, service versions and
// workloads as nodes; routes (with match summary and weight) and mirrors as edges; badges for resilience,
// security and analysis errors; namespace groups; scoping (file, focus + hops, filter), automatic collapse by
// namespace for large meshes, and the mermaid text. Every label is encoded by `mermaidText` and every mermaid
// id is generated, so no user text can become mermaid syntax.
import type { Finding, ObjectPath, Resource } from '../model/types.ts';
import { locate } from '../model/index.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { namespaceOf } from '../analysis/workspaceIndex.ts';
import { catalogueEntry } from '../analysis/catalogue.ts';
import type {
  Badge, SourceLocation, TopologyEdge, TopologyModel, TopologyNode, TopologyScope, TopologyViewLevel,
} from '../../../protocol/webview.ts';
import {
  CLUSTER_DOMAIN, MESH_GATEWAY, asArray, asRecord, asString, labelsMatch, qualifyHost, specOf, virtualServiceGateways,
} from './meshNames.ts';
import { matchSummary } from './traffic.ts';
import { shortHost } from './codeLens.ts';
import { mergeMatches } from './simulate.ts';
import { toMermaid } from './topologyMermaid.ts';
import { addGatewayApi } from './topologyGatewayApi.ts';
import type { TopologyGraph } from './topologyGatewayApi.ts';

export { mermaidText } from './topologyMermaid.ts';

/**
 * Above these sizes a focused or filtered view folds versions into services, then collapses by namespace
 * (mermaid/dagre stay under their caps and within a few seconds).
 */
export const DETAIL_NODE_LIMIT = 150;
export const DETAIL_EDGE_LIMIT = 250;
/**
 * The same for the view opened without focus or filter: mermaid costs about 10 ms per node or edge with
 * labels (docs/performance.md), so the first view stays near a second.
 */
export const DEFAULT_VIEW_NODE_LIMIT = 60;
export const DEFAULT_VIEW_EDGE_LIMIT = 90;
/** Our own caps passed to mermaid (its defaults are 500 edges / 50,000 characters). */
export const MERMAID_MAX_EDGES = 1000;
export const MERMAID_MAX_TEXT = 200_000;
/** Aggregated views are trimmed to the heaviest edges beyond this. */
const AGGREGATE_EDGE_LIMIT = 400;

export type FindingsLookup = (uri: string) => readonly Finding[];

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'WorkloadEntry'];

export interface DraftNode extends Omit<TopologyNode, 'id'> {
  key: string;
  owners: Set<Resource>;
}

export interface DraftEdge extends Omit<TopologyEdge, 'id' | 'from' | 'to'> {
  from: string;
  to: string;
  owner?: Resource;
  /** Path of the route inside its VirtualService, to attach findings precisely. */
  routePath?: ObjectPath;
}

/** Builds the topology model for a scope. */
export function buildTopology(index: WorkspaceIndex, findings: FindingsLookup | ReadonlyMap<string, readonly Finding[]>, scope: TopologyScope = {}): TopologyModel {
  const lookup: FindingsLookup = typeof findings === 'function' ? findings : (uri) => findings.get(uri) ?? [];
  const graph = new GraphBuilder(index);
  graph.build();
  graph.attachFindings(lookup);
  const totals = { nodes: graph.nodes.size, edges: graph.edges.length };

  let nodes = [...graph.nodes.values()];
  let edges = graph.edges;
  const notes: string[] = [];
  ({ nodes, edges } = applyScope(nodes, edges, scope, notes));

  const asked = scope.focus !== undefined || (scope.filter ?? '').trim() !== '';
  const [nodeLimit, edgeLimit] = asked ? [DETAIL_NODE_LIMIT, DETAIL_EDGE_LIMIT] : [DEFAULT_VIEW_NODE_LIMIT, DEFAULT_VIEW_EDGE_LIMIT];
  const fits = (n: number, e: number): boolean => n <= nodeLimit && e <= edgeLimit;
  let level: TopologyViewLevel = 'namespaces';
  let view: { nodes: TopologyNode[]; edges: TopologyEdge[] } | undefined;
  if (!scope.collapseNamespaces) {
    if (!scope.collapseVersions && fits(nodes.length, edges.length)) {
      level = 'detailed';
      view = finalize(nodes, edges);
    } else {
      const folded = foldIntoServices(nodes, edges);
      if (scope.collapseVersions || fits(folded.nodes.length, folded.edges.length)) {
        level = 'services';
        if (!scope.collapseVersions) notes.push(`${nodes.length} nodes: versions and workloads folded into their services (focus on a service to expand it)`);
        view = finalize(folded.nodes, folded.edges);
      }
    }
  }
  if (!view) {
    if (!scope.collapseNamespaces) notes.push(`${nodes.length} nodes and ${edges.length} edges: collapsed by namespace (focus on a service or filter to see details)`);
    view = collapseByNamespace(nodes, edges, notes);
  }
  const aggregated = level === 'namespaces';
  const model: TopologyModel = { mermaid: toMermaid(view.nodes, view.edges, !aggregated), nodes: view.nodes, edges: view.edges, aggregated, level, totals };
  if (notes.length) model.note = notes.join('; ');
  return model;
}

// ---- Graph construction ----

class GraphBuilder implements TopologyGraph {
  readonly nodes = new Map<string, DraftNode>();
  readonly edges: DraftEdge[] = [];
  readonly index: WorkspaceIndex;
  private readonly knownHosts = new Set<string>();
  private readonly workloads: { resource: Resource; node: DraftNode; labels: Record<string, unknown> }[] = [];

  constructor(index: WorkspaceIndex) {
    this.index = index;
  }

  build(): void {
    this.addGateways();
    this.addServices();
    this.addWorkloads();
    this.addDestinationRules();
    this.connectWorkloads();
    this.addRoutes();
    addGatewayApi(this);
    this.addSecurity();
  }

  addEdge(edge: DraftEdge): void {
    this.edges.push(edge);
  }

  sourceOf(resource: Resource, path: ObjectPath): SourceLocation {
    return sourceOf(resource, path);
  }

  addBadge(node: { badges: Badge[] }, badge: Badge): void {
    addBadge(node, badge);
  }

  node(key: string, init: () => Omit<DraftNode, 'key' | 'owners' | 'badges' | 'errors'>): DraftNode {
    let node = this.nodes.get(key);
    if (!node) {
      node = { key, owners: new Set(), badges: [], errors: [], ...init() };
      this.nodes.set(key, node);
    }
    return node;
  }

  private addGateways(): void {
    for (const gateway of this.index.resources('Gateway')) {
      if (gateway.group !== 'networking.istio.io') continue; // Gateway API gateways: see topologyGatewayApi.ts
      const selector = asRecord(specOf(gateway).selector) ?? {};
      const egress = Object.values(selector).some((v) => String(v).includes('egress')) || gateway.name.includes('egress');
      const node = this.node(`gw:${namespaceOf(gateway)}/${gateway.name}`, () => ({
        kind: egress ? 'egress' : 'ingress',
        label: gateway.name,
        namespace: namespaceOf(gateway),
        source: sourceOf(gateway, ['metadata', 'name']),
      }));
      node.owners.add(gateway);
      const tls = asArray(specOf(gateway).servers).map((s) => asString(asRecord(asRecord(s)?.tls)?.mode)).filter((m): m is string => !!m);
      if (tls.length) addBadge(node, { kind: 'mtls', text: `TLS ${[...new Set(tls)].join('/')}` });
    }
  }

  private gatewayNode(ref: string): DraftNode {
    const existing = this.nodes.get(`gw:${ref}`);
    if (existing) return existing;
    const [namespace, name] = ref.split('/') as [string, string];
    return this.node(`gw:${ref}`, () => ({ kind: 'missing', label: `${name} (gateway not found)`, namespace }));
  }

  private addServices(): void {
    for (const service of this.index.resources('Service')) {
      if (service.group !== '') continue;
      const host = `${service.name}.${namespaceOf(service)}.${CLUSTER_DOMAIN}`;
      this.knownHosts.add(host);
      const node = this.node(`svc:${host}`, () => ({ kind: 'service', label: service.name, namespace: namespaceOf(service), source: sourceOf(service, ['metadata', 'name']) }));
      node.owners.add(service);
    }
    for (const entry of this.index.resources('ServiceEntry')) {
      const spec = specOf(entry);
      const external = asString(spec.location) !== 'MESH_INTERNAL';
      asArray(spec.hosts).forEach((raw, i) => {
        if (typeof raw !== 'string') return;
        const host = qualifyHost(raw, namespaceOf(entry));
        this.knownHosts.add(host);
        const node = this.node(`svc:${host}`, () => ({
          kind: external ? 'external' : 'service',
          label: external ? raw : shortHost(host),
          namespace: namespaceOf(entry),
          source: sourceOf(entry, ['spec', 'hosts', i]),
        }));
        node.owners.add(entry);
      });
    }
  }

  /** The node of a host; hosts not defined in the workspace become "missing" (cluster-local) or external nodes. */
  hostNode(host: string, namespace: string): DraftNode {
    const existing = this.nodes.get(`svc:${host}`);
    if (existing) return existing;
    const local = host.endsWith(`.${CLUSTER_DOMAIN}`);
    const hostNamespace = local ? host.split('.')[1]! : namespace;
    return this.node(`svc:${host}`, () => ({
      kind: local ? 'missing' : 'external',
      label: local ? `${shortHost(host)} (no Service)` : host,
      namespace: hostNamespace,
    }));
  }

  /** A service version; one first seen in a route (no DestinationRule subset, no labelled workload) is "missing". */
  private versionNode(host: string, subset: string, namespace: string, fromRoute = false): DraftNode {
    const service = this.hostNode(host, namespace);
    const key = `ver:${host}/${subset}`;
    const existing = this.nodes.get(key);
    if (existing) return existing;
    const node = this.node(key, () => ({
      kind: fromRoute ? 'missing' : 'version',
      label: `${shortHost(host)} ${subset}${fromRoute ? ' (no subset)' : ''}`,
      namespace: service.namespace ?? namespace,
    }));
    this.edges.push({ kind: 'selects', from: service.key, to: key, badges: [], errors: [] });
    return node;
  }

  private addWorkloads(): void {
    for (const kind of WORKLOAD_KINDS) {
      for (const resource of this.index.resources(kind)) {
        const labels = workloadLabels(resource);
        const node = this.node(`wl:${namespaceOf(resource)}/${kind}/${resource.name}`, () => ({
          kind: 'workload',
          label: `${resource.name}`,
          namespace: namespaceOf(resource),
          source: sourceOf(resource, ['metadata', 'name']),
        }));
        node.owners.add(resource);
        this.workloads.push({ resource, node, labels });
      }
    }
  }

  private addDestinationRules(): void {
    for (const rule of this.index.resources('DestinationRule')) {
      const spec = specOf(rule);
      const host = asString(spec.host);
      if (!host) continue;
      const fqdn = qualifyHost(host, namespaceOf(rule));
      const service = this.hostNode(fqdn, namespaceOf(rule));
      service.owners.add(rule);
      for (const badge of policyBadges(asRecord(spec.trafficPolicy))) addBadge(service, badge);
      asArray(spec.subsets).forEach((raw, i) => {
        const subset = asRecord(raw);
        const name = asString(subset?.name);
        if (!subset || !name) return;
        const version = this.versionNode(fqdn, name, namespaceOf(rule));
        version.source ??= sourceOf(rule, ['spec', 'subsets', i, 'name']);
        version.owners.add(rule);
        (version as DraftNode & { subsetLabels?: Record<string, unknown> }).subsetLabels = asRecord(subset.labels) ?? {};
        for (const badge of policyBadges(asRecord(subset.trafficPolicy))) addBadge(version, badge);
      });
    }
  }

  /** Service → workload (or version → workload when the service has versions); versions from `version` labels. */
  private connectWorkloads(): void {
    type VersionNode = DraftNode & { subsetLabels?: Record<string, unknown> };
    const versionsByHost = new Map<string, VersionNode[]>();
    for (const node of this.nodes.values()) {
      if (!node.key.startsWith('ver:')) continue;
      const host = node.key.slice(4, node.key.lastIndexOf('/'));
      (versionsByHost.get(host) ?? versionsByHost.set(host, []).get(host)!).push(node);
    }
    // Workloads by namespace and by each `key=value` label, so a selector only looks at likely candidates.
    const workloadsByLabel = new Map<string, typeof this.workloads>();
    for (const workload of this.workloads) {
      const namespace = namespaceOf(workload.resource);
      for (const [key, value] of Object.entries(workload.labels)) {
        const slot = `${namespace}|${key}=${String(value)}`;
        (workloadsByLabel.get(slot) ?? workloadsByLabel.set(slot, []).get(slot)!).push(workload);
      }
    }
    for (const service of this.index.resources('Service')) {
      if (service.group !== '') continue;
      const selector = asRecord(specOf(service).selector);
      if (!selector || Object.keys(selector).length === 0) continue;
      const host = `${service.name}.${namespaceOf(service)}.${CLUSTER_DOMAIN}`;
      const serviceNode = this.nodes.get(`svc:${host}`)!;
      const [firstKey, firstValue] = Object.entries(selector)[0]!;
      const candidates = workloadsByLabel.get(`${namespaceOf(service)}|${firstKey}=${String(firstValue)}`) ?? [];
      const selected = candidates.filter((w) => labelsMatch(selector, w.labels));
      let versions: VersionNode[] = versionsByHost.get(host) ?? [];
      if (versions.length === 0) {
        const labelled = [...new Set(selected.map((w) => asString(w.labels.version)).filter((v): v is string => !!v))];
        if (labelled.length > 1) {
          versions = labelled.map((v) => {
            const node = this.versionNode(host, v, namespaceOf(service)) as VersionNode;
            node.subsetLabels = { version: v };
            return node;
          });
        }
      }
      for (const workload of selected) {
        const matching = versions.filter((v) => labelsMatch(v.subsetLabels ?? {}, workload.labels));
        if (matching.length === 0) this.edges.push({ kind: 'selects', from: serviceNode.key, to: workload.node.key, badges: [], errors: [] });
        for (const version of matching) this.edges.push({ kind: 'selects', from: version.key, to: workload.node.key, badges: [], errors: [] });
      }
    }
  }

  private addRoutes(): void {
    for (const vs of this.index.resources('VirtualService')) {
      const spec = specOf(vs);
      const hosts = asArray(spec.hosts).filter((h): h is string => typeof h === 'string');
      if (hosts.length === 0) continue; // delegates are drawn through their roots
      const namespace = namespaceOf(vs);
      const sources: DraftNode[] = [];
      for (const gateway of virtualServiceGateways(vs)) {
        if (gateway === MESH_GATEWAY) {
          for (const host of hosts) sources.push(this.hostNode(qualifyHost(host, namespace), namespace));
        } else sources.push(this.gatewayNode(gateway));
      }
      for (const protocol of ['http', 'tcp', 'tls'] as const) {
        asArray(spec[protocol]).forEach((raw, i) => {
          const route = asRecord(raw);
          if (!route) return;
          const routePath: ObjectPath = ['spec', protocol, i];
          const delegateRef = asRecord(route.delegate);
          if (protocol === 'http' && delegateRef) {
            this.addDelegateRoutes(vs, route, routePath, delegateRef, sources);
            return;
          }
          this.addRouteEdges(vs, route, routePath, sources, protocol === 'http' ? '' : `${protocol} `, namespace);
        });
      }
    }
  }

  private addDelegateRoutes(vs: Resource, root: Record<string, unknown>, rootPath: ObjectPath, ref: Record<string, unknown>, sources: DraftNode[]): void {
    const namespace = asString(ref.namespace) ?? namespaceOf(vs);
    const delegate = this.index.find('VirtualService', namespace, asString(ref.name) ?? '');
    if (!delegate) return;
    const rootMatches = asArray(root.match).map(asRecord).filter((m): m is Record<string, unknown> => !!m);
    asArray(specOf(delegate).http).forEach((raw, i) => {
      const leaf = asRecord(raw);
      if (!leaf) return;
      const merged = mergeMatches(rootMatches, asArray(leaf.match).map(asRecord).filter((m): m is Record<string, unknown> => !!m));
      if (merged === undefined) return;
      const effective = { ...leaf, match: merged };
      this.addRouteEdges(delegate, effective, ['spec', 'http', i], sources, 'delegate ', namespace);
    });
    void rootPath;
  }

  private addRouteEdges(vs: Resource, route: Record<string, unknown>, routePath: ObjectPath, sources: DraftNode[], prefix: string, namespace: string): void {
    const match = `${prefix}${matchSummary(route)}`;
    const badges = routeBadges(route);
    const items = asArray(route.route);
    items.forEach((raw, j) => {
      const item = asRecord(raw) ?? {};
      const destination = asRecord(item.destination) ?? {};
      const host = qualifyHost(asString(destination.host) ?? '', namespace);
      const subset = asString(destination.subset);
      const target = subset ? this.versionNode(host, subset, namespace, true) : this.hostNode(host, namespace);
      const weight = typeof item.weight === 'number' ? item.weight : items.length === 1 ? 100 : 0;
      for (const source of sources) {
        if (source.key === target.key) {
          for (const badge of badges) addBadge(source, badge); // route to itself: show its policies on the node
          continue;
        }
        this.edges.push({
          kind: 'route', from: source.key, to: target.key, match, weight, badges, errors: [], owner: vs, routePath,
          source: sourceOf(vs, [...routePath, 'route', j]),
        });
      }
    });
    const redirect = asRecord(route.redirect);
    if (redirect) {
      for (const source of sources) addBadge(source, { kind: 'fault', text: 'redirect' });
    }
    const mirror = asRecord(route.mirror);
    if (mirror) {
      const host = qualifyHost(asString(mirror.host) ?? '', namespace);
      const subset = asString(mirror.subset);
      const target = subset ? this.versionNode(host, subset, namespace, true) : this.hostNode(host, namespace);
      const percentage = asRecord(route.mirrorPercentage)?.value;
      for (const source of sources) {
        this.edges.push({
          kind: 'mirror', from: source.key, to: target.key, match, weight: typeof percentage === 'number' ? percentage : 100,
          badges: [{ kind: 'mirror', text: 'mirror' }], errors: [], owner: vs, routePath, source: sourceOf(vs, [...routePath, 'mirror']),
        });
      }
    }
  }

  private addSecurity(): void {
    const workloadsIn = (resource: Resource): DraftNode[] => {
      const selector = asRecord(asRecord(specOf(resource).selector)?.matchLabels);
      if (!selector) return []; // namespace- and mesh-wide policies are shown on the services
      return this.workloads
        .filter((w) => namespaceOf(w.resource) === namespaceOf(resource) && labelsMatch(selector, w.labels))
        .map((w) => w.node);
    };
    const namespaceWide = (resource: Resource): DraftNode[] => {
      if (asRecord(specOf(resource).selector)) return [];
      const rootWide = namespaceOf(resource) === 'istio-system';
      return [...this.nodes.values()].filter((n) => n.kind === 'service' && (rootWide || n.namespace === namespaceOf(resource)));
    };
    for (const policy of this.index.resources('PeerAuthentication')) {
      const mode = asString(asRecord(specOf(policy).mtls)?.mode) ?? 'UNSET';
      for (const node of [...workloadsIn(policy), ...namespaceWide(policy)]) {
        addBadge(node, { kind: 'mtls', text: `mTLS ${mode}` });
        node.owners.add(policy);
      }
    }
    for (const policy of this.index.resources('AuthorizationPolicy')) {
      const action = asString(specOf(policy).action) ?? 'ALLOW';
      for (const node of [...workloadsIn(policy), ...namespaceWide(policy)]) {
        addBadge(node, { kind: 'authz', text: `authz ${action}` });
        node.owners.add(policy);
      }
    }
  }

  /** Error-level findings: route findings on their edges, other findings on every node/edge of the resource. */
  attachFindings(lookup: FindingsLookup): void {
    const byUri = new Map<string, readonly Finding[]>();
    const errorsOf = (resource: Resource): Finding[] => {
      let list = byUri.get(resource.uri);
      if (!list) byUri.set(resource.uri, (list = lookup(resource.uri).filter(isError)));
      return list.filter((f) => f.document === resource.document || f.document.offset === resource.document.offset);
    };
    for (const edge of this.edges) {
      if (!edge.owner || !edge.routePath) continue;
      for (const finding of errorsOf(edge.owner)) {
        const onRoute = startsWith(finding.path, edge.routePath);
        const onOtherRoute = finding.path[0] === 'spec' && ['http', 'tcp', 'tls', 'rules'].includes(String(finding.path[1])) && finding.path.length > 2;
        if (onRoute || !onOtherRoute) pushUnique(edge.errors, finding.message);
      }
    }
    for (const node of this.nodes.values()) {
      for (const owner of node.owners) for (const finding of errorsOf(owner)) pushUnique(node.errors, finding.message);
    }
  }
}

function isError(finding: Finding): boolean {
  if (finding.severity) return finding.severity === 'error';
  try {
    return catalogueEntry(finding.code).level === 'error';
  } catch {
    return true;
  }
}

function startsWith(path: ObjectPath, prefix: ObjectPath): boolean {
  return prefix.every((segment, i) => path[i] === segment);
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function addBadge(node: { badges: Badge[] }, badge: Badge): void {
  if (!node.badges.some((b) => b.kind === badge.kind && b.text === badge.text)) node.badges.push(badge);
}

function workloadLabels(resource: Resource): Record<string, unknown> {
  const spec = specOf(resource);
  if (resource.kind === 'Pod') return asRecord(asRecord(resource.object.metadata)?.labels) ?? {};
  if (resource.kind === 'WorkloadEntry') return asRecord(spec.labels) ?? {};
  return asRecord(asRecord(asRecord(spec.template)?.metadata)?.labels) ?? {};
}

/** Badges of a route: timeout, retries, fault injection. */
function routeBadges(route: Record<string, unknown>): Badge[] {
  const badges: Badge[] = [];
  const timeout = asString(route.timeout);
  if (timeout) badges.push({ kind: 'timeout', text: `timeout ${timeout}` });
  const retries = asRecord(route.retries);
  if (retries) badges.push({ kind: 'retries', text: `retries ${asString(retries.attempts) ?? '?'}` });
  const fault = asRecord(route.fault);
  if (fault) {
    const kinds = ['delay', 'abort'].filter((k) => fault[k]);
    badges.push({ kind: 'fault', text: `fault ${kinds.join('+') || 'injection'}` });
  }
  return badges;
}

/** Badges of a DestinationRule traffic policy: circuit breaker, load balancer, locality failover, TLS. */
function policyBadges(policy: Record<string, unknown> | undefined): Badge[] {
  if (!policy) return [];
  const badges: Badge[] = [];
  if (policy.outlierDetection || policy.connectionPool) badges.push({ kind: 'circuitBreaker', text: 'circuit breaker' });
  const lb = asRecord(policy.loadBalancer);
  if (lb) {
    const simple = asString(lb.simple);
    if (simple) badges.push({ kind: 'loadBalancer', text: `LB ${simple}` });
    else if (lb.consistentHash) badges.push({ kind: 'loadBalancer', text: 'LB consistent hash' });
    const locality = asRecord(lb.localityLbSetting);
    if (locality && locality.enabled !== false) badges.push({ kind: 'localityFailover', text: locality.failover || locality.failoverPriority ? 'locality failover' : 'locality LB' });
  }
  const tls = asString(asRecord(policy.tls)?.mode);
  if (tls) badges.push({ kind: 'mtls', text: `TLS ${tls}` });
  return badges;
}

/** A source location whose text span is located only when read (aggregated views never read most of them). */
function sourceOf(resource: Resource, path: ObjectPath): SourceLocation {
  let span: { start: number; end: number } | undefined;
  return {
    uri: resource.uri,
    path: [...path],
    get span() {
      if (!span) {
        const location = locate(resource.document, path);
        span = { start: location.value.start, end: location.value.end };
      }
      return span;
    },
  };
}

// ---- Scope ----

function applyScope(nodes: DraftNode[], edges: DraftEdge[], scope: TopologyScope, notes: string[]): { nodes: DraftNode[]; edges: DraftEdge[] } {
  let keep: Set<string> | undefined;
  if (scope.uri !== undefined) {
    const uri = scope.uri;
    const own = new Set(nodes.filter((n) => [...n.owners].some((o) => o.uri === uri) || n.source?.uri === uri).map((n) => n.key));
    for (const edge of edges) {
      if (edge.source?.uri === uri) {
        own.add(edge.from);
        own.add(edge.to);
      }
    }
    keep = own;
  }
  if (scope.focus) {
    const wanted = scope.focus.service.trim().toLowerCase();
    const start = nodes.filter((n) => n.label.toLowerCase() === wanted || n.key.toLowerCase() === `svc:${wanted}` || n.key.toLowerCase().startsWith(`svc:${wanted}.`));
    if (start.length === 0) notes.push(`no service named ${scope.focus.service}`);
    const within = neighbourhood(start.map((n) => n.key), edges, scope.focus.hops);
    keep = keep ? new Set([...keep].filter((k) => within.has(k))) : within;
  }
  if (scope.filter) {
    const text = scope.filter.trim().toLowerCase();
    if (text) {
      const hits = nodes.filter((n) => n.label.toLowerCase().includes(text) || (n.namespace ?? '').toLowerCase() === text).map((n) => n.key);
      const around = neighbourhood(hits, edges, 1);
      keep = keep ? new Set([...keep].filter((k) => around.has(k))) : around;
    }
  }
  if (!keep) return { nodes, edges };
  const kept = keep;
  return { nodes: nodes.filter((n) => kept.has(n.key)), edges: edges.filter((e) => kept.has(e.from) && kept.has(e.to)) };
}

function neighbourhood(start: string[], edges: DraftEdge[], hops: number): Set<string> {
  const adjacent = new Map<string, string[]>();
  for (const edge of edges) {
    (adjacent.get(edge.from) ?? adjacent.set(edge.from, []).get(edge.from)!).push(edge.to);
    (adjacent.get(edge.to) ?? adjacent.set(edge.to, []).get(edge.to)!).push(edge.from);
  }
  const seen = new Set(start);
  let frontier = start;
  for (let hop = 0; hop < hops; hop++) {
    const next: string[] = [];
    for (const key of frontier) for (const other of adjacent.get(key) ?? []) if (!seen.has(other)) {
      seen.add(other);
      next.push(other);
    }
    frontier = next;
  }
  return seen;
}

// ---- Output ----

function finalize(drafts: DraftNode[], draftEdges: DraftEdge[]): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const ids = new Map<string, string>();
  const nodes: TopologyNode[] = drafts.map((draft, i) => {
    const id = `n${i}`;
    ids.set(draft.key, id);
    const node: TopologyNode = { id, kind: draft.kind, label: draft.label, badges: draft.badges, errors: draft.errors };
    if (draft.namespace !== undefined) node.namespace = draft.namespace;
    if (draft.source) node.source = draft.source;
    return node;
  });
  const seen = new Set<string>();
  const edges: TopologyEdge[] = [];
  for (const draft of draftEdges) {
    const from = ids.get(draft.from);
    const to = ids.get(draft.to);
    if (!from || !to) continue;
    if (draft.kind === 'selects') {
      const key = `${from}>${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const edge: TopologyEdge = { id: `e${edges.length}`, kind: draft.kind, from, to, badges: draft.badges, errors: draft.errors };
    if (draft.match !== undefined) edge.match = draft.match;
    if (draft.weight !== undefined) edge.weight = draft.weight;
    if (draft.source) edge.source = draft.source;
    edges.push(edge);
  }
  // A selects edge is redundant when a route already goes the same way.
  const routed = new Set(edges.filter((e) => e.kind === 'route').map((e) => `${e.from}>${e.to}`));
  const kept = edges.filter((e) => e.kind !== 'selects' || !routed.has(`${e.from}>${e.to}`));
  kept.forEach((edge, i) => (edge.id = `e${i}`));
  return { nodes, edges: kept };
}

/**
 * The services view: service versions and the workloads a service selects are folded into the service node
 * (badges say how many, and the split between versions), routes to a version become routes to its service
 * (weights of one route added up). Versions that only a route names ("no subset") stay visible.
 */
function foldIntoServices(drafts: readonly DraftNode[], draftEdges: readonly DraftEdge[]): { nodes: DraftNode[]; edges: DraftEdge[] } {
  const byKey = new Map(drafts.map((n) => [n.key, n]));
  const into = new Map<string, string>();
  for (const node of drafts) {
    if (!node.key.startsWith('ver:') || node.kind === 'missing') continue;
    const service = `svc:${node.key.slice(4, node.key.lastIndexOf('/'))}`;
    if (byKey.has(service)) into.set(node.key, service);
  }
  for (const edge of draftEdges) {
    if (edge.kind !== 'selects' || byKey.get(edge.to)?.kind !== 'workload' || into.has(edge.to)) continue;
    const owner = into.get(edge.from) ?? edge.from;
    if (owner.startsWith('svc:')) into.set(edge.to, owner);
  }
  const copies = new Map<string, DraftNode>();
  for (const node of drafts) if (!into.has(node.key)) copies.set(node.key, { ...node, badges: [...node.badges], errors: [...node.errors] });
  const counts = new Map<string, { versions: number; workloads: number }>();
  for (const [key, service] of into) {
    const folded = byKey.get(key)!;
    const target = copies.get(service)!;
    const count = counts.get(service) ?? counts.set(service, { versions: 0, workloads: 0 }).get(service)!;
    if (folded.kind === 'workload') count.workloads++;
    else count.versions++;
    for (const badge of folded.badges) addBadge(target, badge);
    for (const error of folded.errors) pushUnique(target.errors, `${folded.label}: ${error}`);
    for (const owner of folded.owners) target.owners.add(owner);
  }
  for (const [service, count] of counts) {
    const parts = [count.versions ? `${count.versions} version${count.versions > 1 ? 's' : ''}` : '', count.workloads ? `${count.workloads} workload${count.workloads > 1 ? 's' : ''}` : ''];
    copies.get(service)!.badges.unshift({ kind: 'routes', text: parts.filter(Boolean).join(', ') });
  }
  const merged = new Map<string, DraftEdge>();
  const splits = new Map<string, { service: string; parts: string[] }>();
  for (const edge of draftEdges) {
    const from = into.get(edge.from) ?? edge.from;
    const to = into.get(edge.to) ?? edge.to;
    if (from === to) {
      // A service routing to its own versions: keep the split as a badge.
      if (edge.kind === 'route' && edge.owner && edge.weight !== undefined && edge.weight < 100 && edge.to.startsWith('ver:')) {
        const key = `${from}|${edge.owner.uri}|${edge.owner.document.offset}|${String(edge.routePath)}`;
        const split = splits.get(key) ?? splits.set(key, { service: from, parts: [] }).get(key)!;
        split.parts.push(`${edge.to.slice(edge.to.lastIndexOf('/') + 1)} ${edge.weight}%`);
      }
      continue;
    }
    if (edge.kind === 'selects' && (into.has(edge.from) || into.has(edge.to))) continue;
    const key = `${edge.kind}|${from}|${to}|${edge.owner?.uri}|${edge.owner?.document.offset}|${String(edge.routePath)}|${edge.match}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { ...edge, from, to, badges: [...edge.badges], errors: [...edge.errors] });
      continue;
    }
    if (existing.weight !== undefined && edge.weight !== undefined && edge.kind === 'route') existing.weight = Math.min(100, existing.weight + edge.weight);
    for (const badge of edge.badges) addBadge(existing, badge);
    for (const error of edge.errors) pushUnique(existing.errors, error);
  }
  for (const { service, parts } of splits.values()) addBadge(copies.get(service)!, { kind: 'routes', text: `split ${parts.join(' ')}` });
  return { nodes: [...copies.values()], edges: [...merged.values()] };
}

function collapseByNamespace(drafts: DraftNode[], draftEdges: DraftEdge[], notes: string[]): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const groups = new Map<string, TopologyNode>();
  const groupOf = new Map<string, TopologyNode>();
  for (const draft of drafts) {
    const namespace = draft.kind === 'external' ? 'external' : draft.namespace ?? 'external';
    let group = groups.get(namespace);
    if (!group) {
      group = { id: `n${groups.size}`, kind: 'namespace', label: namespace, namespace, badges: [], errors: [], count: 0 };
      groups.set(namespace, group);
    }
    group.count = (group.count ?? 0) + 1;
    if (draft.errors.length) pushUnique(group.errors, `${draft.label}: ${draft.errors[0]}`);
    groupOf.set(draft.key, group);
  }
  const pairs = new Map<string, TopologyEdge>();
  const internal = new Map<TopologyNode, number>();
  for (const draft of draftEdges) {
    if (draft.kind === 'selects') continue;
    const from = groupOf.get(draft.from);
    const to = groupOf.get(draft.to);
    if (!from || !to) continue;
    if (from === to) {
      internal.set(from, (internal.get(from) ?? 0) + 1);
      continue;
    }
    const key = `${from.id}>${to.id}`;
    let edge = pairs.get(key);
    if (!edge) {
      edge = { id: '', kind: 'aggregate', from: from.id, to: to.id, badges: [], errors: [], count: 0 };
      pairs.set(key, edge);
    }
    edge.count = (edge.count ?? 0) + 1;
    if (draft.errors.length && edge.errors.length < 5) pushUnique(edge.errors, draft.errors[0]!);
  }
  // Routes inside one namespace are a badge, not a self-loop (loops cost dagre extra dummy nodes).
  for (const [group, count] of internal) group.badges.push({ kind: 'routes', text: `${count} internal route${count === 1 ? '' : 's'}` });
  let edges = [...pairs.values()];
  if (edges.length > AGGREGATE_EDGE_LIMIT) {
    notes.push(`showing the ${AGGREGATE_EDGE_LIMIT} busiest of ${edges.length} namespace links`);
    edges = edges.sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).slice(0, AGGREGATE_EDGE_LIMIT);
  }
  edges.forEach((edge, i) => (edge.id = `e${i}`));
  return { nodes: [...groups.values()], edges };
}

