// IST0102/IST0123: Namespaces should say whether Istio injects sidecars (istio-injection or istio.io/rev),
// and should not carry several conflicting injection/dataplane labels.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn } from '../../analyzerKit.ts';
import { labelsOf } from '../../workspaceIndex.ts';

export const injection: ResourceAnalyzer = {
  scope: 'resource',
  name: 'namespace/injection',
  description: 'Namespaces declare sidecar injection with exactly one injection label.',
  codes: ['IST0102', 'IST0123'],
  kinds: ['Namespace'],
  inputs: ['Namespace', 'MeshConfig'],
  check(ns, context) {
    if (ns.name === context.meshConfig.istioNamespace) return;
    const labels = labelsOf(ns);
    const injectionLabel = labels['istio-injection'];
    const present: string[] = [];
    if (injectionLabel !== undefined) present.push(`istio-injection=${injectionLabel}`);
    for (const key of ['istio.io/rev', 'istio.io/dataplane-mode']) {
      if (labels[key] !== undefined && (injectionLabel === undefined || injectionLabel === 'enabled')) present.push(`${key}=${labels[key]}`);
    }
    if (present.length > 1) {
      context.report(findingOn(ns, 'IST0123', ['metadata', 'labels'], `The namespace carries several injection labels (${present.join(', ')}), which makes injection undefined. Keep only one of them.`, { on: 'key' }));
    }
    if (labels['istio.io/dataplane-mode'] === 'ambient') return;
    if ((injectionLabel === undefined || injectionLabel === '') && labels['istio.io/rev'] === undefined) {
      context.report(
        findingOn(ns, 'IST0102', ['metadata', 'name'], `Namespace ${ns.name} is not enabled for Istio injection. Add the label istio-injection: enabled (or istio.io/rev: <revision>), or istio-injection: disabled to mark it as deliberately outside the mesh.`, {
          data: { addLabel: { 'istio-injection': 'enabled' } },
        }),
      );
    }
  },
};
