// MW0310 (Kiali KIA0301): Gateways with the same selector whose servers on one port have overlapping hosts
// (wildcards included); istioctl's IST0145 covers identical hosts, this also catches `*.example.com` vs a host.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, hostsOverlap, isRecord, records, relatedTo, strings } from '../../analyzerKit.ts';
import { specOf, stringMap } from '../../workspaceIndex.ts';
import { selectorString } from './conflictingGateways.ts';
import type { Resource } from '../../../model/types.ts';

export const duplicateHostPort: WorkspaceAnalyzer = {
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
