// MW0302 (Kiali KIA0104): AuthorizationPolicy `to.operation.hosts` entries should match a known Service or
// ServiceEntry host (wildcard entries and host:port forms are accepted).
import type { WorkspaceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn, hostsOverlap, records, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const hostsExist: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'authorizationPolicy/hostsExist',
  description: 'AuthorizationPolicy operation hosts should match a known Service or ServiceEntry.',
  codes: ['MW0302'],
  inputs: ['AuthorizationPolicy', 'Service', 'ServiceEntry', 'MeshConfig'],
  analyze(context) {
    const { index } = context;
    const known = index.knownHosts();
    for (const policy of index.resources('AuthorizationPolicy')) {
      records(specOf(policy).rules).forEach((rule, i) => {
        records(rule.to).forEach((to, j) => {
          const operation = (to.operation ?? {}) as Record<string, unknown>;
          strings(operation.hosts).forEach((entry, k) => {
            const host = entry.replace(/:\d+$/, '');
            if (host.includes('*')) return;
            if (index.lookupHost(namespaceOf(policy), undefined, host)) return;
            if (known.some((h) => hostsOverlap(h, host))) return;
            const suggestion = closest(host, known);
            context.report(findingOn(policy, 'MW0302', ['spec', 'rules', i, 'to', j, 'operation', 'hosts', k], `Host "${entry}" matches no Service or ServiceEntry in the workspace, so this rule only applies if such a host is added. Fix the host name.${didYouMean(suggestion)}`, { data: suggestion ? { suggestion } : {} }));
          });
        });
      });
    }
  },
};
