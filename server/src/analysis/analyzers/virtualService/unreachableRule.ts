// IST0130 VirtualServiceUnreachableRule (reference §3.3.28): rules that can never match because an earlier
// rule has no match conditions or already uses all of their matches.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { analyzeRules } from '../../webhook/ruleReachability.ts';

export const virtualServiceUnreachableRule = webhookAnalyzer({
  name: 'virtualService/unreachableRule',
  description: 'Finds http/tcp/tls rules that can never be reached.',
  kinds: ['VirtualService'],
  codes: ['IST0130'],
  check(check) {
    for (const section of ['http', 'tcp', 'tls'] as const) {
      for (const finding of analyzeRules(check.spec, section).unreachable) {
        check.report('IST0130', finding.path, `${section} rule ${finding.rule} is never used: ${finding.reason}. Move it earlier, give it distinct matches, or remove it.`, 'key');
      }
    }
  },
});
