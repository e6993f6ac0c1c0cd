// IST0140: a gateway-bound VirtualService routes to a host without a subset while another VirtualService
// does subset routing for that host; the subset rules do not apply to the ingress traffic.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, isRecord, perDocument, records, relatedTo, str, strings } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

/** What one VirtualService contributes, extracted once per parsed document. */
interface Routing {
  /** Its own hosts that it routes to by subset. */
  readonly subsetHosts: readonly string[];
  /** Gateway-bound only: routes to a host without a subset, with the path of the host field. */
  readonly plainRoutes: readonly { readonly host: string; readonly path: (string | number)[] }[];
}

function routingOf(vs: Resource): Routing {
  return perDocument(vs, 'ingressSubset', () => {
    const spec = specOf(vs);
    const hosts = strings(spec.hosts);
    const gatewayBound = strings(spec.gateways).length > 0;
    const subsetHosts = new Set<string>();
    const plainRoutes: { host: string; path: (string | number)[] }[] = [];
    records(spec.http).forEach((rule, i) => {
      records(rule.route).forEach((route, j) => {
        const destination = isRecord(route.destination) ? route.destination : {};
        const host = str(destination.host);
        if (!host) return;
        if (str(destination.subset)) {
          if (hosts.includes(host)) subsetHosts.add(host);
        } else if (gatewayBound) plainRoutes.push({ host, path: ['spec', 'http', i, 'route', j, 'destination', 'host'] });
      });
    });
    return { subsetHosts: [...subsetHosts], plainRoutes };
  });
}

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
      for (const host of routingOf(vs).subsetHosts) {
        const list = subsetRouting.get(host);
        if (list) list.push(vs);
        else subsetRouting.set(host, [vs]);
      }
    }
    for (const vs of vss) {
      for (const { host, path } of routingOf(vs).plainRoutes) {
        for (const other of subsetRouting.get(host) ?? []) {
          context.report(
            findingOn(vs, 'IST0140', path, `VirtualService ${fullName(other)} splits traffic for "${host}" by subset, but that split has no effect on requests arriving through gateway-bound VirtualService ${fullName(vs)}. Route to the subsets here as well, or bind the other VirtualService to the gateway.`, {
              related: [relatedTo(other, ['spec', 'http'], `subset routing for ${host}`)],
            }),
          );
        }
      }
    }
  },
};
