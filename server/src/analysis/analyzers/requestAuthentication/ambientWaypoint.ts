// MW0336/MW0337 (Kiali KIA1110/KIA1115): a RequestAuthentication in an ambient namespace is enforced only by a
// waypoint: what it applies to must be enrolled (`istio.io/use-waypoint`) and it must attach with targetRefs.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientNamespaces, attachmentPath, enrollmentGap, namespaceRelated, targetRefsOf } from '../../ambientKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const requestAuthenticationAmbientWaypoint: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'requestAuthentication/ambientWaypoint',
  description: 'RequestAuthentications in ambient namespaces attach with targetRefs to waypoint-enrolled targets.',
  codes: ['MW0336', 'MW0337'],
  inputs: ['RequestAuthentication', ...AMBIENT_INPUTS],
  analyze(context) {
    const ambient = ambientNamespaces(context.index);
    if (ambient.size === 0) return;
    for (const policy of context.index.resources('RequestAuthentication')) {
      const namespace = namespaceOf(policy);
      const ns = ambient.get(namespace);
      if (!ns) continue;
      const spec = specOf(policy);
      const at = attachmentPath(spec);
      if (!targetRefsOf(spec)) {
        const how = at.path.at(-1) === 'selector' ? 'a workload selector' : 'no targetRefs (namespace-wide)';
        context.report(findingOn(policy, 'MW0337', at.path, `This RequestAuthentication is in ambient namespace ${namespace} but is attached with ${how}. Waypoints ignore such policies and ztunnel does not validate JWTs. Attach it with targetRefs to the Service (kind: Service) or to the waypoint (kind: Gateway).`, {
          on: at.on,
          related: [namespaceRelated(ns, `Namespace ${namespace} is ambient (istio.io/dataplane-mode: ambient)`)],
        }));
      }
      const gap = enrollmentGap(context, policy, ns);
      if (gap) {
        context.report(findingOn(policy, 'MW0336', gap.refPath ?? at.path, `JWT validation needs a waypoint in ambient mode, but ${gap.reason}, so this RequestAuthentication is not enforced. Add the label istio.io/use-waypoint: <waypoint name> to the namespace, Service or workload.`, {
          on: gap.refPath ? 'value' : at.on,
          related: gap.related,
        }));
      }
    }
  },
};
