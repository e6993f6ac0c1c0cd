// MW0305 (Kiali KIA0209): a DestinationRule subset without labels selects every endpoint of the host.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

export const subsetLabels: ResourceAnalyzer = {
  scope: 'resource',
  name: 'destinationRule/subsetLabels',
  description: 'DestinationRule subsets should select endpoints with labels.',
  codes: ['MW0305'],
  kinds: ['DestinationRule'],
  inputs: ['DestinationRule'],
  check(dr, context) {
    records(specOf(dr).subsets).forEach((subset, i) => {
      if (isRecord(subset.labels) && Object.keys(subset.labels).length > 0) return;
      context.report(findingOn(dr, 'MW0305', ['spec', 'subsets', i, 'name'], `Subset "${str(subset.name) ?? i}" has no labels, so it contains every endpoint of the host and routing to it does not split traffic. Add labels (e.g. version: ${str(subset.name) ?? 'v1'}).`));
    });
  },
};
