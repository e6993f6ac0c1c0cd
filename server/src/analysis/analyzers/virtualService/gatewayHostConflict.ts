// MW0318 (Kiali KIA1106): more than one VirtualService binds the same host to the same (non-mesh) gateway;
// Istio merges them in an undefined order. Mesh-bound duplicates are istioctl's IST0109.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, relatedTo, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';
import { gatewayKey } from './gatewayExists.ts';
import type { Resource } from '../../../model/types.ts';

export const gatewayHostConflict: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'virtualService/gatewayHostConflict',
  description: 'Only one VirtualService per host and gateway.',
  codes: ['MW0318'],
  inputs: ['VirtualService'],
  analyze(context) {
    const byKey = new Map<string, { vs: Resource; hostIndex: number }[]>();
    for (const vs of context.index.resources('VirtualService')) {
      const spec = specOf(vs);
      const gateways = strings(spec.gateways).filter((g) => g !== 'mesh');
      (Array.isArray(spec.hosts) ? spec.hosts : []).forEach((host: unknown, hostIndex: number) => {
        if (!str(host)) return;
        for (const gateway of gateways) {
          const key = `${gatewayKey(namespaceOf(vs), gateway)}|${String(host)}`;
          const list = byKey.get(key) ?? [];
          if (!list.some((e) => e.vs === vs)) list.push({ vs, hostIndex });
          byKey.set(key, list);
        }
      });
    }
    for (const [key, list] of byKey) {
      if (list.length < 2) continue;
      const [gateway, host] = key.split('|') as [string, string];
      for (const entry of list) {
        const others = list.filter((o) => o !== entry);
        context.report(findingOn(entry.vs, 'MW0318', ['spec', 'hosts', entry.hostIndex], `VirtualServices ${list.map((e) => fullName(e.vs)).join(', ')} all bind host ${host} to gateway ${gateway}; their routes are merged in an undefined order. Merge them into one VirtualService (or use delegation).`, {
          related: others.map((o) => relatedTo(o.vs, ['spec', 'hosts', o.hostIndex], `${fullName(o.vs)} also binds ${host}`)),
        }));
      }
    }
  },
};
