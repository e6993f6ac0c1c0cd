// Telemetry attachment and providers (reference §3.12.1–3): selector/targetRef(s), non-empty provider names,
// and access-log filter expressions that parse as CEL.
import { celRuntime } from '../../../schema/cel.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isObject } from '../../webhook/values.ts';

export const telemetryProviders = webhookAnalyzer({
  name: 'telemetry/providers',
  description: 'Telemetry targets workloads correctly, names its providers, and uses valid CEL access-log filters.',
  kinds: ['Telemetry'],
  codes: ['MW0231', 'MW0206', 'MW0205', 'MW0262'],
  check(check) {
    check.policyTarget();
    for (const section of ['accessLogging', 'tracing', 'metrics']) {
      asArray(check.spec[section]).forEach((entry, index) => {
        if (!isObject(entry)) return;
        const path = ['spec', section, index];
        asArray(entry.providers).forEach((provider, providerIndex) => {
          if (isObject(provider) && (typeof provider.name !== 'string' || provider.name === '')) {
            check.report('MW0231', [...path, 'providers', providerIndex], 'A provider needs a name (an extension provider from mesh config, e.g. envoy).', 'key');
          }
        });
        if (section === 'accessLogging' && isObject(entry.filter) && typeof entry.filter.expression === 'string') {
          try {
            celRuntime().parse(entry.filter.expression);
          } catch (error) {
            check.report('MW0231', [...path, 'filter', 'expression'], `The filter is not a valid CEL expression (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). Write e.g. response.code >= 400.`);
          }
        }
      });
    }
  },
});
