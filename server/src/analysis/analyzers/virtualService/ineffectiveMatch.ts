// IST0131 VirtualServiceIneffectiveMatch (reference §3.3.29): matches that duplicate an earlier match, or URI
// prefixes already covered by an earlier, shorter prefix with the same other conditions.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { analyzeRules } from '../../webhook/ruleReachability.ts';

export const virtualServiceIneffectiveMatch = webhookAnalyzer({
  name: 'virtualService/ineffectiveMatch',
  description: 'Finds match conditions that can never take effect because earlier rules catch their traffic.',
  kinds: ['VirtualService'],
  codes: ['IST0131'],
  check(check) {
    for (const section of ['http', 'tcp', 'tls'] as const) {
      for (const finding of analyzeRules(check.spec, section).ineffective) {
        check.report('IST0131', finding.path, `Match ${finding.match} of ${section} rule ${finding.rule} never takes effect: ${finding.reason}. Remove it or reorder the rules (more specific first).`, 'key');
      }
    }
  },
});
