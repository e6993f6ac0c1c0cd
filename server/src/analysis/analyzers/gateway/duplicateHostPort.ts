// MW0310 (Kiali KIA0301): Gateways with the same selector whose servers on one port have overlapping hosts
// (wildcards included); istioctl's IST0145 covers identical hosts, this also catches `*.example.com` vs a host.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, isRecord, records, relatedTo, strings } from '../../analyzerKit.ts';
import { pushTo, specOf, stringMap } from '../../workspaceIndex.ts';
import { selectorString } from './conflictingGateways.ts';
import type { Resource } from '../../../model/types.ts';

/** One Gateway server: its Gateway, selector string, port, hosts (without a `namespace/` part) and index. */
export interface GatewayServer {
  gw: Resource;
  selector: string;
  port: string;
  hosts: string[];
  index: number;
}

/** Every server of the Gateways, in order. */
export function gatewayServers(gateways: Iterable<Resource>): GatewayServer[] {
  const servers: GatewayServer[] = [];
  for (const gw of gateways) {
    const selector = selectorString(stringMap(specOf(gw).selector));
    records(specOf(gw).servers).forEach((server, index) => {
      servers.push({ gw, selector, port: isRecord(server.port) ? String(server.port.number) : '', index, hosts: strings(server.hosts).map((h) => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h)) });
    });
  }
  return servers;
}

export const duplicateHostPort: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/duplicateHostPort',
  description: 'Gateways with the same selector should not serve overlapping hosts on the same port.',
  codes: ['MW0310'],
  inputs: ['Gateway'],
  analyze(context) {
    const servers = gatewayServers(context.index.istioGateways().values());
    // Two different hosts overlap only when one is a wildcard `*S` whose S ends the other (without its own
    // leading `*`): index the wildcards by S and every host by each of its suffixes, per selector and port, so a
    // server finds its clashes by lookups instead of comparing with every other server.
    type Hosted = { entry: GatewayServer; host: string };
    const groups = new Map<string, { wildcards: Map<string, Hosted[]>; suffixes: Map<string, Hosted[]> }>();
    for (const entry of servers) {
      const key = `${entry.selector}~${entry.port}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { wildcards: new Map(), suffixes: new Map() }));
      for (const host of new Set(entry.hosts)) {
        if (host.startsWith('*')) pushTo(group.wildcards, host.slice(1), { entry, host });
        const bare = host.startsWith('*') ? host.slice(1) : host;
        for (let i = 0; i <= bare.length; i++) pushTo(group.suffixes, bare.slice(i), { entry, host });
      }
    }
    const position = new Map(servers.map((entry, i) => [entry, i]));
    for (const s of servers) {
      const group = groups.get(`${s.selector}~${s.port}`)!;
      const found = new Set<GatewayServer>();
      for (const x of s.hosts) {
        // A wildcard of another server covers x.
        const bare = x.startsWith('*') ? x.slice(1) : x;
        for (let i = 0; i <= bare.length; i++) {
          for (const o of group.wildcards.get(bare.slice(i)) ?? []) if (o.entry.gw !== s.gw && o.host !== x) found.add(o.entry);
        }
        // x is a wildcard covering a host of another server.
        if (!x.startsWith('*')) continue;
        for (const o of group.suffixes.get(x.slice(1)) ?? []) if (o.entry.gw !== s.gw && o.host !== x) found.add(o.entry);
      }
      if (found.size === 0) continue;
      const clashes = [...found].sort((a, b) => position.get(a)! - position.get(b)!);
      context.report(findingOn(s.gw, 'MW0310', ['spec', 'servers', s.index, 'hosts'], `Hosts of this server overlap (through a wildcard) with servers of ${clashes.map((c) => fullName(c.gw)).join(', ')} on the same workloads and port ${s.port}; which server handles a request is undefined. Use non-overlapping hosts or merge the Gateways.`, {
        on: 'key',
        related: clashes.map((c) => relatedTo(c.gw, ['spec', 'servers', c.index, 'hosts'], 'overlapping hosts')),
      }));
    }
  },
};
