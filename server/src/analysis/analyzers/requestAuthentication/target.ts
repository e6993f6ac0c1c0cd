// RequestAuthentication attachment (reference §3.10.1): selector/targetRef(s) follow the shared rules.
import { webhookAnalyzer } from '../../webhook/check.ts';

export const requestAuthenticationTarget = webhookAnalyzer({
  name: 'requestAuthentication/target',
  description: 'The RequestAuthentication selects workloads with one valid selector or targetRef(s).',
  kinds: ['RequestAuthentication'],
  codes: ['MW0206', 'MW0205', 'MW0262'],
  check(check) {
    check.policyTarget();
  },
});
