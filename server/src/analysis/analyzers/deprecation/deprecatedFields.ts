// IST0002: configuration that uses deprecated or removed features — VirtualService fault.delay.percent,
// Sidecar outboundTrafficPolicy.egressProxy, the removed rbac.istio.io kinds, and Lightstep tracing providers.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

const REMOVED_RBAC_KINDS = new Set(['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding']);

export const deprecatedFields: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'deprecation/deprecatedFields',
  description: 'Deprecated or removed Istio fields, kinds and providers.',
  codes: ['IST0002'],
  inputs: ['VirtualService', 'Sidecar', 'CustomResourceDefinition', 'Telemetry', 'MeshConfig'],
  analyze(context) {
    const { index } = context;
    for (const vs of index.resources('VirtualService')) {
      records(specOf(vs).http).forEach((rule, i) => {
        const delay = isRecord(rule.fault) && isRecord(rule.fault.delay) ? rule.fault.delay : undefined;
        if (delay && typeof delay.percent === 'number' && delay.percent > 0) {
          context.report(findingOn(vs, 'IST0002', ['spec', 'http', i, 'fault', 'delay', 'percent'], `Deprecated: fault.delay.percent; use fault.delay.percentage: {value: ${delay.percent}} instead.`, { data: { replaceWith: { percentage: { value: delay.percent } } } }));
        }
      });
    }
    for (const sidecar of index.resources('Sidecar')) {
      const policy = specOf(sidecar).outboundTrafficPolicy;
      if (isRecord(policy) && policy.egressProxy !== undefined && policy.egressProxy !== null) {
        context.report(findingOn(sidecar, 'IST0002', ['spec', 'outboundTrafficPolicy', 'egressProxy'], 'Deprecated: outboundTrafficPolicy.egressProxy is ignored by Istio. Remove it and route egress traffic with a ServiceEntry and an egress gateway.', { on: 'key' }));
      }
    }
    for (const crd of index.resources('CustomResourceDefinition')) {
      const spec = specOf(crd);
      const kind = isRecord(spec.names) ? str(spec.names.kind) : undefined;
      if (spec.group === 'rbac.istio.io' && kind && REMOVED_RBAC_KINDS.has(kind)) {
        context.report(findingOn(crd, 'IST0002', ['spec', 'names', 'kind'], `Deprecated: custom resource type rbac.istio.io ${kind} was removed from Istio. Delete the CRD and use AuthorizationPolicy.`));
      }
    }
    const lightstep = [...context.meshConfig.extensionProviders].filter(([, type]) => type === 'lightstep').map(([name]) => name);
    if (lightstep.length === 0) return;
    for (const telemetry of index.resources('Telemetry')) {
      records(specOf(telemetry).tracing).forEach((tracing, i) => {
        records(tracing.providers).forEach((provider, j) => {
          const name = str(provider.name);
          if (name && lightstep.includes(name)) {
            context.report(findingOn(telemetry, 'IST0002', ['spec', 'tracing', i, 'providers', j, 'name'], `Deprecated: the Lightstep provider ${name} is deprecated; migrate to an OpenTelemetry provider.`));
          }
        });
      });
    }
  },
};
