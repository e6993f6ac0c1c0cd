// DestinationRule subsets (reference §3.4.2): non-null entries, unique DNS-1123 names, valid labels.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isDns1123Label, isObject } from '../../webhook/values.ts';

export const destinationRuleSubsets = webhookAnalyzer({
  name: 'destinationRule/subsets',
  description: 'Subsets have unique DNS-1123 names and valid label maps.',
  kinds: ['DestinationRule'],
  codes: ['MW0221', 'MW0205'],
  check(check) {
    const names = new Map<string, number>();
    asArray(check.spec.subsets).forEach((subset, index) => {
      const path = ['spec', 'subsets', index];
      if (!isObject(subset)) {
        check.report('MW0221', path, 'This subset entry is empty. Remove it or give it a name and labels.');
        return;
      }
      if (typeof subset.name === 'string') {
        if (!isDns1123Label(subset.name)) check.report('MW0221', [...path, 'name'], `Subset name "${subset.name}" is not a DNS-1123 label (lower-case letters, digits, '-', ≤63).`);
        const earlier = names.get(subset.name);
        if (earlier !== undefined) check.report('MW0221', [...path, 'name'], `Subset "${subset.name}" is already defined at subsets[${earlier}]. Subset names must be unique; rename or merge.`);
        else names.set(subset.name, index);
      }
      check.labels(subset.labels, [...path, 'labels']);
    });
  },
});
