// The Destination {host, subset, port} rules shared by VirtualService routes/mirrors and Sidecar egressProxy
// (reference §3.3.18).
import type { ObjectPath } from '../../model/types.ts';
import type { Check } from './check.ts';
import { isDns1123Label, isIP, isObject, wildcardDomainProblem } from './values.ts';

/** Checks one Destination: host not '*' and wildcard-domain shaped, DNS-label subset, valid port. */
export function checkDestination(check: Check, destination: unknown, path: ObjectPath): void {
  if (!isObject(destination)) return;
  const host = destination.host;
  if (typeof host === 'string') {
    if (host === '*') check.report('MW0214', [...path, 'host'], 'A destination host cannot be "*". Name the service (e.g. reviews or reviews.ns.svc.cluster.local).');
    else if (!isIP(host)) {
      const problem = wildcardDomainProblem(host);
      if (problem) check.report('MW0214', [...path, 'host'], `Destination host: ${problem}.`);
    }
  }
  if (typeof destination.subset === 'string' && !isDns1123Label(destination.subset)) {
    check.report('MW0214', [...path, 'subset'], `Subset name "${destination.subset}" is not a DNS-1123 label (lower-case letters, digits, '-').`);
  }
  if (isObject(destination.port)) check.port(destination.port, [...path, 'port'], 'number');
}
