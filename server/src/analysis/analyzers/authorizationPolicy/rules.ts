// AuthorizationPolicy rules (reference §3.9.4–10, 3.9.12): DENY needs rules, from/to shape, source/operation
// field values (IPs, service accounts, trust domains, ports, path templates), HTTP-only DENY rules warned.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isIPOrCidr, isObject, isSet } from '../../webhook/values.ts';

const IP_FIELDS = ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'];
const PCHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/;

/** Path template rules for `{*}` and `{**}`. */
export function pathTemplateProblem(path: string): string | undefined {
  if (!path.includes('{') && !path.includes('}')) return undefined;
  const segments = path.split('/');
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.includes('{') || segment.includes('}')) {
      if (segment !== '{*}' && segment !== '{**}') return `"${segment}" is not a template; only whole segments {*} or {**} may use braces`;
      if (segment === '{**}' && index !== segments.length - 1) return '{**} must be the last segment';
    } else if (!PCHAR.test(segment)) {
      return `segment "${segment}" contains characters not allowed in a URI path`;
    }
  }
  return undefined;
}

function checkServiceAccounts(check: Check, list: unknown, path: ObjectPath): void {
  const values = asArray(list);
  if (values.length > 16) check.report('MW0227', path, `At most 16 service accounts may be listed (found ${values.length}). Split the rule.`, 'key');
  values.forEach((value, index) => {
    if (typeof value !== 'string' || value === '') return;
    const parts = value.split('/');
    let problem: string | undefined;
    if (value.includes('*')) problem = 'wildcards are not supported';
    else if (value.length > 320) problem = 'it is longer than 320 characters';
    else if (parts.length > 2 || parts.some((part) => part === '')) problem = 'use "name" or "namespace/name" without empty parts';
    if (problem) check.report('MW0227', [...path, index], `Service account "${value}": ${problem}.`);
  });
}

export const authorizationPolicyRules = webhookAnalyzer({
  name: 'authorizationPolicy/rules',
  description: 'Authorization rules are well-formed: from/to entries, IP blocks, service accounts, trust domains, ports and path templates.',
  kinds: ['AuthorizationPolicy'],
  codes: ['MW0227', 'MW0210', 'MW0267'],
  check(check) {
    const spec = check.spec;
    const action = spec.action ?? 'ALLOW';
    if (action === 'DENY' && (spec.rules === undefined || spec.rules === null)) {
      check.report('MW0227', ['spec', 'action'], 'A DENY policy without rules never denies anything. Add rules (rules: [{}] denies everything).');
    }
    asArray(spec.rules).forEach((rule, ruleIndex) => {
      const rulePath = ['spec', 'rules', ruleIndex];
      if (!isObject(rule)) {
        if (rule === null) check.report('MW0227', rulePath, 'This rule is empty (null). Write {} to match everything, or remove it.');
        return;
      }
      // Istio's rule: a DENY rule whose `to` has no ports, or whose only part is a `from` without TCP
      // attributes (anything but request principals), denies all TCP traffic. `when` does not count.
      let fromExists = false;
      let toExists = false;
      let tcpInFrom = false;
      let tcpInTo = false;
      for (const [key, inner] of [['from', 'source'], ['to', 'operation']] as const) {
        if (rule[key] === undefined) continue;
        const list = asArray(rule[key]);
        if (list.length === 0) check.report('MW0227', [...rulePath, key], `${key} is empty. Remove it or add entries.`, 'key');
        list.forEach((entry, index) => {
          const entryPath = [...rulePath, key, index];
          if (!isObject(entry) || !isSet(entry[inner])) {
            check.report('MW0227', entryPath, `Each ${key} entry needs a non-empty ${inner}.`, isObject(entry) ? 'key' : 'value');
            return;
          }
          const fields = entry[inner] as Record<string, unknown>;
          const fieldsPath = [...entryPath, inner];
          for (const [field, values] of Object.entries(fields)) {
            asArray(values).forEach((value, valueIndex) => {
              if (value === '') check.report('MW0227', [...fieldsPath, field, valueIndex], `${field} contains an empty string. Remove it.`);
            });
          }
          if (inner === 'source') {
            if ((isSet(fields.serviceAccounts) || isSet(fields.notServiceAccounts)) && ['namespaces', 'notNamespaces', 'principals', 'notPrincipals'].some((field) => isSet(fields[field]))) {
              check.report('MW0227', [...fieldsPath, isSet(fields.serviceAccounts) ? 'serviceAccounts' : 'notServiceAccounts'], 'serviceAccounts cannot be combined with namespaces or principals. Use one way to name the caller.', 'key');
            }
            for (const field of IP_FIELDS) {
              asArray(fields[field]).forEach((value, valueIndex) => {
                if (typeof value === 'string' && value !== '' && !isIPOrCidr(value)) check.report('MW0210', [...fieldsPath, field, valueIndex], `"${value}" is not an IP address or CIDR.`);
              });
            }
            checkServiceAccounts(check, fields.serviceAccounts, [...fieldsPath, 'serviceAccounts']);
            checkServiceAccounts(check, fields.notServiceAccounts, [...fieldsPath, 'notServiceAccounts']);
            for (const field of ['trustDomains', 'notTrustDomains']) {
              asArray(fields[field]).forEach((value, valueIndex) => {
                if (typeof value === 'string' && value.includes('/')) check.report('MW0227', [...fieldsPath, field, valueIndex], `Trust domain "${value}" cannot contain '/'. Use the bare trust domain (e.g. cluster.local).`);
              });
            }
            fromExists = true;
            if (Object.keys(fields).some((field) => !['requestPrincipals', 'notRequestPrincipals'].includes(field))) tcpInFrom = true;
          } else {
            for (const field of ['ports', 'notPorts']) {
              asArray(fields[field]).forEach((value, valueIndex) => {
                const text = String(value);
                if (!/^\d+$/.test(text) || Number(text) > 65535) check.report('MW0227', [...fieldsPath, field, valueIndex], `Port "${text}" must be a number from 0 to 65535.`);
              });
            }
            for (const field of ['paths', 'notPaths']) {
              asArray(fields[field]).forEach((value, valueIndex) => {
                if (typeof value !== 'string') return;
                const problem = pathTemplateProblem(value);
                if (problem) check.report('MW0227', [...fieldsPath, field, valueIndex], `Path "${value}": ${problem}.`);
              });
            }
            toExists = true;
            if (fields.ports !== undefined || fields.notPorts !== undefined) tcpInTo = true;
          }
        });
      }
      if (action === 'DENY' && ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo))) {
        check.report('MW0267', rulePath, 'This DENY rule uses only HTTP attributes, so on TCP (non-HTTP) ports of the selected workloads it denies all traffic. Add to.operation.ports to keep it on the HTTP ports, or make sure the workloads serve only HTTP.');
      }
    });
  },
});
