// MW0340/MW0341 (Kiali KIA1112/KIA1117): a Telemetry with L7 features (tracing, access logging, metric
// overrides) in an ambient namespace needs a waypoint: enrolled targets and attachment with targetRefs.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientNamespaces, attachmentPath, enrollmentGap, namespaceRelated, targetRefsOf, telemetryL7 } from '../../ambientKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const telemetryAmbientWaypoint: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'telemetry/ambientWaypoint',
  description: 'L7 Telemetry in ambient namespaces attaches with targetRefs to waypoint-enrolled targets.',
  codes: ['MW0340', 'MW0341'],
  inputs: ['Telemetry', ...AMBIENT_INPUTS],
  analyze(context) {
    const ambient = ambientNamespaces(context.index);
    if (ambient.size === 0) return;
    for (const telemetry of context.index.resources('Telemetry')) {
      const namespace = namespaceOf(telemetry);
      const ns = ambient.get(namespace);
      if (!ns) continue;
      const spec = specOf(telemetry);
      const l7 = telemetryL7(spec);
      if (!l7) continue;
      if (!targetRefsOf(spec)) {
        const at = attachmentPath(spec);
        const how = at.path.at(-1) === 'selector' ? 'a workload selector' : 'no targetRefs (namespace-wide)';
        context.report(findingOn(telemetry, 'MW0341', at.path, `This Telemetry configures ${l7.what} in ambient namespace ${namespace} but is attached with ${how}. Waypoints ignore such configuration and ztunnel only reports L4 telemetry. Attach it with targetRefs to the Service (kind: Service) or to the waypoint (kind: Gateway).`, {
          on: at.on,
          related: [namespaceRelated(ns, `Namespace ${namespace} is ambient (istio.io/dataplane-mode: ambient)`)],
        }));
      }
      const gap = enrollmentGap(context, telemetry, ns);
      if (gap) {
        context.report(findingOn(telemetry, 'MW0340', gap.refPath ?? l7.path, `This Telemetry configures ${l7.what}, which only a waypoint produces in ambient mode, but ${gap.reason}. Add the label istio.io/use-waypoint: <waypoint name> to the namespace, Service or workload, or keep to L4 metrics.`, {
          on: gap.refPath ? 'value' : 'key',
          related: gap.related,
        }));
      }
    }
  },
};
