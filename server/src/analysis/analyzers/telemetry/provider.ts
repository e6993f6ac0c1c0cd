// IST0157: a Telemetry accessLogging entry without providers is ignored when mesh config has no default
// access-log provider.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const provider: ResourceAnalyzer = {
  scope: 'resource',
  name: 'telemetry/provider',
  description: 'Telemetry access logging without providers needs a default access-log provider in mesh config.',
  codes: ['IST0157'],
  kinds: ['Telemetry'],
  inputs: ['Telemetry', 'MeshConfig'],
  check(telemetry, context) {
    if (context.meshConfig.defaultAccessLogProviders.length > 0) return;
    records(specOf(telemetry).accessLogging).forEach((entry, i) => {
      const disabled = entry.disabled === true || (isRecord(entry.disabled) && entry.disabled.value === true);
      if (disabled) return;
      if (Array.isArray(entry.providers) && entry.providers.length > 0) return;
      context.report(findingOn(telemetry, 'IST0157', ['spec', 'accessLogging', i], `The Telemetry ${telemetry.name} in namespace ${namespaceOf(telemetry)} has an access-logging entry with no providers, and mesh config sets no default access-log provider, so it is ignored. Name a provider (e.g. providers: [{name: envoy}]) or set defaultProviders.accessLogging in mesh config.`));
    });
  },
};
