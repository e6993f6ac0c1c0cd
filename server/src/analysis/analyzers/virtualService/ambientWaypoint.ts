// MW0333/MW0334/MW0335 (Kiali KIA1109/KIA1113/KIA1114): a VirtualService with HTTP/TLS routes for mesh traffic
// to an ambient Service needs a waypoint: the Service must be enrolled (`istio.io/use-waypoint`) and the
// VirtualService must live in the Service's namespace; without an ambient destination, its own namespace must be enrolled.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, perDocument, relatedTo, strings } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientDestinations, ambientNamespaces, isEnrolled, namespaceRelated, notEnrolledReason, virtualServiceL7 } from '../../ambientKit.ts';
import { labelsOf, namespaceOf, specOf } from '../../workspaceIndex.ts';

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
      if (!facts) continue;
      const { l7, hosts } = facts;
      const namespace = namespaceOf(vs);
      const destinations = ambientDestinations(context.index, hosts, namespace);
      for (const destination of destinations) {
        const svcNamespace = namespaceOf(destination.service);
        const svcName = `${svcNamespace}/${destination.service.name}`;
        const serviceRelated = relatedTo(destination.service, ['metadata', 'name'], `Service ${svcName} in ambient namespace ${svcNamespace}`);
        if (svcNamespace !== namespace) {
          context.report(findingOn(vs, 'MW0335', destination.path, `This VirtualService has ${l7.what} for ambient Service ${svcName}, but a waypoint only applies VirtualServices from the Service's own namespace, so it has no effect there. Move it to namespace ${svcNamespace}.`, {
            related: [serviceRelated],
          }));
        }
        if (!destination.enrolled) {
          context.report(findingOn(vs, 'MW0334', destination.path, `This VirtualService has ${l7.what} for ambient Service ${svcName}, but ${notEnrolledReason(`Service ${svcName}`, labelsOf(destination.service), labelsOf(destination.namespace), svcNamespace)}, so no waypoint applies them. Set the label istio.io/use-waypoint: <waypoint name> on the Service or namespace ${svcNamespace}.`, {
            related: [serviceRelated, namespaceRelated(destination.namespace, `Namespace ${svcNamespace} is ambient`)],
          }));
        }
      }
      if (destinations.length > 0) continue;
      const ns = ambient.get(namespace);
      if (!ns || isEnrolled(undefined, labelsOf(ns))) continue;
      context.report(findingOn(vs, 'MW0333', l7.path, `This VirtualService has ${l7.what} for mesh traffic in ambient namespace ${namespace}, but the namespace has no istio.io/use-waypoint label, so no waypoint applies them. Add the label istio.io/use-waypoint: <waypoint name> to the namespace (or to the destination Services).`, {
        on: 'key',
        related: [namespaceRelated(ns, `Namespace ${namespace} is ambient but not enrolled in a waypoint`)],
      }));
    }
  },
};
