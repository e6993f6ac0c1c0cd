// Kubernetes Gateway API routing for the request simulator: a request entering a gateway.networking.k8s.io
// Gateway (HTTPRoutes and GRPCRoutes; TLSRoute and TCPRoute for TLS and TCP requests), or a mesh request to a
// Service or ServiceEntry that such routes attach to (GAMMA), is matched with Gateway API semantics —
// parentRefs with sectionName/port, listener hostname ∩ route hostnames, allowedRoutes, Exact / segment-wise
// PathPrefix / RegularExpression paths, headers, query params, method, gRPC service/method — and the order
// Istio gives the rules of all attached routes once it has turned them into one route list: most specific
// hostname, then exact path, longest prefix, regex, no path (gRPC rules without a method match), method,
// most headers, most query params, oldest route, `ns/name` order, rule order; rules without matches last.
// Mesh routes are also subject to the caller's Sidecar egress hosts.
import type { Resource } from '../model/types.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { DEFAULT_NAMESPACE, namespaceOf } from '../analysis/workspaceIndex.ts';
import { CLUSTER_DOMAIN, asArray, asRecord, asString, hostCandidates, hostMatchScore, resourceRef, specOf, stripPort } from './meshNames.ts';
import {
  GATEWAY_API_GROUP, lowerKeys, regexMatches, requestProtocol, splitPath,
  type RequestProtocol, type RouteDestination, type SimulatedParent, type SimulatedRequest, type SimulationResult,
} from './simulateShared.ts';
import { sidecarFor, sidecarImportsHosts } from './simulateVisibility.ts';

type Json = Record<string, unknown>;

interface ParentRef {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
}

/** A route attached to the request's parent, with how specifically its hostname matched. */
interface Attachment {
  route: Resource;
  parent: SimulatedParent;
  hostScore: number;
}

/** One (route, rule, match) candidate in precedence order. */
interface Entry {
  attachment: Attachment;
  rule: Json;
  ruleIndex: number;
  matchIndex: number | undefined;
  match: Json;
}


// ---- Entry points ----

/**
 * A request through a Gateway API Gateway: HTTP requests use HTTPRoutes on HTTP/HTTPS listeners, TLS requests
 * TLSRoutes on TLS Passthrough listeners (hostnames against the SNI), TCP requests TCPRoutes on TCP or
 * TLS Terminate listeners.
 */
export function simulateThroughGateway(index: WorkspaceIndex, request: SimulatedRequest, gateway: Resource): SimulationResult {
  const notes: string[] = [];
  const gatewayRef = resourceRef(gateway);
  const protocol = requestProtocol(request);
  const routeKinds = ROUTE_KINDS[protocol];
  const host = stripPort(protocol === 'tls' ? (request.sni ?? request.host) : request.host).trim().toLowerCase();
  let bestListenerScore = -1;
  let listeners: Json[] = [];
  for (const listener of asArray(specOf(gateway).listeners).map(asRecord)) {
    if (!listener || !listenerCarries(listener, protocol)) continue;
    if (request.port !== undefined && listener.port !== request.port) continue;
    const score = protocol === 'tcp' ? 0 : hostnameScore(asString(listener.hostname), host);
    if (score < 0) continue;
    if (score > bestListenerScore) {
      bestListenerScore = score;
      listeners = [listener];
    } else if (score === bestListenerScore) listeners.push(listener);
  }
  if (listeners.length === 0) {
    const port = request.port !== undefined ? ` on port ${request.port}` : '';
    return { match: false, protocol, reason: `Gateway ${gatewayRef} has no ${LISTENER_KINDS[protocol]} listener for host ${host}${port}` };
  }

  const attachments: Attachment[] = [];
  for (const routeKind of routeKinds) {
    for (const route of index.resources(routeKind)) {
      if (route.group !== GATEWAY_API_GROUP) continue;
      const attachment = attachToGateway(index, route, routeKind, gateway, listeners, protocol === 'tcp' ? undefined : host, notes);
      if (attachment) attachments.push(attachment);
    }
  }
  const best = Math.max(-1, ...attachments.map((a) => a.hostScore));
  const chosen = attachments.filter((a) => a.hostScore === best);
  if (chosen.length === 0) {
    const names = listeners.map((l) => asString(l.name) ?? '?').join(', ');
    const hostname = protocol === 'tcp' ? '' : ` has a hostname matching ${host}`;
    return withNotes({ match: false, protocol, reason: `no ${routeKinds.join(' or ')} attached to Gateway ${gatewayRef} (listener ${names})${hostname}` }, notes);
  }
  if (protocol === 'tls' || protocol === 'tcp') return firstL4Route(index, protocol, chosen, notes);
  return matchAttached(index, request, chosen, notes, `${routesLabel(chosen)} attached to Gateway ${gatewayRef} for ${host}`);
}

/** Route kinds by request protocol: HTTP and gRPC requests meet HTTPRoutes and GRPCRoutes in one list, as in Istio. */
const ROUTE_KINDS = { http: ['HTTPRoute', 'GRPCRoute'], grpc: ['HTTPRoute', 'GRPCRoute'], tls: ['TLSRoute'], tcp: ['TCPRoute'] } as const;
const ROUTE_KIND = { tls: 'TLSRoute', tcp: 'TCPRoute' } as const;
const LISTENER_KINDS = { http: 'HTTP or HTTPS', grpc: 'HTTP or HTTPS', tls: 'TLS Passthrough', tcp: 'TCP or TLS Terminate' } as const;

function listenerCarries(listener: Json, protocol: RequestProtocol): boolean {
  const listenerProtocol = String(listener.protocol ?? '').toUpperCase();
  const mode = asString(asRecord(listener.tls)?.mode) ?? 'Terminate';
  if (protocol === 'http' || protocol === 'grpc') return listenerProtocol === 'HTTP' || listenerProtocol === 'HTTPS';
  if (protocol === 'tls') return listenerProtocol === 'TLS' && mode === 'Passthrough';
  return listenerProtocol === 'TCP' || (listenerProtocol === 'TLS' && mode === 'Terminate');
}

/**
 * TLSRoute and TCPRoute rules have no matches: the route with the most specific hostname wins, then the
 * oldest, then the first by `ns/name`; its first rule carries the traffic.
 */
function firstL4Route(index: WorkspaceIndex, protocol: 'tls' | 'tcp', attachments: Attachment[], notes: string[]): SimulationResult {
  const ordered = [...attachments].sort((a, b) => compareRoutes(a, b));
  const candidates = [...new Set(attachments.map((a) => resourceRef(a.route)))].sort();
  for (const attachment of ordered) {
    const rule = asRecord(asArray(specOf(attachment.route).rules)[0]);
    if (!rule) continue;
    const result: SimulationResult = { match: true, protocol };
    if (protocol === 'tls') result.tlsRoute = resourceRef(attachment.route);
    else result.tcpRoute = resourceRef(attachment.route);
    Object.assign(result, {
      ruleIndex: 0,
      rule,
      parent: attachment.parent,
      destinations: backendDestinations(index, rule, attachment.route, notes),
      candidates,
    });
    return withNotes(result, notes);
  }
  return withNotes({ match: false, protocol, candidates, reason: `no ${ROUTE_KIND[protocol]} attached has a rule` }, notes);
}

/**
 * A mesh HTTP request to a Service or ServiceEntry that HTTPRoutes or GRPCRoutes attach to (GAMMA). Undefined
 * when no route applies, so the caller falls back to VirtualServices (carrying `hidden` into that answer).
 * Routes in the caller's namespace (consumer routes) win over routes in the parent's namespace (producer
 * routes). A route the caller's Sidecar does not import (egress `ns/host` with the route's namespace and a
 * host covering the parent's host) is hidden, as Istio scopes the VirtualServices it generates from them.
 */
export function simulateMeshHttpRoutes(index: WorkspaceIndex, request: SimulatedRequest, hidden: string[]): SimulationResult | undefined {
  const sourceNamespace = request.sourceNamespace ?? DEFAULT_NAMESPACE;
  const names = hostCandidates(request.host, sourceNamespace);
  const sidecar = sidecarFor(index, sourceNamespace, request.sourceLabels);
  // The parent is known from the parentRefs themselves, so a workspace without the Service object still works.
  let parentNamespace: string | undefined;
  const attached: Attachment[] = [];
  for (const routeKind of ['HTTPRoute', 'GRPCRoute']) {
    for (const route of index.resources(routeKind)) {
      if (route.group !== GATEWAY_API_GROUP) continue;
      for (const ref of parentRefsOf(route)) {
        const hosts = meshParentHosts(index, ref, names);
        if (hosts.length === 0) continue;
        if (ref.port !== undefined && request.port !== undefined && ref.port !== request.port) continue;
        parentNamespace = ref.namespace;
        if (sidecar && !sidecarImportsHosts(sidecar, namespaceOf(route), hosts, request.port)) {
          hidden.push(`${route.kind} ${resourceRef(route)} is not among the egress hosts of Sidecar ${resourceRef(sidecar)}`);
          break;
        }
        const parent: SimulatedParent = { kind: ref.kind === 'ServiceEntry' ? 'ServiceEntry' : 'Service', ref: `${ref.namespace}/${ref.name}` };
        if (ref.port !== undefined) parent.port = ref.port;
        attached.push({ route, parent, hostScore: 0 });
        break;
      }
    }
  }
  if (parentNamespace === undefined) return undefined;
  const consumers = attached.filter((a) => namespaceOf(a.route) !== parentNamespace && namespaceOf(a.route) === sourceNamespace);
  const producers = attached.filter((a) => namespaceOf(a.route) === parentNamespace);
  const chosen = consumers.length ? consumers : producers;
  if (chosen.length === 0) return undefined;
  const notes: string[] = [];
  if (consumers.length && producers.length) {
    notes.push(`consumer ${routesLabel(consumers)} in ${sourceNamespace} take precedence over the producer routes ${producers.map((a) => resourceRef(a.route)).join(', ')}`);
  }
  const result = matchAttached(index, request, chosen, notes, `${routesLabel(chosen)} attached to ${chosen[0]!.parent.kind} ${chosen[0]!.parent.ref}`);
  if (hidden.length) result.hidden = hidden;
  return result;
}

/**
 * The hosts by which a mesh parentRef catches the request: a Service's `name.namespace.svc.cluster.local`, or
 * the hosts of a ServiceEntry (group networking.istio.io) that match the request. Empty when the parentRef is
 * not a mesh parent or does not cover the request.
 */
function meshParentHosts(index: WorkspaceIndex, ref: ParentRef, names: string[]): string[] {
  if (ref.kind === 'Service' && ['', 'core'].includes(ref.group)) {
    const host = `${ref.name}.${ref.namespace}.${CLUSTER_DOMAIN}`.toLowerCase();
    return names.includes(host) ? [host] : [];
  }
  if (ref.kind === 'ServiceEntry' && ref.group === ISTIO_NETWORKING_GROUP) {
    // Without the ServiceEntry its hosts are unknown, so the route catches nothing (Istio attaches it to no host).
    const entry = index.find('ServiceEntry', ref.namespace, ref.name);
    if (!entry) return [];
    const hosts = asArray(specOf(entry).hosts).filter((h): h is string => typeof h === 'string').map((h) => h.trim().toLowerCase());
    return hosts.filter((host) => names.some((name) => hostMatchScore(host, name) >= 0));
  }
  return [];
}

const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

// ---- Attachment ----

function parentRefsOf(route: Resource): ParentRef[] {
  const out: ParentRef[] = [];
  for (const raw of asArray(specOf(route).parentRefs).map(asRecord)) {
    if (!raw) continue;
    const kind = asString(raw.kind) ?? 'Gateway';
    // Lenient: a Service parent without `group` is read as the core group it must be.
    const group = asString(raw.group) ?? (kind === 'Service' ? '' : GATEWAY_API_GROUP);
    const ref: ParentRef = { group, kind, namespace: asString(raw.namespace) ?? namespaceOf(route), name: asString(raw.name) ?? '' };
    const sectionName = asString(raw.sectionName);
    if (sectionName !== undefined) ref.sectionName = sectionName;
    if (typeof raw.port === 'number') ref.port = raw.port;
    out.push(ref);
  }
  return out;
}

/** How a route attaches to the chosen listeners; `host` is undefined for TCP (no hostnames). */
function attachToGateway(
  index: WorkspaceIndex, route: Resource, routeKind: string, gateway: Resource, listeners: Json[], host: string | undefined, notes: string[],
): Attachment | undefined {
  let best: Attachment | undefined;
  for (const ref of parentRefsOf(route)) {
    if (ref.kind !== 'Gateway' || ref.group !== GATEWAY_API_GROUP) continue;
    if (ref.namespace !== namespaceOf(gateway) || ref.name !== gateway.name) continue;
    for (const listener of listeners) {
      const name = asString(listener.name) ?? '';
      if (ref.sectionName !== undefined && ref.sectionName !== name) continue;
      if (ref.port !== undefined && ref.port !== listener.port) continue;
      const listenerHostname = asString(listener.hostname);
      const hostnames = asArray(specOf(route).hostnames).filter((h): h is string => typeof h === 'string');
      // A route without hostnames takes the listener's; otherwise one of its hostnames must match the request.
      // The request already matches the listener's hostname, so the two intersect, and the intersection is
      // as specific as the more specific of them (`*.example.com` on a `shop.example.com` listener is exact).
      const routeScore = host === undefined ? 0 : hostnames.length ? Math.max(-1, ...hostnames.map((h) => hostnameScore(h, host))) : 0;
      if (routeScore < 0) continue;
      const score = host === undefined ? 0 : Math.max(routeScore, hostnameScore(listenerHostname, host));
      const refusal = allowedRoutesRefusal(index, listener, namespaceOf(gateway), route, routeKind);
      if (refusal) {
        const note = `${resourceRef(route)} is not allowed on listener ${name}: ${refusal}`;
        if (!notes.includes(note)) notes.push(note);
        continue;
      }
      if (!best || score > best.hostScore) {
        const parent: SimulatedParent = { kind: 'Gateway', ref: resourceRef(gateway), listener: name };
        if (typeof listener.port === 'number') parent.port = listener.port;
        if (listenerHostname !== undefined) parent.hostname = listenerHostname;
        best = { route, parent, hostScore: score };
      }
    }
  }
  return best;
}

/**
 * How specifically a Gateway API hostname matches a request host: -1 no match; no hostname matches anything
 * (0); an exact hostname beats every wildcard; a longer wildcard beats a shorter one. `*.example.com` matches
 * `a.example.com` and `a.b.example.com`, never `example.com`.
 */
export function hostnameScore(hostname: string | undefined, host: string): number {
  if (hostname === undefined || hostname === '') return 0;
  const pattern = hostname.trim().toLowerCase();
  if (pattern === host) return 1_000_000 + pattern.length;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length ? pattern.length : -1;
  }
  return -1;
}

/** Why a listener's allowedRoutes refuses the route (kinds, then namespaces), or undefined when allowed. */
function allowedRoutesRefusal(index: WorkspaceIndex, listener: Json, gatewayNamespace: string, route: Resource, routeKind: string): string | undefined {
  const allowed = asRecord(listener.allowedRoutes);
  const kinds = asArray(allowed?.kinds).map(asRecord).filter((k): k is Json => !!k);
  if (kinds.length && !kinds.some((k) => k.kind === routeKind && (asString(k.group) ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP)) {
    return `allowedRoutes.kinds does not include ${routeKind}`;
  }
  const namespaces = asRecord(allowed?.namespaces);
  const from = asString(namespaces?.from) ?? 'Same';
  const routeNamespace = namespaceOf(route);
  if (from === 'All') return undefined;
  if (from === 'Same') return routeNamespace === gatewayNamespace ? undefined : `allowedRoutes.namespaces.from is Same (${gatewayNamespace})`;
  if (from === 'Selector') {
    const namespace = index.find('Namespace', '', routeNamespace) ?? index.resources('Namespace').find((n) => n.name === routeNamespace);
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': routeNamespace };
    const written = asRecord(asRecord(namespace?.object.metadata)?.labels) ?? {};
    for (const [key, value] of Object.entries(written)) labels[key] = String(value);
    if (selectorMatches(asRecord(namespaces?.selector), labels)) return undefined;
    return namespace
      ? `namespace ${routeNamespace} does not match allowedRoutes.namespaces.selector`
      : `namespace ${routeNamespace} is not in the workspace, so only its kubernetes.io/metadata.name label is known and the selector does not match`;
  }
  return `allowedRoutes.namespaces.from ${from} is not understood`;
}

/** A Kubernetes label selector (matchLabels and matchExpressions); an empty selector selects everything. */
export function selectorMatches(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(asRecord(selector.matchLabels) ?? {})) {
    if (labels[key] !== String(value)) return false;
  }
  for (const expression of asArray(selector.matchExpressions).map(asRecord)) {
    if (!expression) continue;
    const key = asString(expression.key) ?? '';
    const values = asArray(expression.values).map(String);
    const has = Object.hasOwn(labels, key);
    switch (expression.operator) {
      case 'In': if (!has || !values.includes(labels[key]!)) return false; break;
      case 'NotIn': if (has && values.includes(labels[key]!)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

// ---- Precedence and matching ----

function matchAttached(index: WorkspaceIndex, request: SimulatedRequest, attachments: Attachment[], notes: string[], what: string): SimulationResult {
  const entries: Entry[] = [];
  for (const attachment of attachments) {
    asArray(specOf(attachment.route).rules).forEach((raw, ruleIndex) => {
      const rule = asRecord(raw);
      if (!rule) return;
      const matches = asArray(rule.matches).map(asRecord);
      if (matches.length === 0) entries.push({ attachment, rule, ruleIndex, matchIndex: undefined, match: {} });
      matches.forEach((match, matchIndex) => {
        if (match) entries.push({ attachment, rule, ruleIndex, matchIndex, match });
      });
    });
  }
  entries.sort(comparePrecedence);
  const candidates = [...new Set(attachments.map((a) => resourceRef(a.route)))].sort();
  for (const entry of entries) {
    const grpc = entry.attachment.route.kind === 'GRPCRoute';
    if (!(grpc ? grpcMatchApplies(entry.match, request, notes) : gatewayApiMatchApplies(entry.match, request, notes))) continue;
    const result: SimulationResult = { match: true, protocol: 'http' };
    if (grpc) result.grpcRoute = resourceRef(entry.attachment.route);
    else result.httpRoute = resourceRef(entry.attachment.route);
    Object.assign(result, {
      ruleIndex: entry.ruleIndex,
      rule: entry.rule,
      parent: entry.attachment.parent,
      destinations: backendDestinations(index, entry.rule, entry.attachment.route, notes),
      candidates,
    });
    if (entry.matchIndex !== undefined) result.matchIndex = entry.matchIndex;
    return withNotes(result, notes);
  }
  return withNotes({ match: false, protocol: 'http', candidates, reason: `no rule of the ${what} matches the request` }, notes);
}

/** `HTTPRoutes`, `GRPCRoutes` or `HTTPRoutes and GRPCRoutes`, by the kinds among the attachments. */
function routesLabel(attachments: Attachment[]): string {
  return [...new Set(attachments.map((a) => a.route.kind))].sort().reverse().map((kind) => `${kind}s`).join(' and ');
}

function withNotes(result: SimulationResult, notes: string[]): SimulationResult {
  if (notes.length) result.notes = notes;
  return result;
}

function pathOf(match: Json): { type: string; value: string } {
  const path = asRecord(match.path);
  return { type: asString(path?.type) ?? 'PathPrefix', value: asString(path?.value) ?? '/' };
}

const PATH_RANK: Record<string, number> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

/** The URI condition Istio derives from a match: an HTTPRoute path, or a GRPCRoute method match; undefined for none. */
interface UriCondition {
  type: 'Exact' | 'PathPrefix' | 'RegularExpression' | string;
  value: string;
}

/**
 * A GRPCRoute method match as the path condition Istio turns it into (a gRPC request is a POST to
 * `/<service>/<method>`): Exact with both → exact `/S/M`; Exact with only a service → prefix `/S/`; only a
 * method (either type) → regex `/[^/]+/M`; RegularExpression with only a service → regex `/S/.+`, with both →
 * regex `/S/M`. No method match → no path condition. `invalid` when neither service nor method is given.
 */
export function grpcUriCondition(match: Json): UriCondition | undefined | 'invalid' {
  const method = asRecord(match.method);
  if (!method) return undefined;
  const type = asString(method.type) ?? 'Exact';
  const service = asString(method.service);
  const name = asString(method.method);
  if (service === undefined && name === undefined) return 'invalid';
  if (service === undefined) return { type: 'RegularExpression', value: `/[^/]+/${name}` };
  if (type === 'Exact') return name === undefined ? { type: 'PathPrefix', value: `/${service}/` } : { type: 'Exact', value: `/${service}/${name}` };
  if (type === 'RegularExpression') return { type: 'RegularExpression', value: name === undefined ? `/${service}/.+` : `/${service}/${name}` };
  return 'invalid';
}

/** Rank and length of an entry's URI condition, as Istio sorts generated routes (no condition ranks last). */
function uriRank(entry: Entry): { rank: number; length: number } {
  if (entry.attachment.route.kind === 'GRPCRoute') {
    const uri = grpcUriCondition(entry.match);
    if (uri === undefined || uri === 'invalid') return { rank: 0, length: 0 };
    return { rank: PATH_RANK[uri.type] ?? 0, length: uri.value.length };
  }
  const path = pathOf(entry.match);
  // Istio drops a prefix's trailing slash (except for `/`) before comparing lengths.
  const value = path.type === 'PathPrefix' && path.value !== '/' ? path.value.replace(/\/+$/, '') : path.value;
  return { rank: PATH_RANK[path.type] ?? 0, length: value.length };
}

/** HTTP method and query conditions exist only on HTTPRoute matches (a GRPCRoute `method` is the gRPC method). */
function httpOnly(entry: Entry, key: 'method' | 'queryParams'): unknown {
  return entry.attachment.route.kind === 'GRPCRoute' ? undefined : entry.match[key];
}

/**
 * Gateway API precedence as Istio applies it to the merged HTTPRoute and GRPCRoute rules of one hostname:
 * hostname specificity; then exact, prefix, regex, then no path condition (longer first within each); then a
 * method match; the most header matches; the most query-param matches; the oldest route; `ns/name`; rule and
 * match order. A rule without `matches` comes after every rule with some.
 */
export function comparePrecedence(a: Entry, b: Entry): number {
  const ua = uriRank(a);
  const ub = uriRank(b);
  return (
    b.attachment.hostScore - a.attachment.hostScore ||
    Number(a.matchIndex === undefined) - Number(b.matchIndex === undefined) ||
    ub.rank - ua.rank ||
    ub.length - ua.length ||
    Number(httpOnly(b, 'method') !== undefined) - Number(httpOnly(a, 'method') !== undefined) ||
    asArray(b.match.headers).length - asArray(a.match.headers).length ||
    asArray(httpOnly(b, 'queryParams')).length - asArray(httpOnly(a, 'queryParams')).length ||
    compareRoutes(a.attachment, b.attachment) ||
    a.ruleIndex - b.ruleIndex ||
    (a.matchIndex ?? 0) - (b.matchIndex ?? 0)
  );
}

/** Between routes: the oldest (by creationTimestamp; routes without one last), then `ns/name`. */
function compareRoutes(a: Attachment, b: Attachment): number {
  const created = (x: Attachment) => asString(asRecord(x.route.object.metadata)?.creationTimestamp);
  const ca = created(a);
  const cb = created(b);
  if (ca !== undefined && cb !== undefined && ca !== cb) return ca < cb ? -1 : 1;
  if ((ca === undefined) !== (cb === undefined)) return ca === undefined ? 1 : -1;
  return compareText(resourceRef(a.route), resourceRef(b.route));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One HTTPRouteMatch: path (default PathPrefix /), headers, queryParams and method must all hold. */
export function gatewayApiMatchApplies(match: Json, request: SimulatedRequest, notes: string[] = []): boolean {
  const { path, query } = splitPath(request);
  const wanted = pathOf(match);
  if (wanted.type === 'Exact' && path !== wanted.value) return false;
  if (wanted.type === 'PathPrefix' && !pathPrefixMatches(wanted.value, path)) return false;
  if (wanted.type === 'RegularExpression' && !regexMatches(wanted.value, path, notes)) return false;
  if (!(wanted.type in PATH_RANK)) return false;
  if (!headersMatch(match, request, notes)) return false;
  const seenParams = new Set<string>();
  for (const condition of asArray(match.queryParams).map(asRecord)) {
    const name = asString(condition?.name);
    if (!condition || name === undefined || seenParams.has(name)) continue;
    seenParams.add(name);
    if (!valueMatches(condition, query[name], notes)) return false;
  }
  const method = asString(match.method);
  if (method !== undefined && method.toUpperCase() !== (request.method ?? 'GET').toUpperCase()) return false;
  return true;
}

/**
 * One GRPCRouteMatch: the path condition Istio derives from `method` (see grpcUriCondition; a prefix is a plain
 * string prefix here, since it ends with `/`) and `headers` must hold. An empty method match never matches.
 */
export function grpcMatchApplies(match: Json, request: SimulatedRequest, notes: string[] = []): boolean {
  const { path } = splitPath(request);
  const uri = grpcUriCondition(match);
  if (uri === 'invalid') {
    const note = 'a GRPCRoute method match names neither service nor method (or has an unknown type); Istio rejects it';
    if (!notes.includes(note)) notes.push(note);
    return false;
  }
  if (uri?.type === 'Exact' && path !== uri.value) return false;
  if (uri?.type === 'PathPrefix' && !path.startsWith(uri.value)) return false;
  if (uri?.type === 'RegularExpression' && !regexMatches(uri.value, path, notes)) return false;
  return headersMatch(match, request, notes);
}

/** Gateway API header matches (`Exact` or `RegularExpression`; names case-insensitive, the first entry of a name wins). */
function headersMatch(match: Json, request: SimulatedRequest, notes: string[]): boolean {
  const headers = lowerKeys(request.headers);
  const seenHeaders = new Set<string>();
  for (const condition of asArray(match.headers).map(asRecord)) {
    const name = asString(condition?.name)?.toLowerCase();
    if (!condition || name === undefined || seenHeaders.has(name)) continue;
    seenHeaders.add(name);
    if (!valueMatches(condition, headers[name], notes)) return false;
  }
  return true;
}

function valueMatches(condition: Json, actual: string | undefined, notes: string[]): boolean {
  if (actual === undefined) return false;
  const value = asString(condition.value) ?? '';
  const type = asString(condition.type) ?? 'Exact';
  if (type === 'Exact') return actual === value;
  if (type === 'RegularExpression') return regexMatches(value, actual, notes);
  return false;
}

/** Segment-wise prefix: `/abc` (or `/abc/`) matches `/abc`, `/abc/` and `/abc/def`, never `/abcd`. */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') return true;
  return path === trimmed || path.startsWith(`${trimmed}/`);
}

// ---- Backends ----

/** The rule's backendRefs as weighted destinations (weights default to 1 and are shown as percentages). */
function backendDestinations(index: WorkspaceIndex, rule: Json, route: Resource, notes: string[]): RouteDestination[] {
  const refs = asArray(rule.backendRefs).map(asRecord).filter((r): r is Json => !!r);
  const weights = refs.map((r) => (typeof r.weight === 'number' ? r.weight : 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const routeNamespace = namespaceOf(route);
  return refs.map((ref, i) => {
    const group = asString(ref.group) ?? '';
    const kind = asString(ref.kind) ?? 'Service';
    const name = asString(ref.name) ?? '';
    const namespace = asString(ref.namespace) ?? routeNamespace;
    let host: string;
    if (kind === 'Service' && (group === '' || group === 'core')) host = `${name}.${namespace}.${CLUSTER_DOMAIN}`;
    else if (kind === 'Hostname') host = name;
    else host = `${kind}/${namespace}/${name}`;
    if (namespace !== routeNamespace && kind !== 'Hostname' && !referenceGranted(index, route.kind, routeNamespace, namespace, group, kind, name)) {
      notes.push(`backendRef ${namespace}/${name} is in another namespace and no ReferenceGrant in ${namespace} allows ${route.kind}s from ${routeNamespace}: it would be refused`);
    }
    const destination: RouteDestination = { host, weight: total > 0 ? Math.round((weights[i]! / total) * 10_000) / 100 : 0 };
    if (typeof ref.port === 'number') destination.port = ref.port;
    return destination;
  });
}

function referenceGranted(index: WorkspaceIndex, routeKind: string, fromNamespace: string, toNamespace: string, group: string, kind: string, name: string): boolean {
  return index.resources('ReferenceGrant').some((grant) => {
    if (namespaceOf(grant) !== toNamespace) return false;
    const spec = specOf(grant);
    const from = asArray(spec.from).map(asRecord).some((f) => f && f.group === GATEWAY_API_GROUP && f.kind === routeKind && f.namespace === fromNamespace);
    const to = asArray(spec.to).map(asRecord).some((t) => t && (asString(t.group) ?? '') === group && t.kind === kind && (t.name === undefined || t.name === name));
    return from && to;
  });
}
