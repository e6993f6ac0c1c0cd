// MW0313/MW0314/MW0315 (Kiali KIA1004/KIA1006/KIA1007): Sidecar egress hosts should match known services,
// the root-namespace (mesh default) Sidecar must not have a workload selector, and an outboundTrafficPolicy
// should say which mode it means.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, hostsOverlap, isRecord, records, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const egressHosts: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'sidecar/egressHosts',
  description: 'Sidecar egress hosts match known services; the root Sidecar has no selector; outbound mode is explicit.',
  codes: ['MW0313', 'MW0314', 'MW0315'],
  inputs: ['Sidecar', 'Service', 'ServiceEntry', 'MeshConfig'],
  analyze(context) {
    const { index } = context;
    const hosts = index.serviceHosts().all();
    for (const sidecar of index.resources('Sidecar')) {
      const spec = specOf(sidecar);
      if (namespaceOf(sidecar) === context.meshConfig.rootNamespace && isRecord(spec.workloadSelector)) {
        context.report(findingOn(sidecar, 'MW0314', ['spec', 'workloadSelector'], `A Sidecar in the root namespace ${context.meshConfig.rootNamespace} is the mesh-wide default and must not have a workloadSelector; Istio ignores it as a default. Remove the selector or move the Sidecar to the workload's namespace.`, { on: 'key' }));
      }
      if (isRecord(spec.outboundTrafficPolicy) && !str(spec.outboundTrafficPolicy.mode)) {
        context.report(findingOn(sidecar, 'MW0315', ['spec', 'outboundTrafficPolicy'], 'outboundTrafficPolicy has no mode, so the mesh default applies (ALLOW_ANY unless mesh config says REGISTRY_ONLY). Set mode explicitly.', { on: 'key' }));
      }
      records(spec.egress).forEach((egress, i) => {
        strings(egress.hosts).forEach((entry, j) => {
          const slash = entry.indexOf('/');
          if (slash < 0) return;
          let ns = entry.slice(0, slash);
          const dns = entry.slice(slash + 1);
          if (dns.includes('*') || ns === '~') return;
          if (ns === '.') ns = namespaceOf(sidecar);
          const found = hosts.some((info) => (ns === '*' || info.namespace === ns) && info.hosts.some((h) => hostsOverlap(h, dns) || `${h}` === dns));
          if (found) return;
          context.report(findingOn(sidecar, 'MW0313', ['spec', 'egress', i, 'hosts', j], `Egress host "${entry}" matches no Service or ServiceEntry${ns === '*' ? '' : ` in namespace ${ns}`}, so it imports nothing. Fix the namespace or host name.`));
        });
      });
    }
  },
};
