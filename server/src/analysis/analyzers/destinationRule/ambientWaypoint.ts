// MW0330/MW0331/MW0332 (Kiali KIA0210/KIA0211/KIA0212): a DestinationRule with L7 traffic policy for an ambient
// Service needs a waypoint: the Service must be enrolled (`istio.io/use-waypoint`) and the rule must live in
// the Service's namespace; without an ambient destination, its own ambient namespace must be enrolled.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, perDocument, relatedTo, str } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientDestinations, ambientNamespaces, destinationRuleL7, isEnrolled, namespaceRelated, notEnrolledReason } from '../../ambientKit.ts';
import { labelsOf, namespaceOf, specOf } from '../../workspaceIndex.ts';

export const destinationRuleAmbientWaypoint: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'destinationRule/ambientWaypoint',
  description: 'L7 DestinationRules for ambient Services need waypoint enrollment and the Service\'s namespace.',
  codes: ['MW0330', 'MW0331', 'MW0332'],
  inputs: ['DestinationRule', ...AMBIENT_INPUTS],
  analyze(context) {
    const ambient = ambientNamespaces(context.index);
    if (ambient.size === 0) return;
    for (const dr of context.index.resources('DestinationRule')) {
      const facts = perDocument(dr, 'ambientDestinationRule', () => {
        const spec = specOf(dr);
        const l7 = destinationRuleL7(spec);
        return l7 ? { l7, host: str(spec.host) ?? '' } : undefined;
      });
      if (!facts) continue;
      const { l7, host } = facts;
      const namespace = namespaceOf(dr);
      const destinations = ambientDestinations(context.index, [{ host, path: ['spec', 'host'] }], namespace);
      for (const destination of destinations) {
        const svcNamespace = namespaceOf(destination.service);
        const svcName = `${svcNamespace}/${destination.service.name}`;
        const serviceRelated = relatedTo(destination.service, ['metadata', 'name'], `Service ${svcName} in ambient namespace ${svcNamespace}`);
        if (svcNamespace !== namespace) {
          context.report(findingOn(dr, 'MW0332', destination.path, `This DestinationRule sets ${l7.what} for ambient Service ${svcName}, but a waypoint only applies DestinationRules from the Service's own namespace, so it has no effect there. Move it to namespace ${svcNamespace}.`, {
            related: [serviceRelated],
          }));
        }
        if (!destination.enrolled) {
          context.report(findingOn(dr, 'MW0331', destination.path, `This DestinationRule sets ${l7.what} for ambient Service ${svcName}, but ${notEnrolledReason(`Service ${svcName}`, labelsOf(destination.service), labelsOf(destination.namespace), svcNamespace)}, so no waypoint applies it. Set the label istio.io/use-waypoint: <waypoint name> on the Service or namespace ${svcNamespace}.`, {
            related: [serviceRelated, namespaceRelated(destination.namespace, `Namespace ${svcNamespace} is ambient`)],
          }));
        }
      }
      if (destinations.length > 0) continue;
      const ns = ambient.get(namespace);
      if (!ns || isEnrolled(undefined, labelsOf(ns))) continue;
      context.report(findingOn(dr, 'MW0330', l7.path, `This DestinationRule sets ${l7.what}, which only a waypoint applies in ambient mode, but namespace ${namespace} has no istio.io/use-waypoint label. Add the label istio.io/use-waypoint: <waypoint name> to the namespace (or to the destination Service).`, {
        on: 'key',
        related: [namespaceRelated(ns, `Namespace ${namespace} is ambient but not enrolled in a waypoint`)],
      }));
    }
  },
};
