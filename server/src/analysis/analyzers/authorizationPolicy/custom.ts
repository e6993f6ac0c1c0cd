// CUSTOM authorization (reference §3.9.2–3): rules and provider.name required, unsupported source fields and
// conditions rejected; provider only with action CUSTOM.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isObject, isSet } from '../../webhook/values.ts';

const UNSUPPORTED_SOURCE = ['namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals'];
const UNSUPPORTED_KEYS = ['source.namespace', 'source.serviceAccount', 'source.principal'];

export const authorizationPolicyCustom = webhookAnalyzer({
  name: 'authorizationPolicy/custom',
  description: 'CUSTOM policies name a provider, have rules and use only attributes the external authorizer supports.',
  kinds: ['AuthorizationPolicy'],
  codes: ['MW0227'],
  check(check) {
    const spec = check.spec;
    if (spec.action !== 'CUSTOM') {
      if (spec.provider !== undefined) check.report('MW0227', ['spec', 'provider'], 'provider is only used with action CUSTOM. Set action: CUSTOM or remove provider.', 'key');
      return;
    }
    if (spec.rules === undefined || spec.rules === null) check.report('MW0227', ['spec'], 'A CUSTOM policy needs rules (use rules: [{}] to send every request to the provider).', 'key');
    else if (!isObject(spec.provider) || !isSet(spec.provider.name)) {
      check.report('MW0227', isObject(spec.provider) ? ['spec', 'provider'] : ['spec', 'action'], 'A CUSTOM policy needs provider.name (an extension provider from mesh config).', 'key');
    }
    asArray(spec.rules).forEach((rule, ruleIndex) => {
      if (!isObject(rule)) return;
      asArray(rule.from).forEach((from, fromIndex) => {
        if (!isObject(from) || !isObject(from.source)) return;
        for (const key of UNSUPPORTED_SOURCE) {
          if (from.source[key] !== undefined) check.report('MW0227', ['spec', 'rules', ruleIndex, 'from', fromIndex, 'source', key], `CUSTOM policies do not support source.${key}. Remove it; the provider decides.`, 'key');
        }
      });
      asArray(rule.when).forEach((condition, index) => {
        if (!isObject(condition) || typeof condition.key !== 'string') return;
        if (UNSUPPORTED_KEYS.includes(condition.key) || condition.key.startsWith('request.auth.')) {
          check.report('MW0227', ['spec', 'rules', ruleIndex, 'when', index, 'key'], `CUSTOM policies do not support the condition ${condition.key}. Remove it.`);
        }
      });
    });
  },
});
