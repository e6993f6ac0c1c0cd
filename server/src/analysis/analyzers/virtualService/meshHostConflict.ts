// IST0109: two or more VirtualServices bound to the mesh gateway claim the same host in the same exportTo scope.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { exportScopes, findingOn, fullName, hostsOverlap, perDocument, relatedTo, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf, toFqdn } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

/** `scope/fqdn` for each host of a mesh-bound VirtualService in each namespace it is exported to (once per parse). */
function meshHostKeys(vs: Resource): readonly string[] {
  return perDocument(vs, 'meshHostKeys', () => {
    const spec = specOf(vs);
    const gateways = strings(spec.gateways);
    if (gateways.length > 0 && !gateways.includes('mesh')) return [];
    const keys: string[] = [];
    for (const scope of exportScopes(strings(spec.exportTo), namespaceOf(vs))) {
      for (const host of strings(spec.hosts)) keys.push(`${scope}/${toFqdn(host, namespaceOf(vs))}`);
    }
    return keys;
  });
}

export const meshHostConflict: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'virtualService/meshHostConflict',
  description: 'VirtualServices bound to the mesh gateway must not define the same host.',
  codes: ['IST0109'],
  inputs: ['VirtualService'],
  analyze(context) {
    const byScopedHost = new Map<string, Resource[]>();
    for (const vs of context.index.resources('VirtualService')) {
      for (const key of meshHostKeys(vs)) {
        const list = byScopedHost.get(key);
        if (list) list.push(vs);
        else byScopedHost.set(key, [vs]);
      }
    }
    const exportedToAll = [...byScopedHost.entries()].filter(([key]) => key.startsWith('*/'));
    const reported = new Set<Resource>();
    for (const [key, own] of [...byScopedHost.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const host = key.slice(key.indexOf('/') + 1);
      let list = own;
      if (!key.startsWith('*/')) list = [...own, ...exportedToAll.filter(([k]) => hostsOverlap(host, k.slice(2))).flatMap(([, l]) => l)];
      if (list.length < 2) continue;
      const names = list.map(fullName).sort().join(',');
      for (const vs of list) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        const others = list.filter((o) => o !== vs);
        context.report(
          findingOn(vs, 'IST0109', ['metadata', 'name'], `The VirtualServices ${names} bound to the mesh gateway all define host ${key}, so which one applies is undefined. Merge them into a single VirtualService.`, {
            related: others.map((o) => relatedTo(o, ['spec', 'hosts'], `${fullName(o)} also defines ${host}`)),
          }),
        );
      }
    }
  },
};
