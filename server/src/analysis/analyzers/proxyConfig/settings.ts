// ProxyConfig (reference §3.16): selector rules. (A negative concurrency is reported by schema validation as MW0112.)
import { webhookAnalyzer } from '../../webhook/check.ts';

export const proxyConfigSettings = webhookAnalyzer({
  name: 'proxyConfig/settings',
  description: 'ProxyConfig has valid selector labels.',
  kinds: ['ProxyConfig'],
  codes: ['MW0205', 'MW0262'],
  check(check) {
    const spec = check.spec;
    check.selectorLabels(spec.selector, ['spec', 'selector'], 'matchLabels');
  },
});
