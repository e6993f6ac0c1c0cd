// ServiceEntry workloadSelector (reference §3.5.1): valid labels (empty warned), not combined with endpoints.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { isObject, isSet } from '../../webhook/values.ts';

export const serviceEntryWorkloadSelector = webhookAnalyzer({
  name: 'serviceEntry/workloadSelector',
  description: 'The ServiceEntry workloadSelector has valid labels and is not combined with endpoints.',
  kinds: ['ServiceEntry'],
  codes: ['MW0205', 'MW0262', 'MW0222'],
  check(check) {
    const spec = check.spec;
    if (!isObject(spec.workloadSelector)) return;
    check.selectorLabels(spec.workloadSelector, ['spec', 'workloadSelector'], 'labels');
    if (isSet(spec.endpoints)) check.report('MW0222', ['spec', 'endpoints'], 'workloadSelector and endpoints cannot both be set. Select WorkloadEntries with the selector, or list endpoints, not both.', 'key');
  },
});
