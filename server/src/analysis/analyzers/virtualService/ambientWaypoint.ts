// MW0333/MW0334/MW0335 (Kiali KIA1109/KIA1113/KIA1114): a VirtualService with HTTP/TLS routes for mesh traffic
// to an ambient Service needs a waypoint: the Service must be enrolled (`istio.io/use-waypoint`) and the
// VirtualService must live in the Service's namespace; without an ambient destination, its own namespace must be enrolled.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { perDocument, strings } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientNamespaces, reportRoutingWaypointGaps, virtualServiceL7, type RoutingWaypointWording } from '../../ambientKit.ts';
import { specOf } from '../../workspaceIndex.ts';

const WORDING: RoutingWaypointWording = {
  kind: 'VirtualService',
  verb: 'has',
  pronoun: 'them',
  codes: { namespace: 'MW0333', service: 'MW0334', elsewhere: 'MW0335' },
  namespaceMessage: (l7, namespace) => `This VirtualService has ${l7.what} for mesh traffic in ambient namespace ${namespace}, but the namespace has no istio.io/use-waypoint label, so no waypoint applies them. Add the label istio.io/use-waypoint: <waypoint name> to the namespace (or to the destination Services).`,
};

export const virtualServiceAmbientWaypoint: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'virtualService/ambientWaypoint',
  description: 'L7 VirtualServices for ambient Services need waypoint enrollment and the Service\'s namespace.',
  codes: ['MW0333', 'MW0334', 'MW0335'],
  inputs: ['VirtualService', ...AMBIENT_INPUTS],
  analyze(context) {
    const ambient = ambientNamespaces(context.index);
    if (ambient.size === 0) return;
    for (const vs of context.index.resources('VirtualService')) {
      const facts = perDocument(vs, 'ambientVirtualService', () => {
        const spec = specOf(vs);
        const l7 = virtualServiceL7(spec);
        return l7 ? { l7, hosts: strings(spec.hosts).map((host, i) => ({ host, path: ['spec', 'hosts', i] })) } : undefined;
      });
      if (facts) reportRoutingWaypointGaps(context, vs, facts.l7, facts.hosts, ambient, WORDING);
    }
  },
};
