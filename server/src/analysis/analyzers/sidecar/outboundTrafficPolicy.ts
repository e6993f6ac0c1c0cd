// Sidecar outboundTrafficPolicy (reference §3.8.10): ALLOW_ANY_DYNAMIC_DNS not allowed; egressProxy only with
// ALLOW_ANY and with a valid FQDN host and a port.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { checkDestination } from '../../webhook/destination.ts';
import { isObject } from '../../webhook/values.ts';

export const sidecarOutboundTrafficPolicy = webhookAnalyzer({
  name: 'sidecar/outboundTrafficPolicy',
  description: 'outboundTrafficPolicy uses a supported mode and a valid egressProxy.',
  kinds: ['Sidecar'],
  codes: ['MW0225', 'MW0214', 'MW0204'],
  check(check) {
    const policy = check.spec.outboundTrafficPolicy;
    if (!isObject(policy)) return;
    const path = ['spec', 'outboundTrafficPolicy'];
    if (policy.mode === 'ALLOW_ANY_DYNAMIC_DNS') check.report('MW0225', [...path, 'mode'], 'ALLOW_ANY_DYNAMIC_DNS is not supported in a Sidecar (only in mesh config). Use ALLOW_ANY or REGISTRY_ONLY.');
    if (!isObject(policy.egressProxy)) return;
    const proxy = policy.egressProxy;
    const proxyPath = [...path, 'egressProxy'];
    if (policy.mode !== 'ALLOW_ANY') {
      check.report('MW0225', proxyPath, 'egressProxy only works with mode ALLOW_ANY. Set mode: ALLOW_ANY or remove egressProxy.', 'key');
      return;
    }
    if (typeof proxy.host === 'string' && proxy.host.includes('*')) check.report('MW0214', [...proxyPath, 'host'], `egressProxy host "${proxy.host}" must be a plain FQDN without wildcards.`);
    if (!isObject(proxy.port)) check.report('MW0214', proxyPath, 'egressProxy needs a port. Add port: {number: …}.', 'key');
    checkDestination(check, proxy, proxyPath);
  },
});
