// Telemetry metric overrides (reference §3.12.5): non-null overrides, tag operations and custom metric names.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isObject, isSet } from '../../webhook/values.ts';

export const telemetryMetrics = webhookAnalyzer({
  name: 'telemetry/metrics',
  description: 'Metric overrides set values for UPSERT only and name their custom metrics.',
  kinds: ['Telemetry'],
  codes: ['MW0231', 'MW0201', 'MW0270'],
  check(check) {
    asArray(check.spec.metrics).forEach((metrics, index) => {
      if (!isObject(metrics)) return;
      const path = ['spec', 'metrics', index];
      check.duration(metrics, path, 'reportingInterval');
      asArray(metrics.overrides).forEach((override, overrideIndex) => {
        const overridePath = [...path, 'overrides', overrideIndex];
        if (!isObject(override)) {
          if (override === null) check.report('MW0231', overridePath, 'This override is empty (null). Remove it.');
          return;
        }
        if (isObject(override.match) && override.match.customMetric === '') {
          check.report('MW0231', [...overridePath, 'match', 'customMetric'], 'customMetric is empty. Name the metric.');
        }
        if (!isObject(override.tagOverrides)) return;
        for (const [tag, operation] of Object.entries(override.tagOverrides)) {
          const tagPath = [...overridePath, 'tagOverrides', tag];
          if (tag === '') check.report('MW0270', tagPath, 'A tag override has an empty name and does nothing. Name the tag.', 'key');
          if (!isObject(operation)) continue;
          const kind = operation.operation ?? 'UPSERT';
          if (kind === 'UPSERT' && !isSet(operation.value)) check.report('MW0231', tagPath, `UPSERT of tag "${tag}" needs a value (a CEL expression).`, 'key');
          if (kind === 'REMOVE' && isSet(operation.value)) check.report('MW0231', [...tagPath, 'value'], `REMOVE of tag "${tag}" cannot have a value. Remove value.`, 'key');
        }
      });
    });
  },
});
