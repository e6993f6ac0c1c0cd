// Route test cases ("this request must hit that route"), read from YAML and checked with the simulator.
// Used by `meshwright test-routes` and by the simulator's table tests. Format (a `*.routes.yaml` file):
//
//   cases:
//     - name: reviews v2 for jason
//       request: {host: reviews, sourceNamespace: bookinfo, headers: {end-user: jason}}
//       expect: {virtualService: bookinfo/reviews, httpRouteIndex: 0, destination: {host: reviews, subset: v2}}
//
// `expect.match: false` expects no route. Optional keys: `virtualService`, `httpRouteIndex`, `tlsRouteIndex`,
// `tcpRouteIndex`, `delegate`, `httpRoute`, `grpcRoute`, `tlsRoute`, `tcpRoute`, `ruleIndex`, `matchIndex`, `protocol` and
// `candidates` (equal),
// `destination` (one of the destinations), `destinations` (the full weighted list), `route`, `rule` and
// `parent` (fields that must equal the answer's), `reason`, `notes` and `hidden` (text that must appear).
import type { WorkspaceIndex } from '../analysis/workspaceIndex.ts';
import { DEFAULT_NAMESPACE } from '../analysis/workspaceIndex.ts';
import { asArray, asRecord, asString, qualifyHost } from './meshNames.ts';
import { simulateRequest, type SimulatedRequest, type SimulationResult } from './simulate.ts';
import { describeSimulationHit } from '../../../protocol/webview.ts';

export interface RouteTestCase {
  name: string;
  request: SimulatedRequest;
  expect: Record<string, unknown>;
}

export interface RouteTestOutcome {
  name: string;
  passed: boolean;
  failures: string[];
  result: SimulationResult;
}

/** Reads `cases:` from a parsed YAML value; problems are reported as strings instead of thrown. */
export function readRouteCases(value: unknown): { cases: RouteTestCase[]; problems: string[] } {
  const problems: string[] = [];
  const cases: RouteTestCase[] = [];
  asArray(asRecord(value)?.cases).forEach((raw, i) => {
    const item = asRecord(raw);
    const request = asRecord(item?.request);
    if (!item || !request || typeof request.host !== 'string') {
      problems.push(`cases[${i}]: needs request.host`);
      return;
    }
    cases.push({
      name: asString(item.name) ?? `case ${i + 1}`,
      request: toRequest(request),
      expect: asRecord(item.expect) ?? { match: true },
    });
  });
  return { cases, problems };
}

function toRequest(raw: Record<string, unknown>): SimulatedRequest {
  const strings = (value: unknown): Record<string, string> | undefined => {
    const record = asRecord(value);
    if (!record) return undefined;
    const out: Record<string, string> = {};
    for (const [key, v] of Object.entries(record)) out[key] = String(v);
    return out;
  };
  const request: SimulatedRequest = { host: String(raw.host) };
  if (typeof raw.port === 'number') request.port = raw.port;
  for (const key of ['method', 'path', 'scheme', 'authority', 'gateway', 'sourceNamespace', 'sni', 'destinationIp'] as const) {
    const value = asString(raw[key]);
    if (value !== undefined) request[key] = value;
  }
  if (raw.protocol === 'http' || raw.protocol === 'grpc' || raw.protocol === 'tls' || raw.protocol === 'tcp') request.protocol = raw.protocol;
  const headers = strings(raw.headers);
  if (headers) request.headers = headers;
  const query = strings(raw.query);
  if (query) request.query = query;
  const sourceLabels = strings(raw.sourceLabels);
  if (sourceLabels) request.sourceLabels = sourceLabels;
  return request;
}

/** Simulates one case and compares every expectation it states. */
export function runRouteCase(index: WorkspaceIndex, testCase: RouteTestCase): RouteTestOutcome {
  const result = simulateRequest(index, testCase.request);
  const failures: string[] = [];
  const expect = testCase.expect;
  const wantMatch = expect.match === undefined ? true : expect.match === true;
  const namespace = testCase.request.sourceNamespace ?? DEFAULT_NAMESPACE;
  if (result.match !== wantMatch) {
    failures.push(`expected ${wantMatch ? 'a match' : 'no match'}, got ${result.match ? describeSimulationHit(result) : `no match (${result.reason})`}`);
  }
  for (const key of ['reason', 'notes', 'hidden'] as const) {
    const wanted = expect[key] === undefined ? [] : Array.isArray(expect[key]) ? expect[key] : [expect[key]];
    const actual: string[] = key === 'reason' ? (result.reason !== undefined ? [result.reason] : []) : (result[key] ?? []);
    for (const text of wanted.map(String)) {
      if (!actual.some((a) => a.includes(text))) failures.push(`${key}: expected text ${JSON.stringify(text)}, got ${JSON.stringify(actual)}`);
    }
  }
  if (result.match && wantMatch) {
    for (const key of SCALAR_KEYS) {
      if (expect[key] === undefined) continue;
      const wanted = expect[key] === null ? undefined : expect[key];
      if (JSON.stringify(wanted) !== JSON.stringify(result[key])) {
        failures.push(`${key}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(result[key])}`);
      }
    }
    const delegate = asRecord(expect.delegate);
    if (expect.delegate === null && result.delegate) failures.push(`expected no delegate, got ${result.delegate.virtualService}`);
    if (delegate) {
      if (!result.delegate) failures.push(`expected delegate ${String(delegate.virtualService)}, got none`);
      else {
        if (delegate.virtualService !== undefined && delegate.virtualService !== result.delegate.virtualService) {
          failures.push(`delegate.virtualService: expected ${String(delegate.virtualService)}, got ${result.delegate.virtualService}`);
        }
        if (delegate.httpRouteIndex !== undefined && delegate.httpRouteIndex !== result.delegate.httpRouteIndex) {
          failures.push(`delegate.httpRouteIndex: expected ${String(delegate.httpRouteIndex)}, got ${result.delegate.httpRouteIndex}`);
        }
      }
    }
    const destinations = result.destinations ?? [];
    const destination = asRecord(expect.destination);
    if (destination) {
      const found = destinations.some((d) => destinationEquals(destination, d, namespace));
      if (!found) failures.push(`destination: expected ${describe(destination)}, got ${destinations.map((d) => describe(d as unknown as Record<string, unknown>)).join(', ') || 'none'}`);
    }
    if (Array.isArray(expect.destinations)) {
      const wanted = expect.destinations.map(asRecord).filter((d): d is Record<string, unknown> => !!d);
      const same = wanted.length === destinations.length && wanted.every((w, i) => destinationEquals(w, destinations[i]!, namespace) && (w.weight === undefined || w.weight === destinations[i]!.weight));
      if (!same) failures.push(`destinations: expected ${wanted.map(describe).join(', ')}, got ${destinations.map((d) => describe(d as unknown as Record<string, unknown>)).join(', ')}`);
    }
    for (const part of ['route', 'rule', 'parent'] as const) {
      const fields = asRecord(expect[part]);
      if (!fields) continue;
      const actual = result[part] as Record<string, unknown> | undefined;
      for (const [key, value] of Object.entries(fields)) {
        if (JSON.stringify(actual?.[key]) !== JSON.stringify(value)) {
          failures.push(`${part}.${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual?.[key])}`);
        }
      }
    }
  }
  return { name: testCase.name, passed: failures.length === 0, failures, result };
}

/** Answer keys compared as whole values (`null` in the expectation means "absent"). */
const SCALAR_KEYS = [
  'protocol', 'virtualService', 'httpRouteIndex', 'tlsRouteIndex', 'tcpRouteIndex', 'httpRoute', 'grpcRoute', 'tlsRoute', 'tcpRoute', 'ruleIndex',
  'matchIndex', 'candidates',
] as const;

function destinationEquals(expected: Record<string, unknown>, actual: { host: string; subset?: string; port?: number }, namespace: string): boolean {
  const host = asString(expected.host);
  if (host !== undefined && qualifyHost(host, namespace) !== actual.host && host !== actual.host && !actual.host.startsWith(`${host}.`)) return false;
  if (expected.subset !== undefined && expected.subset !== actual.subset) return false;
  if (expected.port !== undefined && expected.port !== actual.port) return false;
  return true;
}

function describe(destination: Record<string, unknown>): string {
  const subset = destination.subset !== undefined ? ` subset ${String(destination.subset)}` : '';
  const weight = destination.weight !== undefined ? ` ${String(destination.weight)}%` : '';
  return `${String(destination.host)}${subset}${weight}`;
}
