// Data crossing into and out of the topology and traffic webviews: the graph and traffic models computed by
// the server, the ToWebview / FromWebview message unions, and the runtime validator for webview messages.
// Plain types and one dependency-free function, so the server, the client and the webview bundles share them.

/** Where a node, edge or route comes from: a file, an object path inside it and (when known) its text range. */
export interface SourceLocation {
  uri: string;
  path: (string | number)[];
  /** Character offsets in the file. */
  span?: { start: number; end: number };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export type BadgeKind =
  | 'timeout' | 'retries' | 'fault' | 'circuitBreaker' | 'loadBalancer' | 'localityFailover' | 'mtls' | 'authz' | 'mirror' | 'routes' | 'error'
  | 'listener';

export interface Badge {
  kind: BadgeKind;
  /** Short text shown in the diagram, e.g. "timeout 2s", "mTLS STRICT", "DENY". */
  text: string;
}

export type TopologyNodeKind = 'ingress' | 'egress' | 'service' | 'external' | 'version' | 'workload' | 'missing' | 'namespace';

export interface TopologyNode {
  /** Generated id (n0, n1, …), never user text. */
  id: string;
  kind: TopologyNodeKind;
  label: string;
  namespace?: string;
  badges: Badge[];
  /** Analysis errors on the resources behind this node. */
  errors: string[];
  source?: SourceLocation;
  /** For aggregated namespace nodes: how many nodes were collapsed. */
  count?: number;
}

export type TopologyEdgeKind = 'route' | 'mirror' | 'selects' | 'aggregate';

export interface TopologyEdge {
  /** Generated id (e0, e1, …). */
  id: string;
  kind: TopologyEdgeKind;
  from: string;
  to: string;
  /** Match summary, e.g. "uri prefix /api · header end-user". */
  match?: string;
  /** Percentage of the route's traffic (or mirror percentage). */
  weight?: number;
  badges: Badge[];
  errors: string[];
  source?: SourceLocation;
  /** For aggregated edges: how many edges were collapsed. */
  count?: number;
}

export interface TopologyScope {
  /** Only what this file defines (and what it points at). */
  uri?: string;
  /** One service (host, short name or node label) plus its neighbours up to N hops. */
  focus?: { service: string; hops: number };
  /** Keep nodes whose label contains this text (case-insensitive), plus their direct neighbours. */
  filter?: string;
  /** Force one node per namespace (otherwise automatic above the size threshold). */
  collapseNamespaces?: boolean;
  /** Force the services view: versions and workloads folded into their services (otherwise automatic). */
  collapseVersions?: boolean;
}

/** How much a view was folded: everything, services with their versions folded in, or one node per namespace. */
export type TopologyViewLevel = 'detailed' | 'services' | 'namespaces';

export interface TopologyModel {
  mermaid: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** True when the view was collapsed by namespace (asked for or automatic). */
  aggregated: boolean;
  /** The level of detail shown (absent from older servers: read `aggregated`). */
  level?: TopologyViewLevel;
  /** Sizes of the full (unscoped, uncollapsed) graph. */
  totals: { nodes: number; edges: number };
  /** Why the view was aggregated or trimmed. */
  note?: string;
}

export interface SplitDestination {
  host: string;
  subset?: string;
  port?: number;
  /** Effective weight (a lone destination without weight gets 100; otherwise a missing weight is 0). */
  weight: number;
  /** The weight key is written in the YAML. */
  written: boolean;
  source: SourceLocation;
}

export interface RouteSplit {
  /** Stable id of the route: `<uri>#<namespace>/<name>/<protocol>[<route index>]`. */
  id: string;
  uri: string;
  virtualService: string;
  protocol: 'http' | 'tcp' | 'tls';
  routeIndex: number;
  name?: string;
  /** Match summary, or "all traffic". */
  match: string;
  destinations: SplitDestination[];
  /** Sum of the effective weights. */
  total: number;
  mirror?: { host: string; subset?: string; percentage: number };
  source: SourceLocation;
}

/** A hypothetical request for the simulator. Header names are case-insensitive; `path` may carry a query. */
export interface SimulatedRequest {
  host: string;
  port?: number;
  method?: string;
  path?: string;
  scheme?: string;
  /** Defaults to the host (with port when given). */
  authority?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** `mesh` (default: the request comes from a sidecar) or a gateway `ns/name` (or a bare name). */
  gateway?: string;
  sourceLabels?: Record<string, string>;
  /** Namespace of the caller; also used to qualify a short host. Defaults to `default`. */
  sourceNamespace?: string;
  /**
   * `http` (default), `grpc` (HTTP/2 POST to `path` = `/<service>/<method>`, content-type application/grpc;
   * HTTP routing plus GRPCRoutes), `tls` (routed by SNI, VirtualService `tls:`) or `tcp` (VirtualService `tcp:`).
   */
  protocol?: RequestProtocol;
  /** TLS server name; defaults to `host`. Giving it implies `protocol: tls`. */
  sni?: string;
  /** Destination IP address, for `destinationSubnets` of TLS and TCP matches. */
  destinationIp?: string;
}

export type RequestProtocol = 'http' | 'grpc' | 'tls' | 'tcp';

/** Where a Gateway API route was attached for the matched request. */
export interface SimulatedParent {
  kind: 'Gateway' | 'Service' | 'ServiceEntry';
  /** `ns/name` of the Gateway, Service or ServiceEntry. */
  ref: string;
  /** Gateway listener name (Gateway parents). */
  listener?: string;
  port?: number;
  /** The listener's hostname (Gateway parents), when it has one. */
  hostname?: string;
}

export interface RouteDestination {
  host: string;
  subset?: string;
  port?: number;
  weight: number;
}

export interface SimulationResult {
  match: boolean;
  /** `ns/name` of the VirtualService whose route matched (the root one for delegates). */
  virtualService?: string;
  httpRouteIndex?: number;
  /** Set when the matching root route delegates: the delegate VirtualService and its route index. */
  delegate?: { virtualService: string; httpRouteIndex: number };
  /** The matched HTTP route, as written (the delegate's route when delegated). */
  route?: Record<string, unknown>;
  /** Weighted destinations of the matched route (empty for redirects and direct responses). */
  destinations?: RouteDestination[];
  /** The VirtualServices considered for the host, most specific first. */
  candidates?: string[];
  /** Why nothing matched. */
  reason?: string;
  /** Skipped rules: conflicting delegate matches, invalid regexes, missing delegates. */
  notes?: string[];
  protocol?: RequestProtocol;
  tlsRouteIndex?: number;
  tcpRouteIndex?: number;
  /** `ns/name` of the matched Gateway API HTTPRoute. */
  httpRoute?: string;
  /** `ns/name` of the matched Gateway API GRPCRoute (HTTP and gRPC requests; GRPCRoutes compete with HTTPRoutes). */
  grpcRoute?: string;
  /** `ns/name` of the matched Gateway API TLSRoute (TLS requests through a Gateway API Gateway). */
  tlsRoute?: string;
  /** `ns/name` of the matched Gateway API TCPRoute (TCP requests through a Gateway API Gateway). */
  tcpRoute?: string;
  /** Index of the matched rule in `spec.rules`. */
  ruleIndex?: number;
  /** Index of the matched entry in the rule's `matches` (absent when the rule has no matches). */
  matchIndex?: number;
  /** The matched Gateway API rule as written (matches, filters, backendRefs with weights, timeouts…). */
  rule?: Record<string, unknown>;
  parent?: SimulatedParent;
  /** Resources left out because they are not visible to the request (exportTo, Sidecar egress), with why. */
  hidden?: string[];
}

/** A matched answer in one line: `ns/name http[0]`, `ns/name tls[1]`, `HTTPRoute ns/name rules[2]`, `GRPCRoute …`. */
export function describeSimulationHit(result: SimulationResult): string {
  if (!result.match) return 'no match';
  if (result.httpRoute !== undefined) {
    const match = result.matchIndex !== undefined ? ` matches[${result.matchIndex}]` : '';
    return `HTTPRoute ${result.httpRoute} rules[${result.ruleIndex}]${match}`;
  }
  if (result.grpcRoute !== undefined) {
    const match = result.matchIndex !== undefined ? ` matches[${result.matchIndex}]` : '';
    return `GRPCRoute ${result.grpcRoute} rules[${result.ruleIndex}]${match}`;
  }
  if (result.tlsRoute !== undefined) return `TLSRoute ${result.tlsRoute} rules[${result.ruleIndex}]`;
  if (result.tcpRoute !== undefined) return `TCPRoute ${result.tcpRoute} rules[${result.ruleIndex}]`;
  if (result.tlsRouteIndex !== undefined) return `${result.virtualService} tls[${result.tlsRouteIndex}]`;
  if (result.tcpRouteIndex !== undefined) return `${result.virtualService} tcp[${result.tcpRouteIndex}]`;
  const delegate = result.delegate ? ` → ${result.delegate.virtualService} http[${result.delegate.httpRouteIndex}]` : '';
  return `${result.virtualService} http[${result.httpRouteIndex}]${delegate}`;
}

// ---- Messages ----

/** Extension → webview. */
export type ToWebview =
  | { type: 'topology'; model: TopologyModel; scope: TopologyScope }
  | { type: 'traffic'; splits: RouteSplit[]; title: string }
  | { type: 'simulation'; result: SimulationResult }
  | { type: 'exportRequest'; format: 'svg' | 'mermaid' }
  | { type: 'error'; message: string };

/**
 * Webview → extension. Deliberately small: the webview can ask to reveal source, to change the view, to
 * propose new weights (applied by the extension as a normal undoable edit), to simulate, and to hand back an
 * export. It can never apply to a cluster or run a command.
 */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; source: SourceLocation }
  | { type: 'setWeights'; routeId: string; weights: number[] }
  | { type: 'simulate'; request: SimulatedRequest }
  | { type: 'scope'; scope: TopologyScope }
  | { type: 'export'; format: 'svg' | 'mermaid'; content: string };

export const MAX_WEBVIEW_MESSAGE_SIZE = 64 * 1024;
/** Exports may carry a whole SVG; they are still bounded. */
export const MAX_EXPORT_SIZE = 8 * 1024 * 1024;

/** Checks a message from the webview; anything unexpected (shape, size, extra types) gives undefined. */
export function validateFromWebview(message: unknown): FromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  let size: number;
  try {
    size = JSON.stringify(message).length;
  } catch {
    return undefined;
  }
  const limit = message.type === 'export' ? MAX_EXPORT_SIZE : MAX_WEBVIEW_MESSAGE_SIZE;
  if (size > limit) return undefined;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal': {
      const source = validSource(message.source);
      return source ? { type: 'reveal', source } : undefined;
    }
    case 'setWeights': {
      const weights = message.weights;
      if (typeof message.routeId !== 'string' || message.routeId.length > 4096) return undefined;
      if (!Array.isArray(weights) || weights.length === 0 || weights.length > 100) return undefined;
      if (!weights.every((w) => typeof w === 'number' && Number.isInteger(w) && w >= 0 && w <= 100)) return undefined;
      return { type: 'setWeights', routeId: message.routeId, weights: [...weights] as number[] };
    }
    case 'simulate': {
      const request = validRequest(message.request);
      return request ? { type: 'simulate', request } : undefined;
    }
    case 'scope': {
      const scope = validScope(message.scope);
      return scope ? { type: 'scope', scope } : undefined;
    }
    case 'export': {
      if (message.format !== 'svg' && message.format !== 'mermaid') return undefined;
      if (typeof message.content !== 'string') return undefined;
      return { type: 'export', format: message.format, content: message.content };
    }
    default:
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validSource(value: unknown): SourceLocation | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string' || !Array.isArray(value.path)) return undefined;
  if (!value.path.every((p) => typeof p === 'string' || (typeof p === 'number' && Number.isInteger(p) && p >= 0))) return undefined;
  const source: SourceLocation = { uri: value.uri, path: [...value.path] as (string | number)[] };
  const range = value.range;
  if (range !== undefined) {
    if (!isRecord(range) || !validPosition(range.start) || !validPosition(range.end)) return undefined;
    source.range = { start: { ...(range.start as Position) }, end: { ...(range.end as Position) } };
  }
  return source;
}

type Position = { line: number; character: number };

function validPosition(value: unknown): value is Position {
  return isRecord(value) && Number.isInteger(value.line) && Number.isInteger(value.character) && (value.line as number) >= 0 && (value.character as number) >= 0;
}

function stringRecord(value: unknown): Record<string, string> | undefined | false {
  if (value === undefined) return undefined;
  if (!isRecord(value)) return false;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') return false;
    out[key] = v;
  }
  return out;
}

function validRequest(value: unknown): SimulatedRequest | undefined {
  if (!isRecord(value) || typeof value.host !== 'string' || value.host === '') return undefined;
  const request: SimulatedRequest = { host: value.host };
  if (value.port !== undefined) {
    if (typeof value.port !== 'number' || !Number.isInteger(value.port) || value.port < 1 || value.port > 65535) return undefined;
    request.port = value.port;
  }
  for (const key of ['method', 'path', 'scheme', 'authority', 'gateway', 'sourceNamespace', 'sni', 'destinationIp'] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return undefined;
    request[key] = v;
  }
  if (value.protocol !== undefined) {
    if (value.protocol !== 'http' && value.protocol !== 'grpc' && value.protocol !== 'tls' && value.protocol !== 'tcp') return undefined;
    request.protocol = value.protocol;
  }
  for (const key of ['headers', 'query', 'sourceLabels'] as const) {
    const record = stringRecord(value[key]);
    if (record === false) return undefined;
    if (record) request[key] = record;
  }
  return request;
}

function validScope(value: unknown): TopologyScope | undefined {
  if (!isRecord(value)) return undefined;
  const scope: TopologyScope = {};
  if (value.uri !== undefined) {
    if (typeof value.uri !== 'string') return undefined;
    scope.uri = value.uri;
  }
  if (value.filter !== undefined) {
    if (typeof value.filter !== 'string' || value.filter.length > 200) return undefined;
    scope.filter = value.filter;
  }
  if (value.collapseNamespaces !== undefined) {
    if (typeof value.collapseNamespaces !== 'boolean') return undefined;
    scope.collapseNamespaces = value.collapseNamespaces;
  }
  if (value.collapseVersions !== undefined) {
    if (typeof value.collapseVersions !== 'boolean') return undefined;
    scope.collapseVersions = value.collapseVersions;
  }
  if (value.focus !== undefined) {
    const focus = value.focus;
    if (!isRecord(focus) || typeof focus.service !== 'string' || typeof focus.hops !== 'number') return undefined;
    if (!Number.isInteger(focus.hops) || focus.hops < 0 || focus.hops > 10) return undefined;
    scope.focus = { service: focus.service, hops: focus.hops };
  }
  return scope;
}
