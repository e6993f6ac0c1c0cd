// Telemetry tracing (reference §3.12.4): one tracing entry and provider, sampling 0..100, complete custom tags.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isObject, isSet } from '../../webhook/values.ts';

export const telemetryTracing = webhookAnalyzer({
  name: 'telemetry/tracing',
  description: 'Tracing uses a single provider, a valid sampling percentage and complete custom tags.',
  kinds: ['Telemetry'],
  codes: ['MW0231', 'MW0270'],
  check(check) {
    const tracing = asArray(check.spec.tracing);
    if (tracing.length > 1) check.report('MW0270', ['spec', 'tracing'], 'Only the first tracing entry is used. Merge them into one.', 'key');
    tracing.forEach((entry, index) => {
      if (!isObject(entry)) return;
      const path = ['spec', 'tracing', index];
      if (asArray(entry.providers).length > 1) check.report('MW0270', [...path, 'providers'], 'Only one tracing provider is supported; the others are ignored. Keep one.', 'key');
      const sampling = entry.randomSamplingPercentage;
      if (typeof sampling === 'number' && (sampling < 0 || sampling > 100)) {
        check.report('MW0231', [...path, 'randomSamplingPercentage'], `randomSamplingPercentage ${sampling} must be between 0 and 100.`);
      }
      if (!isObject(entry.customTags)) return;
      for (const [name, tag] of Object.entries(entry.customTags)) {
        const tagPath = [...path, 'customTags', name];
        if (name === '') check.report('MW0231', tagPath, 'A custom tag needs a name.', 'key');
        if (!isObject(tag) || Object.keys(tag).length === 0) {
          check.report('MW0231', tagPath, `Custom tag "${name}" needs a value: literal, header or environment.`, 'key');
          continue;
        }
        const checks: [string, string][] = [['literal', 'value'], ['header', 'name'], ['environment', 'name']];
        for (const [kind, field] of checks) {
          if (isObject(tag[kind]) && !isSet(tag[kind][field])) check.report('MW0231', [...tagPath, kind], `The ${kind} of custom tag "${name}" needs a non-empty ${field}.`, 'key');
        }
      }
    });
  },
});
