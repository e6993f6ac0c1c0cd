// ProxyConfig (reference §3.16): selector rules and a non-negative concurrency.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isInteger } from '../../webhook/values.ts';

export const proxyConfigSettings = webhookAnalyzer({
  name: 'proxyConfig/settings',
  description: 'ProxyConfig has valid selector labels and a non-negative concurrency.',
  kinds: ['ProxyConfig'],
  codes: ['MW0234', 'MW0205', 'MW0262'],
  check(check) {
    const spec = check.spec;
    check.selectorLabels(spec.selector, ['spec', 'selector'], 'matchLabels');
    const concurrency = spec.concurrency;
    const value = typeof concurrency === 'object' && concurrency !== null ? (concurrency as { value?: unknown }).value : concurrency;
    if (isInteger(value) && value < 0) check.report('MW0234', ['spec', 'concurrency'], 'concurrency cannot be negative. Use 0 (one worker per CPU) or a positive number.');
  },
});
