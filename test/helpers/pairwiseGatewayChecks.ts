// Test oracles: the straightforward pairwise (quadratic) versions of three Gateway analyzers, which compare
// every Gateway or server with every other. The analyzers themselves use indexes; test/unit/gatewayIndexes.test.ts
// checks on random Gateways that both report exactly the same findings.
import type { WorkspaceAnalyzer } from '../../server/src/analysis/types.ts';
import { findingOn, fullName, hostsOverlap, isRecord, records, relatedTo, str, strings } from '../../server/src/analysis/analyzerKit.ts';
import { specOf, stringMap } from '../../server/src/analysis/workspaceIndex.ts';
import { selectorString } from '../../server/src/analysis/analyzers/gateway/conflictingGateways.ts';
import type { Resource } from '../../server/src/model/types.ts';

function sameCertificate(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ca = str(a.credentialName) ?? '';
  const cb = str(b.credentialName) ?? '';
  if (ca && cb) return ca === cb;
  if (!ca && !cb) {
    const sa = str(a.serverCertificate) ?? '';
    const sb = str(b.serverCertificate) ?? '';
    const ka = str(a.privateKey) ?? '';
    const kb = str(b.privateKey) ?? '';
    return !!sa && sa === sb && !!ka && ka === kb;
  }
  return false;
}

/** Every key of `x` is in `y` with the same value (an empty `x` selects everything). */
function selectorSubset(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.entries(x).every(([k, v]) => y[k] === v);
}

export const pairwiseDuplicateCertificate: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/duplicateCertificate',
  description: 'Gateways with overlapping selectors must not share a server certificate.',
  codes: ['IST0138'],
  inputs: ['Gateway'],
  analyze(context) {
    const gateways = [...context.index.istioGateways().values()];
    for (const current of gateways) {
      const selector = stringMap(specOf(current).selector);
      for (const other of gateways) {
        if (other === current || !selectorSubset(selector, stringMap(specOf(other).selector))) continue;
        let hit: number | undefined;
        records(specOf(current).servers).forEach((server, i) => {
          if (hit !== undefined || !isRecord(server.tls)) return;
          if (records(specOf(other).servers).some((o) => isRecord(o.tls) && sameCertificate(server.tls as Record<string, unknown>, o.tls as Record<string, unknown>))) hit = i;
        });
        if (hit === undefined) continue;
        context.report(
          findingOn(current, 'IST0138', ['spec', 'servers', hit, 'tls'], `Gateways ${fullName(current)} and ${fullName(other)} select the same workloads and use the same certificate; clients that re-use HTTP/2 connections may get 404s. Use one Gateway for both hosts, or different certificates.`, {
            on: 'key',
            related: [relatedTo(other, ['spec', 'servers'], `${fullName(other)} uses the same certificate`)],
          }),
        );
      }
    }
  },
};


export const pairwiseConflictingGateways: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/conflictingGateways',
  description: 'Gateways with the same selector must not declare the same host on the same port.',
  codes: ['IST0145'],
  inputs: ['Gateway'],
  analyze(context) {
    // selector~port → gateway → host → bind
    const known = new Map<string, Map<Resource, Map<string, string>>>();
    const gateways = [...context.index.istioGateways().values()];
    for (const gw of gateways) {
      const selector = selectorString(stringMap(specOf(gw).selector));
      for (const server of records(specOf(gw).servers)) {
        const port = isRecord(server.port) ? String(server.port.number) : 'undefined';
        const key = `${selector}~${port}`;
        const byGateway = known.get(key) ?? new Map<Resource, Map<string, string>>();
        const hosts = byGateway.get(gw) ?? new Map<string, string>();
        for (const host of strings(server.hosts)) hosts.set(host, str(server.bind) ?? '');
        byGateway.set(gw, hosts);
        known.set(key, byGateway);
      }
    }
    for (const gw of gateways) {
      const selector = selectorString(stringMap(specOf(gw).selector));
      records(specOf(gw).servers).forEach((server, i) => {
        const port = isRecord(server.port) ? String(server.port.number) : 'undefined';
        const bind = str(server.bind) ?? '';
        const conflicts: Resource[] = [];
        for (const [other, hosts] of known.get(`${selector}~${port}`) ?? []) {
          if (other === gw) continue;
          if (strings(server.hosts).some((h) => hosts.get(h) === bind)) conflicts.push(other);
        }
        if (conflicts.length === 0) return;
        const names = conflicts.map(fullName).sort().join(',');
        context.report(
          findingOn(gw, 'IST0145', ['spec', 'servers', i, 'hosts'], `This server conflicts with Gateway(s) ${names}: same workload selector (${selector || 'none'}), port ${port} and hosts [${strings(server.hosts).join(', ')}]. Only one of them takes effect; merge the servers into one Gateway or use distinct hosts.`, {
            on: 'key',
            related: conflicts.map((o) => relatedTo(o, ['spec', 'servers'], `${fullName(o)} declares the same host and port`)),
          }),
        );
      });
    }
  },
};

export const pairwiseDuplicateHostPort: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/duplicateHostPort',
  description: 'Gateways with the same selector should not serve overlapping hosts on the same port.',
  codes: ['MW0310'],
  inputs: ['Gateway'],
  analyze(context) {
    const servers: { gw: Resource; selector: string; port: string; hosts: string[]; index: number }[] = [];
    for (const gw of context.index.istioGateways().values()) {
      const selector = selectorString(stringMap(specOf(gw).selector));
      records(specOf(gw).servers).forEach((server, index) => {
        servers.push({ gw, selector, port: isRecord(server.port) ? String(server.port.number) : '', index, hosts: strings(server.hosts).map((h) => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h)) });
      });
    }
    for (const s of servers) {
      const clashes = servers.filter((o) => o.gw !== s.gw && o.selector === s.selector && o.port === s.port && o.hosts.some((h) => s.hosts.some((x) => hostsOverlap(h, x) && h !== x)));
      if (clashes.length === 0) continue;
      context.report(findingOn(s.gw, 'MW0310', ['spec', 'servers', s.index, 'hosts'], `Hosts of this server overlap (through a wildcard) with servers of ${clashes.map((c) => fullName(c.gw)).join(', ')} on the same workloads and port ${s.port}; which server handles a request is undefined. Use non-overlapping hosts or merge the Gateways.`, {
        on: 'key',
        related: clashes.map((c) => relatedTo(c.gw, ['spec', 'servers', c.index, 'hosts'], 'overlapping hosts')),
      }));
    }
  },
};
