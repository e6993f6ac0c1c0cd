// Gateway server TLS (reference §3.2.7–15): protocol/tls agreement, mode-specific certificate rules,
// weak TLS versions and cipher suites, caCrl.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { checkServerTls } from '../../webhook/serverTls.ts';
import { asArray, isObject } from '../../webhook/values.ts';

export const gatewayServerTls = webhookAnalyzer({
  name: 'gateway/serverTls',
  description: 'Gateway server TLS settings match the protocol and mode (certificates, credentialName, caCrl, ciphers).',
  kinds: ['Gateway'],
  codes: ['MW0211', 'MW0261', 'MW0263', 'MW0270'],
  check(check) {
    asArray(check.spec.servers).forEach((server, index) => {
      if (isObject(server)) checkServerTls(check, server, ['spec', 'servers', index], false);
    });
  },
});
