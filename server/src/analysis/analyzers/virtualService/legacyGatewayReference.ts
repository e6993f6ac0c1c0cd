// MW0319 (Kiali KIA1108): a gateway referenced in the legacy `name.namespace` form that resolves to an existing
// Gateway; the `namespace/name` form is the supported one.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';
import { legacyGatewayKey } from './gatewayExists.ts';

export const legacyGatewayReference: ResourceAnalyzer = {
  scope: 'resource',
  name: 'virtualService/legacyGatewayReference',
  description: 'Gateway references use namespace/name rather than the legacy name.namespace form.',
  codes: ['MW0319'],
  kinds: ['VirtualService'],
  inputs: ['VirtualService', 'Gateway'],
  check(vs, context) {
    (Array.isArray(specOf(vs).gateways) ? (specOf(vs).gateways as unknown[]) : []).forEach((value, i) => {
      const reference = str(value);
      if (!reference) return;
      const key = legacyGatewayKey(context.index, reference);
      if (!key) return;
      context.report(findingOn(vs, 'MW0319', ['spec', 'gateways', i], `"${reference}" uses the legacy name.namespace form; write it as "${key}".`, { data: { suggestion: key } }));
    });
  },
};
