// AuthorizationPolicy attachment (reference §3.9.1): one of selector/targetRef/targetRefs, valid selector
// labels (empty warned) and same-namespace targetRefs of supported kinds.
import { webhookAnalyzer } from '../../webhook/check.ts';

export const authorizationPolicyTarget = webhookAnalyzer({
  name: 'authorizationPolicy/target',
  description: 'The AuthorizationPolicy selects workloads with one valid selector or targetRef(s).',
  kinds: ['AuthorizationPolicy'],
  codes: ['MW0206', 'MW0205', 'MW0262'],
  check(check) {
    check.policyTarget();
  },
});
