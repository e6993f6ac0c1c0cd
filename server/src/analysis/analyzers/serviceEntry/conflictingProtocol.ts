// IST0177: ServiceEntries that define the same host and port in one exportTo scope must agree on the protocol.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { exportScopes, findingOn, fullName, records, relatedTo, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

interface Entry {
  readonly se: Resource;
  readonly protocol: string;
  readonly path: (string | number)[];
}

export const conflictingProtocol: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'serviceEntry/conflictingProtocol',
  description: 'ServiceEntries defining the same host and port must use the same protocol.',
  codes: ['IST0177'],
  inputs: ['ServiceEntry'],
  analyze(context) {
    const index = new Map<string, Entry[]>();
    for (const se of context.index.resources('ServiceEntry')) {
      const spec = specOf(se);
      for (const scope of exportScopes(strings(spec.exportTo), namespaceOf(se))) {
        for (const host of strings(spec.hosts)) {
          records(spec.ports).forEach((port, i) => {
            if (typeof port.number !== 'number') return;
            const key = `${scope}\u0000${host}\u0000${port.number}`;
            const list = index.get(key) ?? [];
            list.push({ se, protocol: (str(port.protocol) ?? '').toUpperCase(), path: ['spec', 'ports', i, 'protocol'] });
            index.set(key, list);
          });
        }
      }
    }
    const reported = new Set<Resource>();
    for (const [key, own] of [...index.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [scope, host, port] = key.split('\u0000') as [string, string, string];
      const entries = scope === '*' ? own : [...own, ...(index.get(`*\u0000${host}\u0000${port}`) ?? [])];
      const protocols = [...new Set(entries.map((e) => e.protocol))].sort();
      if (protocols.length < 2) continue;
      const names = [...new Set(entries.map((e) => fullName(e.se)))].sort();
      for (const entry of entries) {
        if (reported.has(entry.se)) continue;
        reported.add(entry.se);
        context.report(
          findingOn(entry.se, 'IST0177', entry.path, `ServiceEntries ${names.join(', ')} define host "${host}" port ${port} with conflicting protocols (${protocols.map((p) => p || 'unset').join(', ')}); only one protocol can apply. Use the same protocol in all of them.`, {
            related: entries.filter((e) => e.se !== entry.se).map((e) => relatedTo(e.se, e.path, `${fullName(e.se)} uses ${e.protocol || 'no protocol'}`)),
          }),
        );
      }
    }
  },
};
