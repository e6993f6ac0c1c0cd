// exportTo rules for VirtualService, DestinationRule and ServiceEntry (reference §3.0, §3.3.27, §3.4.16, §3.5.12).
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isObject, isSet } from '../../webhook/values.ts';

export const exportTo = webhookAnalyzer({
  name: 'common/exportTo',
  description: 'exportTo entries are ".", "*", "~" or namespaces, without duplicates ("*" and "~" alone); a DestinationRule with a workloadSelector exports only to its own namespace.',
  kinds: ['VirtualService', 'DestinationRule', 'ServiceEntry'],
  codes: ['MW0207'],
  check(check) {
    check.exportTo();
    const spec = check.spec;
    if (check.resource.kind === 'DestinationRule' && isObject(spec.workloadSelector) && Array.isArray(spec.exportTo)) {
      const own = check.resource.namespace;
      const onlyOwn = spec.exportTo.length === 1 && (spec.exportTo[0] === '.' || (own !== undefined && spec.exportTo[0] === own));
      if (!onlyOwn && isSet(spec.exportTo)) {
        check.report('MW0207', ['spec', 'exportTo'], 'A DestinationRule with a workloadSelector can only be exported to its own namespace. Use exportTo: ["."] or remove exportTo.', 'key');
      }
    }
  },
});
