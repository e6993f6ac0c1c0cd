// IST0140: a gateway-bound VirtualService routes to a host without a subset while another VirtualService
// does subset routing for that host; the subset rules do not apply to the ingress traffic.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, isRecord, records, relatedTo, str, strings } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

export const ingressSubset: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'virtualService/ingressSubset',
  description: 'Gateway routes without a subset to a host another VirtualService splits by subset bypass that split.',
  codes: ['IST0140'],
  inputs: ['VirtualService'],
  analyze(context) {
    const vss = context.index.resources('VirtualService');
    // host → VirtualServices routing to a subset of that host (the host being one of their own hosts).
    const subsetRouting = new Map<string, Resource[]>();
    for (const vs of vss) {
      const spec = specOf(vs);
      const hosts = strings(spec.hosts);
      for (const rule of records(spec.http)) {
        for (const route of records(rule.route)) {
          const destination = isRecord(route.destination) ? route.destination : {};
          const host = str(destination.host);
          if (!host || !str(destination.subset) || !hosts.includes(host)) continue;
          const list = subsetRouting.get(host) ?? [];
          if (!list.includes(vs)) list.push(vs);
          subsetRouting.set(host, list);
        }
      }
    }
    for (const vs of vss) {
      const spec = specOf(vs);
      if (strings(spec.gateways).length === 0) continue;
      records(spec.http).forEach((rule, i) => {
        records(rule.route).forEach((route, j) => {
          const destination = isRecord(route.destination) ? route.destination : {};
          const host = str(destination.host);
          if (!host || str(destination.subset)) return;
          for (const other of subsetRouting.get(host) ?? []) {
            context.report(
              findingOn(vs, 'IST0140', ['spec', 'http', i, 'route', j, 'destination', 'host'], `VirtualService ${fullName(other)} splits traffic for "${host}" by subset, but that split has no effect on requests arriving through gateway-bound VirtualService ${fullName(vs)}. Route to the subsets here as well, or bind the other VirtualService to the gateway.`, {
                related: [relatedTo(other, ['spec', 'http'], `subset routing for ${host}`)],
              }),
            );
          }
        });
      });
    }
  },
};
