// IST0101/IST0112: every VirtualService route and mirror destination names a known Service or ServiceEntry
// (honouring exportTo and wildcard ServiceEntry hosts), on a port that host exposes; a port is required when
// the host exposes several.
import type { ResourceAnalyzer } from '../../types.ts';
import { closest, describe, didYouMean, findingOn, mirrorDestinations, relatedTo, routeDestinations, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const destinationHost: ResourceAnalyzer = {
  scope: 'resource',
  name: 'virtualService/destinationHost',
  description: 'VirtualService destinations must name a known Service or ServiceEntry host and one of its ports.',
  codes: ['IST0101', 'IST0112'],
  kinds: ['VirtualService'],
  inputs: ['VirtualService', 'Service', 'ServiceEntry', 'MeshConfig'],
  check(vs, context) {
    const { index } = context;
    const suggestions = new Map<string, string | undefined>();
    const suggest = (host: string, namespace: string): string | undefined => {
      const key = `${namespace}|${host}`;
      if (!suggestions.has(key)) suggestions.set(key, closest(host, index.knownHosts().flatMap((h) => (h.endsWith(`.${namespace}.svc.cluster.local`) ? [h, h.split('.')[0]!] : [h]))));
      return suggestions.get(key);
    };
    const spec = specOf(vs);
    const namespace = namespaceOf(vs);
    const exportTo = strings(spec.exportTo);
    const all = [...routeDestinations(spec), ...mirrorDestinations(spec)];
    for (const ref of all) {
      const host = str(ref.destination.host);
      if (!host) continue;
      const mirror = ref.kind === 'mirror' || ref.kind === 'mirrors';
      const info = index.lookupHost(namespace, exportTo, host);
      if (!info) {
        const suggestion = suggest(host, namespace);
        context.report(
          findingOn(vs, 'IST0101', [...ref.path, 'host'], `Referenced ${mirror ? 'mirror host' : 'host'} not found: "${host}". No Service or ServiceEntry visible from namespace ${namespace} defines it; fix the host name or add the Service/ServiceEntry.${didYouMean(suggestion)}`, {
            data: { reference: 'host', value: host, ...(suggestion ? { suggestion } : {}) },
          }),
        );
        continue;
      }
      const related = info.resource ? [relatedTo(info.resource, info.kind === 'Service' ? ['spec', 'ports'] : ['spec', 'ports'], `${describe(info.resource)} defines the host`)] : [];
      const port = ref.destination.port as { number?: unknown } | undefined;
      const portNumbers = info.ports.map((p) => p.number);
      if (port === undefined || port === null || port.number === undefined) {
        if (portNumbers.length > 1) {
          context.report(
            findingOn(vs, 'IST0112', [...ref.path, 'host'], `The destination "${host}" exposes several ports (${portNumbers.join(', ')}); add destination.port.number to pick one.`, {
              related,
              data: { host, ports: portNumbers },
            }),
          );
        }
        continue;
      }
      if (typeof port.number === 'number' && !portNumbers.includes(port.number)) {
        context.report(
          findingOn(vs, 'IST0101', [...ref.path, 'port', 'number'], `Referenced host:port not found: "${host}:${port.number}". The host exposes ${portNumbers.length ? `port(s) ${portNumbers.join(', ')}` : 'no ports'}; use one of them or add the port to the ${info.kind}.`, {
            related,
            data: { reference: 'host:port', value: `${host}:${port.number}`, ports: portNumbers },
          }),
        );
      }
    }
  },
};
