// Locality and zone-aware load balancing (reference §3.4.9–10): distribute vs failover, weights summing to 100,
// locality syntax and overlap, failover pairs, topology labels in failoverPriority, outlier detection.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { trafficPoliciesOf } from '../../webhook/trafficPolicy.ts';
import { asArray, isInteger, isObject, isSet } from '../../webhook/values.ts';

const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

function localityProblem(locality: string): string | undefined {
  const parts = locality.split('/');
  if (locality === '' || parts.length > 3 || parts.some((part) => part === '')) return `"${locality}" is not region[/zone[/subzone]] without empty parts`;
  const stars = parts.filter((part) => part.includes('*'));
  if (stars.length > 1 || (stars.length === 1 && parts[parts.length - 1] !== '*')) return `in "${locality}" '*' may appear once, as the whole last part`;
  return undefined;
}

function localitiesOverlap(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const x = left[index];
    const y = right[index];
    if (x === '*' || y === '*' || x === undefined || y === undefined) return true;
    if (x !== y) return false;
  }
  return true;
}

function checkFailover(check: Check, failover: unknown, path: ObjectPath, hasOutlier: boolean): void {
  asArray(failover).forEach((entry, index) => {
    if (!isObject(entry)) return;
    const entryPath = [...path, index];
    if (entry.from === entry.to) check.report('MW0220', entryPath, `Failover from and to are both "${String(entry.from)}". Fail over to a different region.`, 'key');
    for (const key of ['from', 'to']) {
      const value = entry[key];
      if (typeof value === 'string' && (value.includes('/') || value.includes('*'))) {
        check.report('MW0220', [...entryPath, key], `Failover ${key} "${value}" must be a region name (no '/', no '*').`);
      }
    }
  });
  if (isSet(failover) && !hasOutlier) {
    check.report('MW0265', path, 'Failover only happens when outlier detection ejects unhealthy endpoints. Add outlierDetection to this traffic policy.', 'key');
  }
}

export const destinationRuleLocalityLb = webhookAnalyzer({
  name: 'destinationRule/localityLb',
  description: 'localityLbSetting and zoneAwareLbSetting are consistent and their localities and weights valid.',
  kinds: ['DestinationRule'],
  codes: ['MW0220', 'MW0265'],
  check(check) {
    for (const { policy, path } of trafficPoliciesOf(check.spec)) {
      if (!isObject(policy.loadBalancer)) continue;
      const hasOutlier = isSet(policy.outlierDetection);
      const lb = policy.loadBalancer;
      if (isObject(lb.localityLbSetting)) {
        const setting = lb.localityLbSetting;
        const settingPath = [...path, 'loadBalancer', 'localityLbSetting'];
        if (isSet(setting.distribute) && isSet(setting.failover)) {
          check.report('MW0220', [...settingPath, 'failover'], 'distribute and failover cannot both be set. Keep one.', 'key');
        }
        if (isSet(setting.failover)) {
          asArray(setting.failoverPriority).forEach((label, index) => {
            if (typeof label === 'string' && TOPOLOGY_LABELS.includes(label.split('=')[0]!)) {
              check.report('MW0220', [...settingPath, 'failoverPriority', index], `failoverPriority cannot use the topology label ${label} together with failover. Remove failover or this label.`);
            }
          });
        }
        const froms: { from: string; index: number }[] = [];
        asArray(setting.distribute).forEach((entry, index) => {
          if (!isObject(entry)) return;
          const entryPath = [...settingPath, 'distribute', index];
          if (typeof entry.from === 'string') {
            const problem = localityProblem(entry.from);
            if (problem) check.report('MW0220', [...entryPath, 'from'], `${problem}.`);
            else {
              const overlap = froms.find((earlier) => localitiesOverlap(earlier.from, entry.from as string));
              if (overlap) check.report('MW0220', [...entryPath, 'from'], `Locality "${entry.from}" overlaps "${overlap.from}" (distribute[${overlap.index}]). Make the from localities disjoint.`);
              froms.push({ from: entry.from, index });
            }
          }
          if (!isObject(entry.to)) return;
          let total = 0;
          for (const [locality, weight] of Object.entries(entry.to)) {
            const problem = localityProblem(locality);
            if (problem) check.report('MW0220', [...entryPath, 'to', locality], `${problem}.`, 'key');
            if (isInteger(weight)) {
              if (weight < 1 || weight > 100) check.report('MW0220', [...entryPath, 'to', locality], `Weight ${weight} must be between 1 and 100.`);
              total += weight;
            }
          }
          if (total !== 100) check.report('MW0220', [...entryPath, 'to'], `The distribute weights add up to ${total}; they must add up to exactly 100.`, 'key');
        });
        checkFailover(check, setting.failover, [...settingPath, 'failover'], hasOutlier);
        if (isSet(setting.failoverPriority) && !isSet(setting.failover) && !hasOutlier) {
          check.report('MW0265', [...settingPath, 'failoverPriority'], 'failoverPriority only takes effect with outlier detection. Add outlierDetection to this traffic policy.', 'key');
        }
      }
      if (isObject(lb.zoneAwareLbSetting)) {
        const setting = lb.zoneAwareLbSetting;
        const settingPath = [...path, 'loadBalancer', 'zoneAwareLbSetting'];
        asArray(setting.failoverPriority).forEach((label, index) => {
          if (typeof label === 'string' && TOPOLOGY_LABELS.includes(label.split('=')[0]!)) {
            check.report('MW0220', [...settingPath, 'failoverPriority', index], `zoneAwareLbSetting.failoverPriority cannot use the topology label ${label}; zones are handled already. Remove it.`);
          }
        });
        checkFailover(check, setting.failover, [...settingPath, 'failover'], hasOutlier);
      }
    }
  },
});
