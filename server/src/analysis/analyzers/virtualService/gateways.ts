// VirtualService gateway references (reference §3.3.2–3): `ns/name` with DNS-label parts, the legacy
// `name.ns` form warned, bare names FQDN-shaped; JWT-claim header matches only for gateway-bound routes.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { appliesToGateway, matchesOf, routesOf } from '../../webhook/virtualService.ts';
import { asArray, fqdnProblem, isDns1123Label, isObject } from '../../webhook/values.ts';

function checkGatewayName(check: Check, name: unknown, path: ObjectPath): void {
  if (typeof name !== 'string' || name === 'mesh') return;
  const slash = name.indexOf('/');
  if (slash < 0) {
    if (name.includes('.')) {
      const [gateway, namespace] = name.split('.');
      check.report('MW0260', path, `"${name}" uses the legacy name.namespace form. Write "${namespace}/${gateway}" instead.`);
    }
    const problem = fqdnProblem(name);
    if (problem) check.report('MW0212', path, `Gateway reference "${name}": ${problem}. Use "namespace/name" or a gateway name in this namespace.`);
    return;
  }
  const namespace = name.slice(0, slash);
  const gateway = name.slice(slash + 1);
  if (namespace === '' || gateway === '') {
    check.report('MW0212', path, `Gateway reference "${name}" has an empty namespace or name. Write "namespace/name".`);
  } else if (!isDns1123Label(namespace) || !isDns1123Label(gateway)) {
    check.report('MW0212', path, `Gateway reference "${name}": namespace and name must both be DNS-1123 labels (lower-case, digits, '-'). Fix the reference.`);
  }
}

export const virtualServiceGateways = webhookAnalyzer({
  name: 'virtualService/gateways',
  description: 'Gateway references are well-formed (namespace/name); JWT claim matches are used only on gateway-bound VirtualServices.',
  kinds: ['VirtualService'],
  codes: ['MW0212', 'MW0260', 'MW0213'],
  check(check) {
    const spec = check.spec;
    asArray(spec.gateways).forEach((name, index) => checkGatewayName(check, name, ['spec', 'gateways', index]));
    for (const section of ['http', 'tcp', 'tls'] as const) {
      for (const route of routesOf(spec, section)) {
        for (const match of matchesOf(route)) {
          asArray(match.route.gateways).forEach((name, index) => checkGatewayName(check, name, [...match.path, 'gateways', index]));
        }
      }
    }
    if (appliesToGateway(spec)) return;
    for (const route of routesOf(spec, 'http')) {
      for (const match of matchesOf(route)) {
        for (const key of ['headers', 'withoutHeaders']) {
          if (!isObject(match.route[key])) continue;
          for (const header of Object.keys(match.route[key] as object)) {
            if (header.startsWith('@request.auth.claims')) {
              check.report('MW0213', [...match.path, key, header], `JWT claim matches (${header}) only work for VirtualServices bound to a gateway, not the mesh. Bind the VirtualService to a gateway or match on a header instead.`, 'key');
            }
          }
        }
      }
    }
  },
});
