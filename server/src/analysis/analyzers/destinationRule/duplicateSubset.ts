// MW0304 (Kiali KIA0201): several DestinationRules for overlapping hosts define the same subset; only one of
// them applies. Mesh- and namespace-wide rules (`*.local`, `*.<ns>.svc.cluster.local`) are skipped.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { exportScopes, findingOn, perDocument, fullName, hostsOverlap, records, relatedTo, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf, toFqdn } from '../../workspaceIndex.ts';

export const duplicateSubset: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'destinationRule/duplicateSubset',
  description: 'DestinationRules for overlapping hosts must not define the same subset.',
  codes: ['MW0304'],
  inputs: ['DestinationRule'],
  analyze(context) {
    const entries = context.index.resources('DestinationRule').flatMap((dr) =>
      perDocument(dr, 'duplicateSubsetEntries', () => {
        const spec = specOf(dr);
        const host = str(spec.host);
        if (!host || host === '*' || (host.endsWith('.local') && host.startsWith('*'))) return [];
        const scopes = exportScopes(strings(spec.exportTo), namespaceOf(dr));
        const fqdn = toFqdn(host, namespaceOf(dr));
        return records(spec.subsets).flatMap((subset, index) => {
          const name = str(subset.name);
          return name ? [{ dr, host: fqdn, subset: name, index, scopes }] : [];
        });
      }),
    );
    // Bucket by subset name and exact host; wildcard hosts are compared with every host of the subset.
    type Entry = (typeof entries)[number];
    const bySubset = new Map<string, { exact: Map<string, Entry[]>; wildcard: Entry[] }>();
    for (const e of entries) {
      let bucket = bySubset.get(e.subset);
      if (!bucket) bySubset.set(e.subset, (bucket = { exact: new Map(), wildcard: [] }));
      if (e.host.startsWith('*')) bucket.wildcard.push(e);
      else bucket.exact.set(e.host, [...(bucket.exact.get(e.host) ?? []), e]);
    }
    const visible = (o: Entry, e: Entry) => o.scopes.includes('*') || e.scopes.includes('*') || o.scopes.some((s) => e.scopes.includes(s));
    for (const bucket of bySubset.values()) {
      const all = [...[...bucket.exact.values()].flat(), ...bucket.wildcard];
      for (const e of all) {
        const candidates = e.host.startsWith('*') ? all : [...(bucket.exact.get(e.host) ?? []), ...bucket.wildcard];
        const clashes = candidates.filter((o) => o.dr !== e.dr && hostsOverlap(o.host, e.host) && visible(o, e));
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
