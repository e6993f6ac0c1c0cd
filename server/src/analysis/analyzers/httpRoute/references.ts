// MW0320/MW0321 (Kiali KIA1401/KIA1402): HTTPRoute/GRPCRoute parentRefs must name an existing Gateway, and
// backendRefs an existing Service (or ServiceEntry hostname), in the referenced namespace.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn, records, str } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const routeReferences: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'httpRoute/references',
  description: 'Gateway API route parentRefs and backendRefs must exist.',
  codes: ['MW0320', 'MW0321'],
  inputs: ['HTTPRoute', 'GRPCRoute', 'Gateway', 'Service', 'ServiceEntry'],
  analyze(context) {
    const { index } = context;
    const gateways = index.kubernetesGateways();
    const services = index.byName('Service');
    const routes = [...index.resources('HTTPRoute'), ...index.resources('GRPCRoute')].filter((r) => r.group === 'gateway.networking.k8s.io');
    for (const route of routes) {
      const spec = specOf(route);
      records(spec.parentRefs).forEach((ref, i) => {
        const kind = str(ref.kind) ?? 'Gateway';
        const group = str(ref.group) ?? 'gateway.networking.k8s.io';
        if (kind !== 'Gateway' || group !== 'gateway.networking.k8s.io') return;
        const key = `${str(ref.namespace) ?? namespaceOf(route)}/${str(ref.name) ?? ''}`;
        if (gateways.has(key)) return;
        const suggestion = closest(key, gateways.keys());
        context.report(findingOn(route, 'MW0320', ['spec', 'parentRefs', i, 'name'], `Parent Gateway ${key} does not exist, so this route is attached to nothing. Fix the name/namespace or add the Gateway.${didYouMean(suggestion)}`, { data: suggestion ? { suggestion: suggestion.split('/')[1] } : {} }));
      });
      records(spec.rules).forEach((rule, i) => {
        records(rule.backendRefs).forEach((ref, j) => {
          const kind = str(ref.kind) ?? 'Service';
          const group = str(ref.group) ?? '';
          const namespace = str(ref.namespace) ?? namespaceOf(route);
          const name = str(ref.name) ?? '';
          if (kind === 'Service' && group === '') {
            if (services.has(`${namespace}/${name}`)) return;
          } else if (kind === 'Hostname' || (kind === 'ServiceEntry' && group === 'networking.istio.io')) {
            if (kind === 'ServiceEntry' ? index.find('ServiceEntry', namespace, name) : index.lookupHost(namespace, undefined, name)) return;
          } else return;
          const suggestion = closest(name, [...services.keys()].filter((k) => k.startsWith(`${namespace}/`)).map((k) => k.split('/')[1]!));
          context.report(findingOn(route, 'MW0321', ['spec', 'rules', i, 'backendRefs', j, 'name'], `Backend ${kind} ${namespace}/${name} does not exist, so requests to it fail with 500. Fix the name or add the ${kind}.${didYouMean(suggestion)}`, { data: suggestion ? { suggestion } : {} }));
        });
      });
    }
  },
};
