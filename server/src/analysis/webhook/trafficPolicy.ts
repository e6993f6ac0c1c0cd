// Traffic-policy rules shared by DestinationRule (top level, subsets, port-level) and Sidecar connection pools
// (reference §3.4.3–8, 3.4.11, 3.4.13–15, §3.8.6).
import type { ObjectPath } from '../../model/types.ts';
import type { Check } from './check.ts';
import { asArray, fqdnProblem, isIP, isInteger, isObject, isSet } from './values.ts';

/** Every traffic policy of a DestinationRule with its path (top level, per subset, and their port-level settings). */
export function trafficPoliciesOf(spec: Record<string, unknown>): { policy: Record<string, unknown>; path: ObjectPath; portLevel: boolean }[] {
  const found: { policy: Record<string, unknown>; path: ObjectPath; portLevel: boolean }[] = [];
  const add = (policy: unknown, path: ObjectPath) => {
    if (!isObject(policy)) return;
    found.push({ policy, path, portLevel: false });
    asArray(policy.portLevelSettings).forEach((setting, index) => {
      if (isObject(setting)) found.push({ policy: setting, path: [...path, 'portLevelSettings', index], portLevel: true });
    });
  };
  add(spec.trafficPolicy, ['spec', 'trafficPolicy']);
  asArray(spec.subsets).forEach((subset, index) => {
    if (isObject(subset)) add(subset.trafficPolicy, ['spec', 'subsets', index, 'trafficPolicy']);
  });
  return found;
}

function nonNegative(check: Check, parent: Record<string, unknown>, path: ObjectPath, keys: readonly string[]): void {
  for (const key of keys) {
    if (isInteger(parent[key]) && (parent[key] as number) < 0) {
      check.report('MW0219', [...path, key], `${key} must not be negative. Use 0 or a positive number.`);
    }
  }
}

function percentage(check: Check, parent: Record<string, unknown>, path: ObjectPath, key: string): void {
  const value = parent[key];
  if (typeof value === 'number' && (value < 0 || value > 100)) check.report('MW0219', [...path, key], `${key} must be between 0 and 100.`);
}

/** connectionPool: needs http or tcp; counters ≥0; durations; h2 upgrade; keepalives. */
export function checkConnectionPool(check: Check, pool: unknown, path: ObjectPath): void {
  if (!isObject(pool)) return;
  if (!isSet(pool.http) && !isSet(pool.tcp)) {
    check.report('MW0219', path, 'connectionPool sets neither http nor tcp settings. Add http and/or tcp, or remove connectionPool.', 'key');
  }
  if (isObject(pool.http)) {
    const http = pool.http;
    const httpPath = [...path, 'http'];
    nonNegative(check, http, httpPath, ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams']);
    check.duration(http, httpPath, 'idleTimeout');
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      check.report('MW0219', [...httpPath, 'useClientProtocol'], 'useClientProtocol must be false when h2UpgradePolicy is UPGRADE. Remove one of them.', 'key');
    }
  }
  if (isObject(pool.tcp)) {
    const tcp = pool.tcp;
    const tcpPath = [...path, 'tcp'];
    nonNegative(check, tcp, tcpPath, ['maxConnections']);
    check.duration(tcp, tcpPath, 'connectTimeout');
    check.duration(tcp, tcpPath, 'maxConnectionDuration');
    check.duration(tcp, tcpPath, 'idleTimeout', { allowZero: true });
    if (isObject(tcp.tcpKeepalive)) {
      check.duration(tcp.tcpKeepalive, [...tcpPath, 'tcpKeepalive'], 'time');
      check.duration(tcp.tcpKeepalive, [...tcpPath, 'tcpKeepalive'], 'interval');
    }
  }
  const keepAlive = isObject(pool.http) ? pool.http.http2KeepAlive : undefined;
  if (isObject(keepAlive)) {
    check.duration(keepAlive, [...path, 'http', 'http2KeepAlive'], 'interval');
    check.duration(keepAlive, [...path, 'http', 'http2KeepAlive'], 'timeout');
  }
}

function checkOutlierDetection(check: Check, outlier: unknown, path: ObjectPath): void {
  if (!isObject(outlier)) return;
  check.duration(outlier, path, 'baseEjectionTime');
  check.duration(outlier, path, 'interval');
  if (typeof outlier.consecutiveErrors === 'number' && outlier.consecutiveErrors !== 0) {
    check.report('MW0260', [...path, 'consecutiveErrors'], 'consecutiveErrors is deprecated. Use consecutive5xxErrors (or consecutiveGatewayErrors) instead.', 'key');
  }
  if (typeof outlier.consecutiveLocalOriginFailures === 'number' && outlier.consecutiveLocalOriginFailures > 0 && outlier.splitExternalLocalOriginErrors !== true) {
    check.report('MW0219', [...path, 'consecutiveLocalOriginFailures'], 'consecutiveLocalOriginFailures only works with splitExternalLocalOriginErrors: true. Set it, or remove consecutiveLocalOriginFailures.', 'key');
  }
  percentage(check, outlier, path, 'maxEjectionPercent');
  percentage(check, outlier, path, 'minHealthPercent');
}

/** Envoy's primality test for maglev table sizes (1, 2 and 3 count as prime). */
function isPrime(value: number): boolean {
  if (value !== 0 && value < 4) return true;
  if (value % 2 === 0) return false;
  for (let divisor = 3; divisor * divisor <= value; divisor += 2) if (value % divisor === 0) return false;
  return true;
}

function checkLoadBalancer(check: Check, lb: unknown, path: ObjectPath): void {
  if (!isObject(lb)) return;
  const hash = lb.consistentHash;
  if (isObject(hash)) {
    const hashPath = [...path, 'consistentHash'];
    if (isObject(hash.httpCookie)) {
      const cookie = hash.httpCookie;
      if (!isSet(cookie.name)) check.report('MW0219', [...hashPath, 'httpCookie'], 'httpCookie needs a name. Add name: <cookie name>.', 'key');
      const names = new Set<unknown>();
      asArray(cookie.attributes).forEach((attribute, index) => {
        if (!isObject(attribute)) return;
        if (!isSet(attribute.name)) check.report('MW0219', [...hashPath, 'httpCookie', 'attributes', index], 'A cookie attribute needs a name.', 'key');
        else if (names.has(attribute.name)) check.report('MW0219', [...hashPath, 'httpCookie', 'attributes', index, 'name'], `Cookie attribute "${String(attribute.name)}" is listed twice. Remove the duplicate.`);
        names.add(attribute.name);
      });
    }
    if (hash.minimumRingSize !== undefined) {
      if (isSet(hash.ringHash) || isSet(hash.maglev)) {
        check.report('MW0219', [...hashPath, 'minimumRingSize'], 'minimumRingSize cannot be combined with ringHash or maglev. Use ringHash.minimumRingSize instead.', 'key');
      } else {
        check.report('MW0260', [...hashPath, 'minimumRingSize'], 'minimumRingSize is deprecated. Use ringHash: {minimumRingSize: …} instead.', 'key');
      }
    }
    if (isObject(hash.maglev)) {
      const size = hash.maglev.tableSize;
      if (size === undefined) check.report('MW0219', [...hashPath, 'maglev'], 'maglev needs a tableSize (a prime number below 5000011, e.g. 65537).', 'key');
      else if (isInteger(size) && (size >= 5000011 || !isPrime(size))) {
        check.report('MW0219', [...hashPath, 'maglev', 'tableSize'], `maglev tableSize ${size} must be a prime number below 5000011 (e.g. 65537).`);
      }
    }
  }
  if (isObject(lb.localityLbSetting) && isObject(lb.zoneAwareLbSetting)) {
    check.report('MW0219', [...path, 'zoneAwareLbSetting'], 'localityLbSetting and zoneAwareLbSetting cannot both be set. Keep one.', 'key');
  }
  if (isObject(lb.warmup)) {
    const warmup = lb.warmup;
    const warmupPath = [...path, 'warmup'];
    if (!isSet(warmup.duration)) check.report('MW0219', warmupPath, 'warmup needs a duration. Add duration (e.g. 60s).', 'key');
    else check.duration(warmup, warmupPath, 'duration');
    if (typeof warmup.minimumPercent === 'number' && warmup.minimumPercent > 100) {
      check.report('MW0219', [...warmupPath, 'minimumPercent'], 'minimumPercent must be at most 100.');
    }
    if (typeof warmup.aggression === 'number' && warmup.aggression < 1) {
      check.report('MW0219', [...warmupPath, 'aggression'], 'aggression must be at least 1 (1 = linear ramp-up).');
    }
  }
  check.duration(lb, path, 'warmupDurationSecs');
}

/** Everything in one traffic policy except client TLS and locality settings (their own analyzers). */
export function checkTrafficPolicy(check: Check, policy: Record<string, unknown>, path: ObjectPath, portLevel: boolean): void {
  if (!portLevel && Object.keys(policy).length === 0) {
    check.report('MW0219', path, 'This trafficPolicy is empty. Set at least one field, or remove it.', 'key');
  }
  if (isSet(policy.tunnel) && isSet(policy.proxyProtocol)) {
    check.report('MW0219', [...path, 'proxyProtocol'], 'tunnel and proxyProtocol cannot both be set. Keep one.', 'key');
  }
  if (portLevel) {
    if (policy.port === undefined) check.report('MW0219', path, 'A port-level setting needs a port. Add port: {number: …}.', 'key');
    if (!['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'].some((key) => isSet(policy[key]))) {
      check.report('MW0219', path, 'This port-level setting sets nothing. Add outlierDetection, connectionPool, loadBalancer or tls, or remove it.', 'key');
    }
  }
  checkOutlierDetection(check, policy.outlierDetection, [...path, 'outlierDetection']);
  checkConnectionPool(check, policy.connectionPool, [...path, 'connectionPool']);
  checkLoadBalancer(check, policy.loadBalancer, [...path, 'loadBalancer']);
  if (isObject(policy.tunnel)) {
    const tunnel = policy.tunnel;
    const tunnelPath = [...path, 'tunnel'];
    if (typeof tunnel.protocol === 'string' && tunnel.protocol !== '' && !['CONNECT', 'POST'].includes(tunnel.protocol.toUpperCase())) {
      check.report('MW0219', [...tunnelPath, 'protocol'], `Tunnel protocol "${tunnel.protocol}" is not supported. Use CONNECT or POST.`);
    }
    if (typeof tunnel.targetHost === 'string' && !isIP(tunnel.targetHost) && fqdnProblem(tunnel.targetHost)) {
      check.report('MW0219', [...tunnelPath, 'targetHost'], `tunnel targetHost: ${fqdnProblem(tunnel.targetHost)}. Use an FQDN or an IP.`);
    }
    if (tunnel.targetHost === undefined) check.report('MW0219', tunnelPath, 'tunnel needs a targetHost.', 'key');
    if (tunnel.targetPort === undefined) check.report('MW0219', tunnelPath, 'tunnel needs a targetPort.', 'key');
    check.port(tunnel, tunnelPath, 'targetPort', 'MW0219');
  }
  if (isObject(policy.proxyProtocol)) {
    const version = policy.proxyProtocol.version;
    if (version !== undefined && !['V1', 'V2', 0, 1].includes(version as string | number)) {
      check.report('MW0219', [...path, 'proxyProtocol', 'version'], `proxyProtocol version ${String(version)} is not supported. Use V1 or V2.`);
    }
  }
  if (portLevel && isObject(policy.port)) check.port(policy.port, [...path, 'port'], 'number', 'MW0219');
}
