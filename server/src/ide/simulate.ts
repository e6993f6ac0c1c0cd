// The request simulator: which route a hypothetical request takes. This file dispatches and handles Istio
// VirtualService HTTP routes (host and gateway binding, first match wins, OR between match blocks and AND inside
// one, exact/prefix/regex with RE2 full-match, ignoreUriCase, headers/withoutHeaders, query params, port,
// method, authority, source labels/namespace, per-match gateways, delegates with Istio's merge rule).
// TLS/TCP routes live in simulateL4.ts, Gateway API routes in simulateGatewayApi.ts, exportTo and
// Sidecar visibility in simulateVisibility.ts. A gRPC request is simulated as the HTTP/2 POST it is.
import type { Resource } from '../model/types.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { DEFAULT_NAMESPACE, namespaceOf } from '../analysis/workspaceIndex.ts';
import {
  MESH_GATEWAY, asArray, asRecord, asString, hostCandidates, hostMatchScore, labelsMatch, normalizeGatewayRef,
  qualifyHost, resourceRef, specOf, virtualServiceGateways,
} from './meshNames.ts';
import {
  gatewayApiGatewaysNamed, istioGatewaysNamed, lowerKeys, requestGateway, requestProtocol, sameGateway, splitPath,
  stringMatches, type RequestProtocol, type RouteDestination, type SimulatedRequest, type SimulationResult,
} from './simulateShared.ts';
import { exportedTo, virtualServiceVisibility } from './simulateVisibility.ts';
import { findL4Route } from './simulateL4.ts';
import { simulateMeshHttpRoutes, simulateThroughGateway } from './simulateGatewayApi.ts';

type Match = Record<string, unknown>;

interface FlatRoute {
  /** The route as written (root or delegate). */
  route: Record<string, unknown>;
  /** Effective match blocks (root × delegate merged); empty means "matches everything". */
  matches: Match[];
  rootIndex: number;
  /** Namespace short destination hosts resolve in (the delegate's for delegate routes). */
  namespace: string;
  delegate?: { virtualService: string; httpRouteIndex: number };
}

/**
 * Runs the request through the workspace's routing: a Gateway API Gateway's HTTPRoutes and GRPCRoutes when the
 * request names one, the routes attached to the target Service or ServiceEntry for mesh HTTP requests (GAMMA),
 * else VirtualServices (http, tls or tcp routes by the request's protocol).
 */
export function simulateRequest(index: WorkspaceIndex, request: SimulatedRequest): SimulationResult {
  const gateway = requestGateway(request.gateway);
  const protocol = requestProtocol(request);
  if (protocol === 'grpc') return simulateGrpc(index, request);
  if (gateway !== MESH_GATEWAY) {
    const apiGateways = gatewayApiGatewaysNamed(index, gateway);
    if (apiGateways.length && istioGatewaysNamed(index, gateway).length === 0) {
      const result = simulateThroughGateway(index, request, apiGateways[0]!);
      if (apiGateways.length > 1) {
        (result.notes ??= []).push(`${gateway} names several Gateways (${apiGateways.map(resourceRef).join(', ')}); simulated through the first`);
      }
      return result;
    }
  } else if (protocol === 'http') {
    // Gateway API mesh routes the caller's Sidecar hides; with none left, the VirtualServices' answer lists them.
    const hidden: string[] = [];
    const result = simulateMeshHttpRoutes(index, request, hidden);
    if (!result && hidden.length) {
      const fallback = simulateVirtualServices(index, request, gateway, protocol);
      fallback.hidden = [...hidden, ...(fallback.hidden ?? [])];
      return fallback;
    }
    if (result) {
      const hosts = hostCandidates(request.host, request.sourceNamespace ?? DEFAULT_NAMESPACE);
      const alsoVirtual = index.resources('VirtualService').filter((vs) => boundTo(vs, MESH_GATEWAY) && vsHostScore(vs, hosts) >= 0);
      if (alsoVirtual.length) {
        (result.notes ??= []).push(`VirtualServices for the same host (${alsoVirtual.map(resourceRef).join(', ')}) are not simulated: HTTPRoutes attach to the Service`);
      }
      return result;
    }
  }
  return simulateVirtualServices(index, request, gateway, protocol);
}

/**
 * A gRPC request is an HTTP/2 POST to `/<service>/<method>` with content-type application/grpc: it takes the
 * HTTP routing (VirtualService http routes, or HTTPRoutes and GRPCRoutes together) and the answer says `grpc`.
 */
function simulateGrpc(index: WorkspaceIndex, request: SimulatedRequest): SimulationResult {
  const { path } = splitPath(request);
  const http: SimulatedRequest = {
    ...request,
    protocol: 'http',
    method: request.method ?? 'POST',
    headers: { 'content-type': 'application/grpc', ...request.headers },
  };
  const result = simulateRequest(index, http);
  result.protocol = 'grpc';
  if (!/^\/[^/]+\/[^/]+$/.test(path)) {
    result.notes = [`a gRPC request's path is /<service>/<method> (e.g. /helloworld.Greeter/SayHello); ${JSON.stringify(path)} is not`, ...(result.notes ?? [])];
  }
  return result;
}

function simulateVirtualServices(index: WorkspaceIndex, request: SimulatedRequest, gateway: string, protocol: RequestProtocol): SimulationResult {
  const notes: string[] = [];
  const sourceNamespace = request.sourceNamespace ?? DEFAULT_NAMESPACE;
  const requestedHost = protocol === 'tls' ? (request.sni ?? request.host) : request.host;
  const hosts = hostCandidates(requestedHost, sourceNamespace);

  const gatewayProblem = checkGatewayListens(index, gateway, hosts, request.port, protocol);
  if (gatewayProblem) return { match: false, protocol, reason: gatewayProblem };

  // Visible VirtualServices bound to the gateway, grouped by how specifically one of their hosts matches.
  const visibility = virtualServiceVisibility(index, request, gateway);
  const hidden: string[] = [];
  let best = -1;
  let candidates: Resource[] = [];
  for (const vs of index.resources('VirtualService')) {
    if (!boundTo(vs, gateway)) continue;
    const score = vsHostScore(vs, hosts);
    if (score < 0) continue;
    const why = visibility(vs);
    if (why) {
      hidden.push(why);
      continue;
    }
    if (score > best) {
      best = score;
      candidates = [vs];
    } else if (score === best) candidates.push(vs);
  }
  const finish = (result: SimulationResult): SimulationResult => {
    if (hidden.length) result.hidden = hidden;
    if (notes.length) result.notes = notes;
    return result;
  };
  if (candidates.length === 0) {
    const seen = hidden.length ? ` visible to the request (${hidden.length} hidden)` : '';
    return finish({ match: false, protocol, reason: `no VirtualService bound to ${gateway} has a host matching ${requestedHost}${seen}` });
  }
  const candidateRefs = candidates.map(resourceRef);

  if (protocol === 'tls' || protocol === 'tcp') {
    for (const vs of candidates) {
      const hit = findL4Route(vs, request, protocol, gateway, notes);
      if (!hit) continue;
      const result: SimulationResult = { match: true, protocol, virtualService: resourceRef(vs) };
      if (protocol === 'tls') result.tlsRouteIndex = hit.index;
      else result.tcpRouteIndex = hit.index;
      return finish({ ...result, route: hit.route, destinations: destinationsOf(hit.route, namespaceOf(vs)), candidates: candidateRefs });
    }
    return finish({ match: false, protocol, candidates: candidateRefs, reason: `no ${protocol.toUpperCase()} route of ${candidateRefs.join(', ')} matches the request` });
  }

  for (const vs of candidates) {
    const routes = flattenRoutes(index, vs, notes);
    for (const flat of routes) {
      if (!routeApplies(flat, vs, request, gateway, notes)) continue;
      const result: SimulationResult = {
        match: true,
        protocol,
        virtualService: resourceRef(vs),
        httpRouteIndex: flat.rootIndex,
        route: flat.route,
        destinations: destinationsOf(flat.route, flat.namespace),
        candidates: candidateRefs,
      };
      if (flat.delegate) result.delegate = flat.delegate;
      return finish(result);
    }
  }
  return finish({ match: false, protocol, candidates: candidateRefs, reason: `no HTTP route of ${candidateRefs.join(', ')} matches the request` });
}

/** The weighted destinations of an HTTP route (a lone destination without weight gets 100). */
export function destinationsOf(route: Record<string, unknown>, vsNamespace: string): RouteDestination[] {
  const items = asArray(route.route).map(asRecord).filter((r): r is Record<string, unknown> => !!r);
  return items.map((item) => {
    const destination = asRecord(item.destination) ?? {};
    const port = asRecord(destination.port)?.number;
    const weight = typeof item.weight === 'number' ? item.weight : items.length === 1 ? 100 : 0;
    const out: RouteDestination = { host: qualifyHost(asString(destination.host) ?? '', vsNamespace), weight };
    const subset = asString(destination.subset);
    if (subset !== undefined) out.subset = subset;
    if (typeof port === 'number') out.port = port;
    return out;
  });
}

function boundTo(vs: Resource, gateway: string): boolean {
  const hosts = asArray(specOf(vs).hosts);
  if (hosts.length === 0) return false; // delegate VirtualServices are reached only through a root
  return virtualServiceGateways(vs).some((ref) => sameGateway(ref, gateway));
}

function vsHostScore(vs: Resource, hosts: string[]): number {
  let best = -1;
  for (const written of asArray(specOf(vs).hosts)) {
    if (typeof written !== 'string') continue;
    const configHost = qualifyHost(written, namespaceOf(vs));
    for (const host of hosts) best = Math.max(best, hostMatchScore(configHost, host));
  }
  return best;
}

/**
 * When the request enters through an Istio Gateway defined in the workspace, that Gateway must have a server
 * for the request's protocol that accepts the host (and port).
 */
function checkGatewayListens(index: WorkspaceIndex, gateway: string, hosts: string[], port: number | undefined, protocol: RequestProtocol): string | undefined {
  if (gateway === MESH_GATEWAY) return undefined;
  const resources = istioGatewaysNamed(index, gateway);
  if (resources.length === 0) return undefined; // not in the workspace: trust the VirtualServices
  for (const resource of resources) {
    for (const server of asArray(specOf(resource).servers).map(asRecord)) {
      if (!server || !serverCarries(server, protocol)) continue;
      const serverPort = asRecord(server.port)?.number;
      if (port !== undefined && typeof serverPort === 'number' && serverPort !== port) continue;
      for (const written of asArray(server.hosts)) {
        if (typeof written !== 'string') continue;
        const host = written.includes('/') ? written.slice(written.indexOf('/') + 1) : written;
        if (hosts.some((h) => hostMatchScore(host.toLowerCase(), h) >= 0)) return undefined;
      }
    }
  }
  const kind = protocol === 'http' ? '' : `${protocol.toUpperCase()} `;
  return `gateway ${gateway} has no ${kind}server for host ${hosts[0]}${port !== undefined ? ` on port ${port}` : ''}`;
}

const L4_PROTOCOLS = new Set(['TCP', 'MONGO', 'MYSQL', 'REDIS']);

/**
 * Whether a Gateway server hands the request's protocol to VirtualService routes of that kind: TLS
 * passthrough (TLS or HTTPS with PASSTHROUGH/AUTO_PASSTHROUGH) to `tls:` routes, TCP-like servers and
 * terminated TLS to `tcp:` routes, everything else to `http:` routes.
 */
function serverCarries(server: Record<string, unknown>, protocol: RequestProtocol): boolean {
  const serverProtocol = String(asRecord(server.port)?.protocol ?? '').toUpperCase();
  const tlsMode = String(asRecord(server.tls)?.mode ?? '').toUpperCase();
  const passthrough = tlsMode === 'PASSTHROUGH' || tlsMode === 'AUTO_PASSTHROUGH';
  if (protocol === 'tls') return (serverProtocol === 'TLS' || serverProtocol === 'HTTPS') && (passthrough || (serverProtocol === 'TLS' && tlsMode === ''));
  if (protocol === 'tcp') return L4_PROTOCOLS.has(serverProtocol) || (serverProtocol === 'TLS' && tlsMode !== '' && !passthrough);
  return !L4_PROTOCOLS.has(serverProtocol) && serverProtocol !== 'TLS' && !(serverProtocol === 'HTTPS' && passthrough);
}

/** The HTTP routes of a root VirtualService, with delegate routes spliced in and their matches merged. */
function flattenRoutes(index: WorkspaceIndex, vs: Resource, notes: string[]): FlatRoute[] {
  const out: FlatRoute[] = [];
  asArray(specOf(vs).http).forEach((raw, rootIndex) => {
    const route = asRecord(raw);
    if (!route) return;
    const rootMatches = matchesOf(route);
    const delegateRef = asRecord(route.delegate);
    if (!delegateRef) {
      out.push({ route, matches: rootMatches, rootIndex, namespace: namespaceOf(vs) });
      return;
    }
    const name = asString(delegateRef.name) ?? '';
    const namespace = asString(delegateRef.namespace) ?? namespaceOf(vs);
    const delegate = index.find('VirtualService', namespace, name);
    if (!delegate) {
      notes.push(`http[${rootIndex}] delegates to ${namespace}/${name}, which is not in the workspace`);
      return;
    }
    if (!exportedTo(delegate, namespaceOf(vs))) {
      notes.push(`http[${rootIndex}] delegates to ${namespace}/${name}, which is not exported to the root's namespace ${namespaceOf(vs)}`);
      return;
    }
    asArray(specOf(delegate).http).forEach((leafRaw, leafIndex) => {
      const leaf = asRecord(leafRaw);
      if (!leaf) return;
      const merged = mergeMatches(rootMatches, matchesOf(leaf));
      if (merged === undefined) {
        notes.push(`${namespace}/${name} http[${leafIndex}] is skipped: its matches conflict with the root route http[${rootIndex}]`);
        return;
      }
      out.push({ route: leaf, matches: merged, rootIndex, namespace: namespaceOf(delegate), delegate: { virtualService: `${namespace}/${name}`, httpRouteIndex: leafIndex } });
    });
  });
  return out;
}

function matchesOf(route: Record<string, unknown>): Match[] {
  return asArray(route.match).map(asRecord).filter((m): m is Match => !!m);
}

// ---- Delegate merge (Istio: a delegate's match must be a subset of its root's) ----

/** Root × leaf match blocks; conflicting pairs are dropped; undefined when every pair conflicts. */
export function mergeMatches(root: Match[], leaf: Match[]): Match[] | undefined {
  if (root.length === 0) return leaf;
  if (leaf.length === 0) return root;
  const merged: Match[] = [];
  for (const r of root) {
    for (const l of leaf) {
      if (matchesConflict(r, l)) continue;
      merged.push(mergeOne(r, l));
    }
  }
  return merged.length ? merged : undefined;
}

function mergeOne(root: Match, leaf: Match): Match {
  const out: Match = { ...leaf };
  for (const key of ['uri', 'scheme', 'method', 'authority', 'port', 'sourceNamespace', 'gateways', 'ignoreUriCase'] as const) {
    if (out[key] === undefined && root[key] !== undefined) out[key] = root[key];
  }
  for (const key of ['headers', 'withoutHeaders', 'queryParams', 'sourceLabels'] as const) {
    const r = asRecord(root[key]);
    if (r) out[key] = { ...r, ...(asRecord(leaf[key]) ?? {}) };
  }
  return out;
}

function matchesConflict(root: Match, leaf: Match): boolean {
  for (const key of ['uri', 'scheme', 'method', 'authority']) {
    if (stringMatchConflict(asRecord(root[key]), asRecord(leaf[key]))) return true;
  }
  for (const key of ['headers', 'withoutHeaders', 'queryParams']) {
    const rootMap = asRecord(root[key]) ?? {};
    for (const [name, value] of Object.entries(asRecord(leaf[key]) ?? {})) {
      if (stringMatchConflict(asRecord(rootMap[name]), asRecord(value))) return true;
    }
  }
  if (Boolean(root.ignoreUriCase) !== Boolean(leaf.ignoreUriCase)) return true;
  if (typeof root.port === 'number' && typeof leaf.port === 'number' && root.port !== leaf.port) return true;
  if (typeof root.sourceNamespace === 'string' && leaf.sourceNamespace !== root.sourceNamespace) return true;
  const rootLabels = asRecord(root.sourceLabels);
  if (rootLabels && Object.keys(rootLabels).length && !labelsMatch(rootLabels, asRecord(leaf.sourceLabels))) return true;
  const rootGateways = asArray(root.gateways);
  if (rootGateways.length && asArray(leaf.gateways).some((g) => !rootGateways.includes(g))) return true;
  return false;
}

function stringMatchConflict(root: Record<string, unknown> | undefined, leaf: Record<string, unknown> | undefined): boolean {
  if (!root || !leaf) return false;
  if (typeof root.regex === 'string' && root.regex !== '') return true;
  const exact = asString(root.exact);
  if (exact) {
    if (typeof leaf.prefix === 'string' && leaf.prefix && !exact.startsWith(leaf.prefix)) return true;
    if (typeof leaf.exact === 'string' && leaf.exact && leaf.exact !== exact) return true;
    if (typeof leaf.regex === 'string' && leaf.regex) return true;
  }
  const prefix = asString(root.prefix);
  if (prefix) {
    if (typeof leaf.prefix === 'string' && leaf.prefix && !leaf.prefix.startsWith(prefix)) return true;
    if (typeof leaf.exact === 'string' && leaf.exact && !leaf.exact.startsWith(prefix)) return true;
    if (typeof leaf.regex === 'string' && leaf.regex) return true;
  }
  return false;
}

// ---- Match evaluation ----

function routeApplies(flat: FlatRoute, vs: Resource, request: SimulatedRequest, gateway: string, notes: string[]): boolean {
  if (flat.matches.length === 0) return true;
  return flat.matches.some((match) => matchBlockApplies(match, vs, request, gateway, notes));
}

/** One match block: every condition written in it must hold (AND). */
export function matchBlockApplies(match: Match, vs: Resource, request: SimulatedRequest, gateway: string, notes: string[]): boolean {
  const { path, query } = splitPath(request);
  const ignoreCase = match.ignoreUriCase === true;
  const uri = asRecord(match.uri);
  if (uri && !stringMatches(uri, path, ignoreCase, notes)) return false;
  const scheme = asRecord(match.scheme);
  if (scheme && !stringMatches(scheme, request.scheme ?? 'http', false, notes)) return false;
  const method = asRecord(match.method);
  if (method && !stringMatches(method, (request.method ?? 'GET').toUpperCase(), false, notes)) return false;
  const authority = asRecord(match.authority);
  const authorityValue = request.authority ?? (request.port !== undefined ? `${request.host}:${request.port}` : request.host);
  if (authority && !stringMatches(authority, authorityValue, false, notes)) return false;

  const headers = lowerKeys(request.headers);
  for (const [name, condition] of Object.entries(asRecord(match.headers) ?? {})) {
    const value = headers[name.toLowerCase()];
    if (value === undefined || !stringMatches(asRecord(condition) ?? {}, value, false, notes)) return false;
  }
  for (const [name, condition] of Object.entries(asRecord(match.withoutHeaders) ?? {})) {
    const value = headers[name.toLowerCase()];
    if (value !== undefined && stringMatches(asRecord(condition) ?? {}, value, false, notes)) return false;
  }
  for (const [name, condition] of Object.entries(asRecord(match.queryParams) ?? {})) {
    const value = query[name];
    if (value === undefined || !stringMatches(asRecord(condition) ?? {}, value, false, notes)) return false;
  }
  if (typeof match.port === 'number' && request.port !== match.port) return false;
  const sourceLabels = asRecord(match.sourceLabels);
  if (sourceLabels && !labelsMatch(sourceLabels, request.sourceLabels)) return false;
  if (typeof match.sourceNamespace === 'string' && match.sourceNamespace !== (request.sourceNamespace ?? DEFAULT_NAMESPACE)) return false;
  const gateways = asArray(match.gateways).filter((g): g is string => typeof g === 'string');
  if (gateways.length && !gateways.some((g) => sameGateway(normalizeGatewayRef(g, namespaceOf(vs)), gateway))) return false;
  return true;
}

export { compileRe2, stringMatches } from './simulateShared.ts';
export type { RouteDestination, SimulatedRequest, SimulationResult };
