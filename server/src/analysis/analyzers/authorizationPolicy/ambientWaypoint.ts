// MW0328/MW0329 (Kiali KIA0109/KIA0110): an AuthorizationPolicy with L7 rules in an ambient namespace needs a
// waypoint: what it applies to must be enrolled (`istio.io/use-waypoint`) and it must attach with targetRefs.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, perDocument } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientNamespaces, attachmentPath, authorizationPolicyL7, enrollmentGap, namespaceRelated, targetRefsOf } from '../../ambientKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const authorizationPolicyAmbientWaypoint: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'authorizationPolicy/ambientWaypoint',
  description: 'L7 AuthorizationPolicies in ambient namespaces attach with targetRefs to waypoint-enrolled targets.',
  codes: ['MW0328', 'MW0329'],
  inputs: ['AuthorizationPolicy', ...AMBIENT_INPUTS],
  analyze(context) {
    const ambient = ambientNamespaces(context.index);
    if (ambient.size === 0) return;
    for (const policy of context.index.resources('AuthorizationPolicy')) {
      const namespace = namespaceOf(policy);
      const ns = ambient.get(namespace);
      if (!ns) continue;
      const spec = specOf(policy);
      const l7 = perDocument(policy, 'ambientL7', () => authorizationPolicyL7(spec));
      if (!l7) continue;
      if (!targetRefsOf(spec)) {
        const at = attachmentPath(spec);
        const how = at.path.at(-1) === 'selector' ? 'a workload selector' : 'no targetRefs (namespace-wide)';
        context.report(findingOn(policy, 'MW0329', at.path, `This AuthorizationPolicy uses ${l7.what} in ambient namespace ${namespace} but is attached with ${how}. Waypoints ignore such policies and ztunnel cannot evaluate L7 rules. Attach it with targetRefs to the Service (kind: Service) or to the waypoint (kind: Gateway).`, {
          on: at.on,
          related: [namespaceRelated(ns, `Namespace ${namespace} is ambient (istio.io/dataplane-mode: ambient)`)],
        }));
      }
      const gap = enrollmentGap(context, policy, ns);
      if (gap) {
        context.report(findingOn(policy, 'MW0328', gap.refPath ?? l7.path, `This AuthorizationPolicy uses ${l7.what}, which only a waypoint can enforce, but ${gap.reason}, so no waypoint handles the traffic. Add the label istio.io/use-waypoint: <waypoint name> to the namespace, Service or workload, or keep the policy to L4 fields.`, {
          on: gap.refPath ? 'value' : 'key',
          related: gap.related,
        }));
      }
    }
  },
};
