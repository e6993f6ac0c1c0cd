// Client-side TLS of DestinationRules (reference §3.4.12): credentialName vs inline files, insecureSkipVerify,
// MUTUAL requirements and configmap:// namespaces.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { trafficPoliciesOf } from '../../webhook/trafficPolicy.ts';
import { isObject, isSet } from '../../webhook/values.ts';

export const destinationRuleClientTls = webhookAnalyzer({
  name: 'destinationRule/clientTls',
  description: 'Client TLS settings are consistent for their mode (SIMPLE, MUTUAL), credentialName and insecureSkipVerify.',
  kinds: ['DestinationRule'],
  codes: ['MW0211'],
  check(check) {
    for (const { policy, path } of trafficPoliciesOf(check.spec)) {
      const tls = policy.tls;
      if (!isObject(tls)) continue;
      const tlsPath = [...path, 'tls'];
      const mode = tls.mode;
      const credential = tls.credentialName;
      if (typeof credential === 'string' && credential.startsWith('configmap://')) {
        const parts = credential.slice('configmap://'.length).split('/');
        const own = check.resource.namespace ?? 'default';
        if (parts.length === 2 && parts[0] !== own) {
          check.report('MW0211', [...tlsPath, 'credentialName'], `A configmap:// credential must be in the DestinationRule's own namespace (${own}), not ${parts[0]}. Move the ConfigMap or the DestinationRule.`);
        }
      }
      if (tls.insecureSkipVerify === true && (mode === 'SIMPLE' || mode === 'MUTUAL')) {
        const forbidden = mode === 'SIMPLE' ? ['caCertificates', 'credentialName', 'subjectAltNames'] : ['caCertificates', 'subjectAltNames'];
        for (const key of forbidden) {
          if (isSet(tls[key])) check.report('MW0211', [...tlsPath, key], `insecureSkipVerify skips server verification, so ${key} makes no sense. Remove ${key} or insecureSkipVerify.`, 'key');
        }
      }
      if ((mode === 'SIMPLE' || mode === 'MUTUAL') && isSet(credential)) {
        for (const key of ['clientCertificate', 'caCertificates', 'privateKey', 'caCrl']) {
          if (isSet(tls[key])) check.report('MW0211', [...tlsPath, key], `credentialName already supplies the certificates, so ${key} is not allowed. Remove ${key} (put it into the secret) or credentialName.`, 'key');
        }
      }
      if (mode === 'MUTUAL' && !isSet(credential)) {
        for (const key of ['clientCertificate', 'privateKey']) {
          if (!isSet(tls[key])) check.report('MW0211', [...tlsPath, 'mode'], `MUTUAL TLS without credentialName needs ${key}. Add ${key}, or use credentialName.`);
        }
      }
    }
  },
});
