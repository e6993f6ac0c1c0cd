// PeerAuthentication (reference §3.11): selector rules; portLevelMtls only with a workload selector, non-empty,
// keyed by valid port numbers.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isObject, isSet } from '../../webhook/values.ts';

export const peerAuthenticationPortLevelMtls = webhookAnalyzer({
  name: 'peerAuthentication/portLevelMtls',
  description: 'portLevelMtls is used only with a selector and valid ports; the selector labels are valid.',
  kinds: ['PeerAuthentication'],
  codes: ['MW0230', 'MW0205', 'MW0262'],
  check(check) {
    const spec = check.spec;
    check.selectorLabels(spec.selector, ['spec', 'selector'], 'matchLabels');
    if (spec.portLevelMtls === undefined) return;
    const selector = spec.selector;
    if (!isObject(selector) || !isSet(selector.matchLabels)) {
      check.report('MW0230', ['spec', 'portLevelMtls'], 'portLevelMtls needs a workload selector; it cannot apply mesh- or namespace-wide. Add selector.matchLabels, or remove portLevelMtls.', 'key');
    }
    if (!isSet(spec.portLevelMtls)) {
      check.report('MW0230', ['spec', 'portLevelMtls'], 'portLevelMtls is empty. Add port: {mode: …} entries or remove it.', 'key');
      return;
    }
    if (!isObject(spec.portLevelMtls)) return;
    for (const port of Object.keys(spec.portLevelMtls)) {
      const number = Number(port);
      if (!/^\d+$/.test(port) || number < 1 || number > 65535) {
        check.report('MW0230', ['spec', 'portLevelMtls', port], `"${port}" is not a port number from 1 to 65535.`, 'key');
      }
    }
  },
});
