// The request simulator: which VirtualService and which HTTP route a hypothetical request matches, following
// Istio's semantics (host and gateway binding, first match wins, OR between match blocks and AND inside one,
// exact/prefix/regex with RE2 full-match, ignoreUriCase, headers/withoutHeaders, query params, port, method,
// authority, source labels/namespace, per-match gateways, and delegate VirtualServices with Istio's merge rule).
import type { Resource } from '../model/types.ts';
import type { RouteDestination, SimulatedRequest, SimulationResult } from '../../../protocol/webview.ts';
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { DEFAULT_NAMESPACE, namespaceOf } from '../analysis/workspaceIndex.ts';
import {
  MESH_GATEWAY, asArray, asRecord, asString, hostCandidates, hostMatchScore, labelsMatch, normalizeGatewayRef,
  qualifyHost, resourceRef, specOf, virtualServiceGateways,
} from './meshNames.ts';

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

/** Runs the request through the VirtualServices of the index. */
export function simulateRequest(index: WorkspaceIndex, request: SimulatedRequest): SimulationResult {
  const notes: string[] = [];
  const sourceNamespace = request.sourceNamespace ?? DEFAULT_NAMESPACE;
  const gateway = requestGateway(request.gateway);
  const hosts = hostCandidates(request.host, sourceNamespace);

  const gatewayProblem = checkGatewayListens(index, gateway, hosts, request.port);
  if (gatewayProblem) return { match: false, reason: gatewayProblem };

  // VirtualServices bound to the gateway, grouped by how specifically one of their hosts matches.
  let best = -1;
  let candidates: Resource[] = [];
  for (const vs of index.resources('VirtualService')) {
    if (!boundTo(vs, gateway)) continue;
    const score = vsHostScore(vs, hosts);
    if (score < 0) continue;
    if (score > best) {
      best = score;
      candidates = [vs];
    } else if (score === best) candidates.push(vs);
  }
  if (candidates.length === 0) {
    return { match: false, reason: `no VirtualService bound to ${gateway} has a host matching ${request.host}` };
  }

  for (const vs of candidates) {
    const routes = flattenRoutes(index, vs, notes);
    for (const flat of routes) {
      if (!routeApplies(flat, vs, request, gateway, notes)) continue;
      const result: SimulationResult = {
        match: true,
        virtualService: resourceRef(vs),
        httpRouteIndex: flat.rootIndex,
        route: flat.route,
        destinations: destinationsOf(flat.route, flat.namespace),
        candidates: candidates.map(resourceRef),
      };
      if (flat.delegate) result.delegate = flat.delegate;
      if (notes.length) result.notes = notes;
      return result;
    }
  }
  const result: SimulationResult = {
    match: false,
    candidates: candidates.map(resourceRef),
    reason: `no HTTP route of ${candidates.map(resourceRef).join(', ')} matches the request`,
  };
  if (notes.length) result.notes = notes;
  return result;
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

function requestGateway(gateway: string | undefined): string {
  if (!gateway || gateway === MESH_GATEWAY) return MESH_GATEWAY;
  return gateway.trim();
}

/** Gateway refs compare as `ns/name`; a bare name in the request matches a gateway of any namespace. */
function sameGateway(configRef: string, requested: string): boolean {
  if (configRef === requested) return true;
  if (!requested.includes('/') && requested !== MESH_GATEWAY) return configRef.endsWith(`/${requested}`);
  return false;
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

/** When the request enters through a Gateway defined in the workspace, that Gateway must listen for the host (and port). */
function checkGatewayListens(index: WorkspaceIndex, gateway: string, hosts: string[], port: number | undefined): string | undefined {
  if (gateway === MESH_GATEWAY) return undefined;
  const resources = index.resources('Gateway').filter((g) => sameGateway(resourceRef(g), gateway));
  if (resources.length === 0) return undefined; // not in the workspace: trust the VirtualServices
  for (const resource of resources) {
    for (const server of asArray(specOf(resource).servers).map(asRecord)) {
      if (!server) continue;
      const serverPort = asRecord(server.port)?.number;
      if (port !== undefined && typeof serverPort === 'number' && serverPort !== port) continue;
      for (const written of asArray(server.hosts)) {
        if (typeof written !== 'string') continue;
        const host = written.includes('/') ? written.slice(written.indexOf('/') + 1) : written;
        if (hosts.some((h) => hostMatchScore(host.toLowerCase(), h) >= 0)) return undefined;
      }
    }
  }
  return `gateway ${gateway} has no server for host ${hosts[0]}${port !== undefined ? ` on port ${port}` : ''}`;
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

function splitPath(request: SimulatedRequest): { path: string; query: Record<string, string> } {
  const raw = request.path ?? '/';
  const question = raw.indexOf('?');
  const path = question >= 0 ? raw.slice(0, question) : raw;
  const query: Record<string, string> = {};
  if (question >= 0) {
    for (const part of raw.slice(question + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const key = decodeURIComponent(eq >= 0 ? part.slice(0, eq) : part);
      query[key] = decodeURIComponent(eq >= 0 ? part.slice(eq + 1) : '');
    }
  }
  Object.assign(query, request.query ?? {});
  return { path, query };
}

function lowerKeys(record: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key.toLowerCase()] = value;
  return out;
}

/** Istio StringMatch: exact, prefix or regex (RE2, whole string). An empty condition only requires presence. */
export function stringMatches(condition: Record<string, unknown>, value: string, ignoreCase: boolean, notes: string[] = []): boolean {
  if (typeof condition.exact === 'string') {
    return ignoreCase ? value.toLowerCase() === condition.exact.toLowerCase() : value === condition.exact;
  }
  if (typeof condition.prefix === 'string') {
    return ignoreCase ? value.toLowerCase().startsWith(condition.prefix.toLowerCase()) : value.startsWith(condition.prefix);
  }
  if (typeof condition.regex === 'string') {
    const regex = compileRe2(condition.regex);
    if (!regex) {
      notes.push(`regex ${JSON.stringify(condition.regex)} is not valid RE2; it matches nothing`);
      return false;
    }
    return regex.test(value);
  }
  return true;
}

const regexCache = new Map<string, RegExp | null>();

/**
 * Compiles an RE2 pattern as a JavaScript RegExp anchored at both ends (Envoy's safe_regex matches the whole
 * value). RE2 features JavaScript lacks the other way round (lookaround, backreferences) are refused.
 */
export function compileRe2(pattern: string): RegExp | undefined {
  if (regexCache.has(pattern)) return regexCache.get(pattern) ?? undefined;
  let source = pattern;
  let flags = '';
  const inlineFlags = /^\(\?([ims]+)\)/.exec(source);
  if (inlineFlags) {
    source = source.slice(inlineFlags[0].length);
    for (const flag of inlineFlags[1]!) if (!flags.includes(flag)) flags += flag;
  }
  let compiled: RegExp | null = null;
  if (!/\(\?[=!<]|\\[1-9]|\\k</.test(source)) {
    try {
      compiled = new RegExp(`^(?:${source})$`, flags);
    } catch {
      compiled = null;
    }
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(pattern, compiled);
  return compiled ?? undefined;
}

export type { RouteDestination, SimulatedRequest, SimulationResult };
