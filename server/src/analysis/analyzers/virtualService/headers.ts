// Header manipulation on HTTP routes and destinations (reference §3.3.13, §3.0 header rules): non-empty names,
// no pseudo-headers or host where Envoy forbids them, and well-formed values (Envoy %VAR% syntax).
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { asArray, headerValueProblem, isObject } from '../../webhook/values.ts';

function checkHeaderOperations(check: Check, headers: unknown, path: ObjectPath): void {
  if (!isObject(headers)) return;
  for (const direction of ['request', 'response'] as const) {
    const operations = headers[direction];
    if (!isObject(operations)) continue;
    for (const operation of ['set', 'add', 'remove'] as const) {
      const value = operations[operation];
      const opPath = [...path, direction, operation];
      const entries: [string, unknown, ObjectPath, 'key' | 'value'][] = operation === 'remove'
        ? asArray(value).map((name, index) => [String(name), undefined, [...opPath, index], 'value'])
        : isObject(value) ? Object.entries(value).map(([name, headerValue]) => [name, headerValue, [...opPath, name], 'key']) : [];
      for (const [name, headerValue, entryPath, on] of entries) {
        const lower = name.toLowerCase();
        const mayTouchAuthority = direction === 'request' && operation !== 'remove';
        if (lower.startsWith(':') && !(mayTouchAuthority && lower === ':authority')) {
          check.report('MW0209', entryPath, `Pseudo-header "${name}" cannot be ${operation === 'remove' ? 'removed' : 'modified'} in the ${direction}. Remove this entry.`, on);
        } else if (lower === 'host' && !mayTouchAuthority) {
          check.report('MW0209', entryPath, `"host" cannot be ${operation === 'remove' ? 'removed' : 'set'} in the ${direction}. Remove this entry${direction === 'request' ? '; use rewrite.authority to change the host' : ''}.`, on);
        } else if (name === '') {
          check.report('MW0209', entryPath, 'A header name is empty. Name the header.', on);
        }
        const valueProblem = headerValueProblem(headerValue);
        if (valueProblem) check.report('MW0209', entryPath, `Header "${name}": ${valueProblem}.`);
      }
    }
  }
}

export const virtualServiceHeaders = webhookAnalyzer({
  name: 'virtualService/headers',
  description: 'Header set/add/remove operations use valid names and values and leave pseudo-headers and host alone where required.',
  kinds: ['VirtualService'],
  codes: ['MW0209'],
  check(check) {
    for (const { route, path } of routesOf(check.spec, 'http')) {
      checkHeaderOperations(check, route.headers, [...path, 'headers']);
      asArray(route.route).forEach((destination, index) => {
        if (isObject(destination)) checkHeaderOperations(check, destination.headers, [...path, 'route', index, 'headers']);
      });
    }
  },
});
