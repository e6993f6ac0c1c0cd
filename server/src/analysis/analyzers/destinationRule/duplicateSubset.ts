// MW0304 (Kiali KIA0201): several DestinationRules for overlapping hosts define the same subset; only one of
// them applies. Mesh- and namespace-wide rules (`*.local`, `*.<ns>.svc.cluster.local`) are skipped.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { exportScopes, findingOn, fullName, hostsOverlap, records, relatedTo, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf, toFqdn } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

export const duplicateSubset: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'destinationRule/duplicateSubset',
  description: 'DestinationRules for overlapping hosts must not define the same subset.',
  codes: ['MW0304'],
  inputs: ['DestinationRule'],
  analyze(context) {
    const entries: { dr: Resource; host: string; subset: string; index: number; scopes: string[] }[] = [];
    for (const dr of context.index.resources('DestinationRule')) {
      const spec = specOf(dr);
      const host = str(spec.host);
      if (!host || host === '*' || host.endsWith('.local') && host.startsWith('*')) continue;
      const scopes = exportScopes(strings(spec.exportTo), namespaceOf(dr));
      records(spec.subsets).forEach((subset, index) => {
        const name = str(subset.name);
        if (name) entries.push({ dr, host: toFqdn(host, namespaceOf(dr)), subset: name, index, scopes });
      });
    }
    const bySubset = new Map<string, typeof entries>();
    for (const e of entries) bySubset.set(e.subset, [...(bySubset.get(e.subset) ?? []), e]);
    for (const list of bySubset.values()) {
      if (list.length < 2) continue;
      for (const e of list) {
        const clashes = list.filter((o) => o.dr !== e.dr && hostsOverlap(o.host, e.host) && (o.scopes.includes('*') || e.scopes.includes('*') || o.scopes.some((s) => e.scopes.includes(s))));
        if (clashes.length === 0) continue;
        context.report(
          findingOn(e.dr, 'MW0304', ['spec', 'subsets', e.index, 'name'], `Subset "${e.subset}" for host ${e.host} is also defined by ${clashes.map((c) => `DestinationRule ${fullName(c.dr)}`).join(', ')}; only one DestinationRule applies per host, so the other definition is ignored. Keep the subset in one DestinationRule.`, {
            related: clashes.map((c) => relatedTo(c.dr, ['spec', 'subsets', c.index, 'name'], `also defines subset ${e.subset}`)),
          }),
        );
      }
    }
  },
};
