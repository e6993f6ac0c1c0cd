// Small helpers shared by analyzers: building findings and related locations, reading typed fields,
// Istio's port-name protocol rules, host matching and edit-distance suggestions.
import type { Finding, ObjectPath, RelatedLocation, Resource } from '../model/types.ts';
import { namespaceOf } from './workspaceIndex.ts';

export interface FindingExtras {
  readonly related?: readonly RelatedLocation[];
  readonly data?: Readonly<Record<string, unknown>>;
  readonly on?: 'key' | 'value';
  readonly severity?: Finding['severity'];
}

const extracted = new WeakMap<object, Map<string, unknown>>();

/**
 * Data an analyzer derives from one resource, cached per YAML document: unchanged documents are not
 * re-read when a workspace analyzer re-runs after an edit elsewhere.
 */
export function perDocument<T>(resource: Resource, key: string, compute: () => T): T {
  let map = extracted.get(resource.document);
  if (!map) extracted.set(resource.document, (map = new Map()));
  if (!map.has(key)) map.set(key, compute());
  return map.get(key) as T;
}

/** A finding on a field of a resource. */
export function findingOn(resource: Resource, code: string, path: ObjectPath, message: string, extras: FindingExtras = {}): Finding {
  return { code, uri: resource.uri, document: resource.document, path, message, ...extras };
}

/** A related location on another resource. */
export function relatedTo(resource: Resource, path: ObjectPath, message: string): RelatedLocation {
  return { uri: resource.uri, document: resource.document, path, message };
}

/** `Kind namespace/name`, as istioctl prints resources. */
export function describe(resource: Resource): string {
  return `${resource.kind} ${namespaceOf(resource)}/${resource.name}`;
}

/** `namespace/name`. */
export function fullName(resource: Resource): string {
  return `${namespaceOf(resource)}/${resource.name}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** The list's items as objects (non-objects read as empty ones); the list itself when every item is an object. */
export function records(value: unknown): readonly Record<string, unknown>[] {
  if (!Array.isArray(value)) return NONE;
  for (let i = 0; i < value.length; i++) if (!isRecord(value[i])) return value.map((v) => (isRecord(v) ? v : {}));
  return value as Record<string, unknown>[];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The list's string items; the list itself when every item is a string. */
export function strings(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return NONE;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return value.filter((v): v is string => typeof v === 'string');
  return value as string[];
}

const NONE: readonly never[] = Object.freeze([]);

/** A route destination with the path of its `destination` mapping. */
export interface DestinationRef {
  readonly destination: Record<string, unknown>;
  readonly path: ObjectPath;
  /** 'http' | 'tcp' | 'tls' | 'mirror' | 'mirrors' */
  readonly kind: string;
}

/** Route destinations of a VirtualService, in istioctl's order (tcp, tls, http). */
export function routeDestinations(spec: Record<string, unknown>): DestinationRef[] {
  const out: DestinationRef[] = [];
  for (const section of ['tcp', 'tls', 'http']) {
    records(spec[section]).forEach((rule, i) => {
      records(rule.route).forEach((route, j) => {
        if (isRecord(route.destination)) out.push({ destination: route.destination, path: ['spec', section, i, 'route', j, 'destination'], kind: section });
      });
    });
  }
  return out;
}

/** HTTP mirror destinations of a VirtualService (`mirror` and `mirrors[].destination`). */
export function mirrorDestinations(spec: Record<string, unknown>): DestinationRef[] {
  const out: DestinationRef[] = [];
  records(spec.http).forEach((rule, i) => {
    if (isRecord(rule.mirror)) out.push({ destination: rule.mirror, path: ['spec', 'http', i, 'mirror'], kind: 'mirror' });
    records(rule.mirrors).forEach((m, j) => {
      if (isRecord(m.destination)) out.push({ destination: m.destination, path: ['spec', 'http', i, 'mirrors', j, 'destination'], kind: 'mirrors' });
    });
  });
  return out;
}

const PROTOCOLS = new Map(
  ['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql'].map((p) => [p, p.toUpperCase()]),
);
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306]);

/** Istio's protocol for a Service port (name prefix, appProtocol, UDP), or undefined when unrecognised. */
export function serviceProtocol(port: number, name: string, protocol: string | undefined, appProtocol: string | undefined): string | undefined {
  if (protocol === 'UDP') return 'UDP';
  let candidate = name;
  if (appProtocol !== undefined) {
    if (appProtocol === 'kubernetes.io/h2c') return 'HTTP2';
    if (appProtocol === 'kubernetes.io/ws') return 'HTTP';
    if (appProtocol === 'kubernetes.io/wss') return 'HTTPS';
    candidate = appProtocol;
  }
  if (candidate.toLowerCase().startsWith('grpc-web')) return 'GRPC-WEB';
  const dash = candidate.indexOf('-');
  const prefix = (dash >= 0 ? candidate.slice(0, dash) : candidate).toLowerCase();
  const known = PROTOCOLS.get(prefix);
  if (known) return known;
  return WELL_KNOWN_TCP_PORTS.has(port) ? 'TCP' : undefined;
}

/** Does a (possibly wildcard) host pattern match a host? `*.foo.com` matches `a.foo.com`; `*` matches all. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host || pattern === '*') return true;
  if (pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    if (host.startsWith('*')) return host.slice(1).endsWith(suffix);
    return host.endsWith(suffix);
  }
  return false;
}

/** Istio's host.Name.Matches: either side may be a wildcard covering the other. */
export function hostsOverlap(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}

/** Levenshtein distance (small strings). */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const temp = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = temp;
    }
  }
  return previous[b.length]!;
}

/** The closest candidate within a third of the length (at least 2 edits), or undefined. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(value.length / 3));
  for (const candidate of candidates) {
    if (candidate === value || Math.abs(candidate.length - value.length) > Math.min(limit, bestDistance)) continue;
    const distance = editDistance(value, candidate);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` Did you mean "x"?` or ''. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion ? ` Did you mean "${suggestion}"?` : '';
}

/** The exportTo list of a resource's spec. */
export function exportToOf(spec: Record<string, unknown>): readonly string[] {
  return strings(spec.exportTo);
}

/** Scopes a resource is visible in: ['*'] when exported everywhere, else the namespaces. */
export function exportScopes(exportTo: readonly string[], namespace: string): string[] {
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((e) => (e === '.' ? namespace : e)))];
}
