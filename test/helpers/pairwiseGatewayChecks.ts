// Test oracles: the straightforward pairwise (quadratic) form of three Gateway checks, comparing every Gateway
// or server with every other. The analyzers find the same pairs through indexes; test/unit/gatewayIndexes.test.ts
// checks on random Gateways that both report the same findings (where, and which Gateways they relate to).
import type { ObjectPath, Resource } from '../../server/src/model/types.ts';
import { hostsOverlap, isRecord, records, str, strings } from '../../server/src/analysis/analyzerKit.ts';
import { selectorMatches, specOf, stringMap } from '../../server/src/analysis/workspaceIndex.ts';
import { hostsBySelectorAndPort, selectorString } from '../../server/src/analysis/analyzers/gateway/conflictingGateways.ts';
import { gatewayServers } from '../../server/src/analysis/analyzers/gateway/duplicateHostPort.ts';

export interface PairwiseFinding {
  gateway: Resource;
  path: ObjectPath;
  related: { gateway: Resource; path: ObjectPath }[];
}

function sameCertificate(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ca = str(a.credentialName) ?? '';
  const cb = str(b.credentialName) ?? '';
  if (ca && cb) return ca === cb;
  if (ca || cb) return false;
  const [sa, sb, ka, kb] = [a.serverCertificate, b.serverCertificate, a.privateKey, b.privateKey].map((v) => str(v) ?? '');
  return !!sa && sa === sb && !!ka && ka === kb;
}

/** IST0138: per pair of Gateways whose selectors overlap, the first server of one sharing a certificate with the other. */
export function pairwiseDuplicateCertificates(gateways: readonly Resource[]): PairwiseFinding[] {
  const out: PairwiseFinding[] = [];
  for (const current of gateways) {
    for (const other of gateways) {
      if (other === current || !selectorMatches(stringMap(specOf(current).selector), stringMap(specOf(other).selector))) continue;
      const otherTls = records(specOf(other).servers).map((s) => s.tls).filter(isRecord);
      const hit = records(specOf(current).servers).findIndex((s) => isRecord(s.tls) && otherTls.some((o) => sameCertificate(s.tls as Record<string, unknown>, o)));
      if (hit >= 0) out.push({ gateway: current, path: ['spec', 'servers', hit, 'tls'], related: [{ gateway: other, path: ['spec', 'servers'] }] });
    }
  }
  return out;
}

/** IST0145: per server, every other Gateway of its selector and port declaring one of its hosts with its bind. */
export function pairwiseConflictingGateways(gateways: readonly Resource[]): PairwiseFinding[] {
  const known = hostsBySelectorAndPort(gateways);
  const out: PairwiseFinding[] = [];
  for (const gw of gateways) {
    const selector = selectorString(stringMap(specOf(gw).selector));
    records(specOf(gw).servers).forEach((server, i) => {
      const port = isRecord(server.port) ? String(server.port.number) : 'undefined';
      const bind = str(server.bind) ?? '';
      const conflicts = [...(known.get(`${selector}~${port}`) ?? [])].filter(([other, hosts]) => other !== gw && strings(server.hosts).some((h) => hosts.get(h) === bind));
      if (conflicts.length) out.push({ gateway: gw, path: ['spec', 'servers', i, 'hosts'], related: conflicts.map(([other]) => ({ gateway: other, path: ['spec', 'servers'] })) });
    });
  }
  return out;
}

/** MW0310: per server, every server of another Gateway (same selector and port) with a different but overlapping host. */
export function pairwiseDuplicateHostPorts(gateways: readonly Resource[]): PairwiseFinding[] {
  const servers = gatewayServers(gateways);
  const out: PairwiseFinding[] = [];
  for (const s of servers) {
    const clashes = servers.filter((o) => o.gw !== s.gw && o.selector === s.selector && o.port === s.port && o.hosts.some((h) => s.hosts.some((x) => hostsOverlap(h, x) && h !== x)));
    if (clashes.length) out.push({ gateway: s.gw, path: ['spec', 'servers', s.index, 'hosts'], related: clashes.map((c) => ({ gateway: c.gw, path: ['spec', 'servers', c.index, 'hosts'] })) });
  }
  return out;
}
