// IST0101: a VirtualService destination subset must be defined by a DestinationRule for that host.
import type { ResourceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn, mirrorDestinations, perDocument, relatedTo, routeDestinations, str } from '../../analyzerKit.ts';
import { hostResourceKey, namespaceOf, specOf } from '../../workspaceIndex.ts';

export const subsetExists: ResourceAnalyzer = {
  scope: 'resource',
  name: 'virtualService/subsetExists',
  description: 'VirtualService destination subsets must be defined in a DestinationRule for the destination host.',
  codes: ['IST0101'],
  kinds: ['VirtualService'],
  inputs: ['VirtualService', 'DestinationRule'],
  check(vs, context) {
    const { index } = context;
    const subsets = index.subsets();
    const namespace = namespaceOf(vs);
    const refs = perDocument(vs, 'subsetRefs', () => {
      const spec = specOf(vs);
      return [...routeDestinations(spec), ...mirrorDestinations(spec)]
        .map((ref) => ({ ref, host: str(ref.destination.host), subset: str(ref.destination.subset) }))
        .filter((r): r is { ref: (typeof r)['ref']; host: string; subset: string } => !!r.host && !!r.subset)
        .map((r) => ({ ...r, key: hostResourceKey(namespace, r.host) }));
    });
    for (const { ref, host, subset, key } of refs) {
      const known = subsets.get(key);
      if (known?.has(subset)) continue;
      const mirror = ref.kind === 'mirror' || ref.kind === 'mirrors';
      const rules = index.destinationRulesFor(namespace, host);
      const suggestion = known ? closest(subset, known.keys()) : undefined;
      const fix = rules.length
        ? `add a subset named "${subset}" to DestinationRule ${namespaceOf(rules[0]!)}/${rules[0]!.name} or use one of its subsets (${[...(known?.keys() ?? [])].join(', ') || 'none'})`
        : `create a DestinationRule for host "${host}" with a subset named "${subset}"`;
      context.report(
        findingOn(vs, 'IST0101', [...ref.path, 'subset'], `Referenced ${mirror ? 'mirror+subset' : 'host+subset'} in destinationrule not found: "${host}+${subset}". To fix, ${fix}.${didYouMean(suggestion)}`, {
          related: rules.map((dr) => relatedTo(dr, ['spec', 'subsets'], `DestinationRule for ${host}`)),
          data: { reference: 'subset', host, subset, ...(suggestion ? { suggestion } : {}), ...(rules[0] ? { destinationRule: { uri: rules[0].uri, namespace: namespaceOf(rules[0]), name: rules[0].name } } : {}) },
        }),
      );
    }
  },
};
