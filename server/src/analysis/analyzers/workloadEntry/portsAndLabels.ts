// WorkloadEntry ports and labels (reference §3.6.2–3): DNS-label port names, valid port numbers, label map.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isDns1123Label, isObject } from '../../webhook/values.ts';

export const workloadEntryPortsAndLabels = webhookAnalyzer({
  name: 'workloadEntry/portsAndLabels',
  description: 'WorkloadEntry port names and numbers and labels are valid.',
  kinds: ['WorkloadEntry'],
  codes: ['MW0204', 'MW0205'],
  check(check) {
    const spec = check.spec;
    if (isObject(spec.ports)) {
      for (const name of Object.keys(spec.ports)) {
        if (!isDns1123Label(name)) check.report('MW0204', ['spec', 'ports', name], `Port name "${name}" is not a DNS-1123 label (lower-case letters, digits, '-').`, 'key');
        check.port(spec.ports, ['spec', 'ports'], name);
      }
    }
    check.labels(spec.labels, ['spec', 'labels']);
  },
});
