// IST0101: a Gateway's selector must match some workload: a Pod, a Deployment's pod template, or istioctl's
// assumed default ingress gateway (label istio: ingressgateway in the Istio namespace).
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn } from '../../analyzerKit.ts';
import { selectorMatches, specOf, stringMap } from '../../workspaceIndex.ts';
import { selectorString } from './conflictingGateways.ts';

export const selectorExists: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/selectorExists',
  description: 'Gateway selectors must match a gateway workload (Pod, Deployment, or the default ingress gateway).',
  codes: ['IST0101'],
  inputs: ['Gateway', 'Deployment', 'Pod', 'StatefulSet', 'DaemonSet', 'MeshConfig'],
  analyze(context) {
    const workloads = context.index.workloads();
    for (const gw of context.index.istioGateways().values()) {
      const selector = stringMap(specOf(gw).selector);
      if (workloads.some((w) => selectorMatches(selector, w.labels))) continue;
      context.report(
        findingOn(gw, 'IST0101', ['spec', 'selector'], `Referenced selector not found: "${selectorString(selector)}". No gateway workload in the workspace carries these labels (istioctl assumes only the default ingress gateway, istio: ingressgateway). Fix the labels or add the gateway Deployment.`, {
          data: { reference: 'selector', value: selectorString(selector), suggestion: 'istio: ingressgateway' },
        }),
      );
    }
  },
};
