// WorkloadGroup template and metadata (reference §3.7.1): a template is required, metadata labels valid, and
// the template's port names/numbers valid (as the CRD's CEL rules require; Istio's Go code skips the template).
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isDns1123Label, isObject } from '../../webhook/values.ts';

export const workloadGroupTemplate = webhookAnalyzer({
  name: 'workloadGroup/template',
  description: 'A WorkloadGroup has a template with valid ports and labels, and valid metadata labels.',
  kinds: ['WorkloadGroup'],
  codes: ['MW0237', 'MW0205', 'MW0204'],
  check(check) {
    const spec = check.spec;
    if (!isObject(spec.template)) {
      check.report('MW0237', ['spec'], 'A WorkloadGroup needs a template (the WorkloadEntry fields for its workloads). Add template: {ports: …, serviceAccount: …}.', 'key');
    } else {
      const template = spec.template;
      if (isObject(template.ports)) {
        for (const name of Object.keys(template.ports)) {
          if (!isDns1123Label(name)) check.report('MW0204', ['spec', 'template', 'ports', name], `Port name "${name}" is not a DNS-1123 label.`, 'key');
          check.port(template.ports, ['spec', 'template', 'ports'], name);
        }
      }
    }
    if (isObject(spec.metadata)) {
      check.labels(spec.metadata.labels, ['spec', 'metadata', 'labels']);
    }
  },
});
