// DestinationRule host (reference §3.4.1): a service name or FQDN, optionally with a leading wildcard label.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { wildcardDomainProblem } from '../../webhook/values.ts';

export const destinationRuleHost = webhookAnalyzer({
  name: 'destinationRule/host',
  description: 'The DestinationRule host follows the wildcard-domain rules.',
  kinds: ['DestinationRule'],
  codes: ['MW0203'],
  check(check) {
    const host = check.spec.host;
    if (typeof host !== 'string') return;
    const problem = wildcardDomainProblem(host);
    if (problem) check.report('MW0203', ['spec', 'host'], `${problem}. Use a service name such as reviews or reviews.default.svc.cluster.local.`);
  },
});
