// DestinationRule traffic policies (reference §3.4.3–8, 3.4.11, 3.4.13–15): non-empty policies, outlier
// detection, connection pools, load balancers, warmup, tunnel, proxyProtocol and port-level settings.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { checkTrafficPolicy, trafficPoliciesOf } from '../../webhook/trafficPolicy.ts';

export const destinationRuleTrafficPolicy = webhookAnalyzer({
  name: 'destinationRule/trafficPolicy',
  description: 'Every traffic policy (top level, subsets, port level) has valid pools, outlier detection, load balancing and tunnel settings.',
  kinds: ['DestinationRule'],
  codes: ['MW0219', 'MW0201', 'MW0260'],
  check(check) {
    for (const { policy, path, portLevel } of trafficPoliciesOf(check.spec)) checkTrafficPolicy(check, policy, path, portLevel);
  },
});
