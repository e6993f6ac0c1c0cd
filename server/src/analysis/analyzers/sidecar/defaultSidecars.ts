// IST0111/IST0167: at most one Sidecar without a workload selector per namespace; Sidecars in ambient
// namespaces have no effect.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, isRecord, relatedTo } from '../../analyzerKit.ts';
import { labelsOf, namespaceOf, specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

export function namespaceIsAmbient(ns: Resource | undefined): boolean {
  if (!ns) return false;
  const labels = labelsOf(ns);
  if (labels['istio-injection'] === 'enabled') return false;
  if (labels['istio.io/rev']) return false;
  return labels['istio.io/dataplane-mode'] === 'ambient';
}

export const defaultSidecars: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'sidecar/defaultSidecars',
  description: 'Only one selector-less Sidecar per namespace; Sidecars in ambient namespaces have no effect.',
  codes: ['IST0111', 'IST0167'],
  inputs: ['Sidecar', 'Namespace'],
  analyze(context) {
    const byNamespace = new Map<string, Resource[]>();
    for (const sidecar of context.index.resources('Sidecar')) {
      const selector = specOf(sidecar).workloadSelector;
      const labels = isRecord(selector) && isRecord(selector.labels) ? selector.labels : {};
      if (Object.keys(labels).length > 0) continue;
      const list = byNamespace.get(namespaceOf(sidecar)) ?? [];
      list.push(sidecar);
      byNamespace.set(namespaceOf(sidecar), list);
    }
    const namespaces = context.index.namespaces();
    for (const [namespace, list] of byNamespace) {
      if (namespaceIsAmbient(namespaces.get(namespace))) {
        for (const sidecar of list) {
          context.report(findingOn(sidecar, 'IST0167', ['metadata', 'name'], `This Sidecar has no effect: namespace ${namespace} is in ambient mode, where there are no sidecar proxies. Remove it, or take the namespace out of ambient mode.`));
        }
        continue;
      }
      if (list.length < 2) continue;
      const names = list.map(fullName).sort().join(', ');
      for (const sidecar of list) {
        context.report(
          findingOn(sidecar, 'IST0111', ['metadata', 'name'], `The Sidecars ${names} in namespace ${namespace} have no workload selector, so which one applies is undefined. Keep one default Sidecar per namespace and give the others a workloadSelector.`, {
            related: list.filter((s) => s !== sidecar).map((s) => relatedTo(s, ['metadata', 'name'], `${fullName(s)} is also a default Sidecar`)),
          }),
        );
      }
    }
  },
};
