// IST0160: at most one Telemetry without a selector per namespace.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, relatedTo } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

export const defaultTelemetries: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'telemetry/defaultTelemetries',
  description: 'Only one Telemetry without a selector per namespace.',
  codes: ['IST0160'],
  inputs: ['Telemetry'],
  analyze(context) {
    const byNamespace = new Map<string, Resource[]>();
    for (const telemetry of context.index.resources('Telemetry')) {
      if (specOf(telemetry).selector !== undefined && specOf(telemetry).selector !== null) continue;
      const list = byNamespace.get(namespaceOf(telemetry)) ?? [];
      list.push(telemetry);
      byNamespace.set(namespaceOf(telemetry), list);
    }
    for (const [namespace, list] of byNamespace) {
      if (list.length < 2) continue;
      const names = list.map(fullName).sort().join(', ');
      for (const telemetry of list) {
        context.report(
          findingOn(telemetry, 'IST0160', ['metadata', 'name'], `The Telemetries ${names} in namespace ${namespace} have no workload selector, so which one applies is undefined. Merge them, or give all but one a selector.`, {
            related: list.filter((t) => t !== telemetry).map((t) => relatedTo(t, ['metadata', 'name'], `${fullName(t)} has no selector either`)),
          }),
        );
      }
    }
  },
};
