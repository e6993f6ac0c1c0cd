// MW0316/MW0317 (Kiali KIA1104/KIA1105): a route with a single destination and a weight below 100 (the
// weight is ignored), and the same host+subset+port repeated among one route's destinations.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

export const routeDestinationChecks: ResourceAnalyzer = {
  scope: 'resource',
  name: 'virtualService/routeDestinations',
  description: 'Route weights of a single destination and repeated destinations within one route.',
  codes: ['MW0316', 'MW0317'],
  kinds: ['VirtualService'],
  inputs: ['VirtualService'],
  check(vs, context) {
    const spec = specOf(vs);
    for (const section of ['http', 'tcp', 'tls']) {
      records(spec[section]).forEach((rule, i) => {
        const routes = records(rule.route);
        if (routes.length === 1 && typeof routes[0]!.weight === 'number' && routes[0]!.weight > 0 && routes[0]!.weight < 100) {
          context.report(findingOn(vs, 'MW0316', ['spec', section, i, 'route', 0, 'weight'], `This route has a single destination with weight ${routes[0]!.weight}; a lone destination always receives 100% of the traffic. Remove the weight or add the other destinations.`));
        }
        const seen = new Map<string, number>();
        routes.forEach((route, j) => {
          const d = isRecord(route.destination) ? route.destination : {};
          const key = `${str(d.host) ?? ''}|${str(d.subset) ?? ''}|${isRecord(d.port) ? String(d.port.number) : ''}`;
          const first = seen.get(key);
          if (first === undefined) {
            seen.set(key, j);
            return;
          }
          context.report(findingOn(vs, 'MW0317', ['spec', section, i, 'route', j, 'destination'], `This destination (${str(d.host) ?? ''}${str(d.subset) ? ` subset ${str(d.subset)}` : ''}) repeats destination ${first} of the same route; merge them and add up their weights.`, { on: 'key' }));
        });
      });
    }
  },
};
