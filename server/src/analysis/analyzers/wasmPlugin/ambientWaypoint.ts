// MW0338/MW0339 (Kiali KIA1111/KIA1116): a WasmPlugin in an ambient namespace runs only in a waypoint: what it
// applies to must be enrolled (`istio.io/use-waypoint`) and it must attach with targetRefs.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn } from '../../analyzerKit.ts';
import { AMBIENT_INPUTS, ambientNamespaces, attachmentPath, enrollmentGap, namespaceRelated, targetRefsOf } from '../../ambientKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const wasmPluginAmbientWaypoint: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'wasmPlugin/ambientWaypoint',
  description: 'WasmPlugins in ambient namespaces attach with targetRefs to waypoint-enrolled targets.',
  codes: ['MW0338', 'MW0339'],
  inputs: ['WasmPlugin', ...AMBIENT_INPUTS],
  analyze(context) {
    const ambient = ambientNamespaces(context.index);
    if (ambient.size === 0) return;
    for (const plugin of context.index.resources('WasmPlugin')) {
      const namespace = namespaceOf(plugin);
      const ns = ambient.get(namespace);
      if (!ns) continue;
      const spec = specOf(plugin);
      const at = attachmentPath(spec);
      if (!targetRefsOf(spec)) {
        const how = at.path.at(-1) === 'selector' ? 'a workload selector' : 'no targetRefs (namespace-wide)';
        context.report(findingOn(plugin, 'MW0339', at.path, `This WasmPlugin is in ambient namespace ${namespace} but is attached with ${how}. Waypoints ignore such plugins and ztunnel does not run Wasm. Attach it with targetRefs to the Service (kind: Service) or to the waypoint (kind: Gateway).`, {
          on: at.on,
          related: [namespaceRelated(ns, `Namespace ${namespace} is ambient (istio.io/dataplane-mode: ambient)`)],
        }));
      }
      const gap = enrollmentGap(context, plugin, ns);
      if (gap) {
        context.report(findingOn(plugin, 'MW0338', gap.refPath ?? at.path, `Wasm plugins run only in waypoints in ambient mode, but ${gap.reason}, so this WasmPlugin does not run. Add the label istio.io/use-waypoint: <waypoint name> to the namespace, Service or workload.`, {
          on: gap.refPath ? 'value' : at.on,
          related: gap.related,
        }));
      }
    }
  },
};
