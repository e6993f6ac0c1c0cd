// MW0326 (Kiali KIA1702): WorkloadGroups in one namespace with identical template labels create
// indistinguishable WorkloadEntries.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, relatedTo } from '../../analyzerKit.ts';
import { namespaceOf, stringMap, valueAtPath } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

export const duplicateLabels: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'workloadGroup/duplicateLabels',
  description: 'WorkloadGroups in a namespace have distinct template labels.',
  codes: ['MW0326'],
  inputs: ['WorkloadGroup'],
  analyze(context) {
    const byKey = new Map<string, Resource[]>();
    for (const group of context.index.resources('WorkloadGroup')) {
      const labels = stringMap(valueAtPath(group.object, ['spec', 'metadata', 'labels']));
      if (Object.keys(labels).length === 0) continue;
      const key = `${namespaceOf(group)}|${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',')}`;
      byKey.set(key, [...(byKey.get(key) ?? []), group]);
    }
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      for (const group of list) {
        context.report(findingOn(group, 'MW0326', ['spec', 'metadata', 'labels'], `WorkloadGroups ${list.map(fullName).join(', ')} use the same labels, so their workloads cannot be told apart by selectors. Give each group distinct labels.`, {
          on: 'key',
          related: list.filter((g) => g !== group).map((g) => relatedTo(g, ['spec', 'metadata', 'labels'], `${fullName(g)} has the same labels`)),
        }));
      }
    }
  },
};
