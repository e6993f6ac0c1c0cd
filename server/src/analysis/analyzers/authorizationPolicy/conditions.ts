// AuthorizationPolicy `when` conditions (reference §3.9.11): known keys in the right form, values present and
// valid (IPs, ports, principal wildcards), retired destination.* keys rejected.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isIPOrCidr, isObject, isSet } from '../../webhook/values.ts';

const PLAIN_KEYS = ['source.ip', 'remote.ip', 'source.namespace', 'source.serviceAccount', 'source.principal', 'source.trustDomain', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni'];
const RETIRED = ['destination.namespace', 'destination.labels', 'destination.name', 'destination.user'];

function keyProblem(key: string): string | undefined {
  if (PLAIN_KEYS.includes(key) || key.startsWith('experimental.envoy.filters.')) return undefined;
  if (RETIRED.some((retired) => key === retired || key.startsWith(`${retired}[`))) return `${key} is no longer supported; select the workload with the policy selector instead`;
  for (const prefix of ['request.headers', 'request.auth.claims']) {
    if (key.startsWith(prefix)) {
      return /^\[[^\]]+\](\[[^\]]+\])*$/.test(key.slice(prefix.length)) ? undefined : `write ${prefix}[name] (with brackets)`;
    }
  }
  return `"${key}" is not a known condition key (e.g. request.headers[x], source.ip, request.auth.claims[iss], destination.port)`;
}

export const authorizationPolicyConditions = webhookAnalyzer({
  name: 'authorizationPolicy/conditions',
  description: 'Authorization `when` conditions use known keys and valid values.',
  kinds: ['AuthorizationPolicy'],
  codes: ['MW0228'],
  check(check) {
    asArray(check.spec.rules).forEach((rule, ruleIndex) => {
      if (!isObject(rule)) return;
      asArray(rule.when).forEach((condition, index) => {
        const path = ['spec', 'rules', ruleIndex, 'when', index];
        if (!isObject(condition)) return;
        if (typeof condition.key !== 'string' || condition.key === '') {
          check.report('MW0228', path, 'A condition needs a key (e.g. request.headers[x-user]).', 'key');
          return;
        }
        const key = condition.key;
        const problem = keyProblem(key);
        if (problem) check.report('MW0228', [...path, 'key'], `${problem}.`);
        if (!isSet(condition.values) && !isSet(condition.notValues)) {
          check.report('MW0228', path, `The condition on ${key} needs values or notValues.`, 'key');
        }
        for (const field of ['values', 'notValues']) {
          asArray(condition[field]).forEach((value, valueIndex) => {
            const text = String(value);
            const valuePath = [...path, field, valueIndex];
            if (['source.ip', 'remote.ip', 'destination.ip'].includes(key) && !isIPOrCidr(text)) {
              check.report('MW0228', valuePath, `"${text}" is not an IP address or CIDR.`);
            } else if (key === 'destination.port' && (!/^\d+$/.test(text) || Number(text) > 65535)) {
              check.report('MW0228', valuePath, `"${text}" is not a port number (0–65535).`);
            } else if (key === 'source.principal' || key === 'source.trustDomain') {
              const stars = text.split('*').length - 1;
              if (stars > 1 || (stars === 1 && !text.startsWith('*') && !text.endsWith('*'))) {
                check.report('MW0228', valuePath, `"${text}": at most one '*', at the start or the end.`);
              }
            }
          });
        }
      });
    });
  },
});
