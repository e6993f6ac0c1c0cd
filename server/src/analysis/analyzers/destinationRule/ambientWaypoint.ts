// MW0330/MW0331/MW0332 (Kiali KIA0210/KIA0211/KIA0212): a DestinationRule with L7 traffic policy for an ambient
// Service needs a waypoint: the Service must be enrolled (`istio.io/use-waypoint`) and the rule must live in
// the Service's namespace; without an ambient destination, its own ambient namespace must be enrolled.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { perDocument, str } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientNamespaces, destinationRuleL7, reportRoutingWaypointGaps, type RoutingWaypointWording } from '../../ambientKit.ts';
import { specOf } from '../../workspaceIndex.ts';

const WORDING: RoutingWaypointWording = {
  kind: 'DestinationRule',
  verb: 'sets',
  pronoun: 'it',
  codes: { namespace: 'MW0330', service: 'MW0331', elsewhere: 'MW0332' },
  namespaceMessage: (l7, namespace) => `This DestinationRule sets ${l7.what}, which only a waypoint applies in ambient mode, but namespace ${namespace} has no istio.io/use-waypoint label. Add the label istio.io/use-waypoint: <waypoint name> to the namespace (or to the destination Service).`,
};

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
        return l7 ? { l7, hosts: [{ host: str(spec.host) ?? '', path: ['spec', 'host'] }] } : undefined;
      });
      if (facts) reportRoutingWaypointGaps(context, dr, facts.l7, facts.hosts, ambient, WORDING);
    }
  },
};
