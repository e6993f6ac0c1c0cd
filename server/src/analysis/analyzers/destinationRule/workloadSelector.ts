// DestinationRule workloadSelector (reference §3.4.17): no empty or wildcard keys/values; empty selector warned.
import { webhookAnalyzer } from '../../webhook/check.ts';

export const destinationRuleWorkloadSelector = webhookAnalyzer({
  name: 'destinationRule/workloadSelector',
  description: 'The DestinationRule workloadSelector has valid, non-wildcard labels.',
  kinds: ['DestinationRule'],
  codes: ['MW0205', 'MW0262'],
  check(check) {
    check.selectorLabels(check.spec.workloadSelector, ['spec', 'workloadSelector'], 'matchLabels');
  },
});
