// Sidecar selector and overall content (reference §3.8.1–2): valid selector labels (empty warned) and at least
// one of egress, ingress, outboundTrafficPolicy or inboundConnectionPool.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isSet } from '../../webhook/values.ts';

export const sidecarWorkloadSelector = webhookAnalyzer({
  name: 'sidecar/workloadSelector',
  description: 'A Sidecar has a valid workloadSelector and configures something.',
  kinds: ['Sidecar'],
  codes: ['MW0205', 'MW0262', 'MW0237'],
  check(check) {
    const spec = check.spec;
    check.selectorLabels(spec.workloadSelector, ['spec', 'workloadSelector'], 'labels');
    if (!['egress', 'ingress', 'outboundTrafficPolicy', 'inboundConnectionPool'].some((key) => isSet(spec[key]))) {
      check.report('MW0237', ['spec'], 'This Sidecar configures nothing. Set egress, ingress, outboundTrafficPolicy or inboundConnectionPool.', 'key');
    }
  },
});
