// IST0174: a DestinationRule host should match a Service or ServiceEntry visible to it.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn, hostMatches, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const hostExists: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'destinationRule/hostExists',
  description: 'DestinationRule hosts must match a known Service or ServiceEntry.',
  codes: ['IST0174'],
  inputs: ['DestinationRule', 'Service', 'ServiceEntry', 'MeshConfig'],
  analyze(context) {
    const { index } = context;
    for (const dr of index.resources('DestinationRule')) {
      const spec = specOf(dr);
      const host = str(spec.host);
      if (!host) continue;
      if (index.lookupHost(namespaceOf(dr), strings(spec.exportTo), host)) continue;
      // Meshwright (unlike istioctl) accepts a wildcard host that covers at least one known host.
      if (host.startsWith('*') && index.knownHosts().some((known) => hostMatches(host, known))) continue;
      const suggestion = closest(host, index.knownHosts());
      context.report(
        findingOn(dr, 'IST0174', ['spec', 'host'], `The host "${host}" of this DestinationRule matches no Service or ServiceEntry in the mesh, so the rule applies to nothing. Fix the host or add the Service/ServiceEntry.${didYouMean(suggestion)}`, {
          data: { reference: 'host', value: host, ...(suggestion ? { suggestion } : {}) },
        }),
      );
    }
  },
};
