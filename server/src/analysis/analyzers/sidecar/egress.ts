// Sidecar egress listeners (reference §3.8.7–9): one catch-all listener at the end, valid ports and binds,
// unique listeners, and `namespace/host` entries with FQDN hosts.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isDns1123Label, isIP, isObject, isPartialWildcard, isShortName, protocolProblem, unixBindProblem, wildcardDomainProblem } from '../../webhook/values.ts';

function checkEgressHosts(check: Check, hosts: unknown, path: ObjectPath): void {
  const list = asArray(hosts);
  if (list.length === 0) {
    check.report('MW0226', path, 'An egress listener needs at least one host such as "./*" or "istio-system/*".', 'key');
    return;
  }
  // Istio's duplicate test groups hosts by namespace ('.' = own namespace): a host listed twice, a host after
  // `ns/*`, or `ns/*` after other hosts of that namespace; and `*/*` next to any other namespace.
  const byNamespace = new Map<string, Set<string>>();
  list.forEach((host, index) => {
    if (typeof host !== 'string') return;
    const hostPath = [...path, 'hosts', index];
    const parts = host.split('/');
    if (parts.length >= 2) {
      const namespace = parts[0] === '.' ? (check.resource.namespace ?? 'default') : parts[0]!;
      const name = parts.slice(1).join('/');
      const names = byNamespace.get(namespace) ?? new Set<string>();
      if (name !== '*' ? names.has(name) || names.has('*') : names.size > 0) {
        check.report('MW0270', hostPath, `Host "${host}" is already covered by another entry of this listener. Remove the duplicate.`);
      }
      names.add(name);
      byNamespace.set(namespace, names);
    }
    const slash = host.indexOf('/');
    if (slash < 0) {
      check.report('MW0226', hostPath, `Egress host "${host}" must be namespace/host (e.g. "./${host}" or "*/${host}").`);
      return;
    }
    const namespace = host.slice(0, slash);
    const name = host.slice(slash + 1);
    const namespaceOk = namespace === '*' || namespace === '.' || namespace === '~' || isDns1123Label(namespace.replace(/^~/, ''));
    if (!namespaceOk) check.report('MW0226', hostPath, `"${namespace}" in "${host}" is not '*', '.', '~' or a namespace name.`);
    if (name === '*' || isIP(name)) return;
    const problem = wildcardDomainProblem(name);
    if (problem) check.report('MW0226', hostPath, `${problem}.`);
    else if (isPartialWildcard(name)) check.report('MW0226', hostPath, `Partial wildcard "${name}" is not allowed. Use "*.domain" or an exact name.`);
    else if (isShortName(name)) check.report('MW0226', hostPath, `"${name}" is a short name; egress hosts must be FQDNs (e.g. ${name}.${namespace === '.' || namespace === '*' ? 'default' : namespace}.svc.cluster.local).`);
  });
  if (byNamespace.get('*')?.has('*') && byNamespace.size > 1) {
    check.report('MW0270', [...path, 'hosts'], '"*/*" already selects every host; the other namespaces listed are redundant. Remove them or narrow "*/*".', 'key');
  }
}

export const sidecarEgress = webhookAnalyzer({
  name: 'sidecar/egress',
  description: 'Sidecar egress listeners have valid ports, binds and hosts, with at most one catch-all listener, last.',
  kinds: ['Sidecar'],
  codes: ['MW0225', 'MW0226', 'MW0204', 'MW0270'],
  check(check) {
    const egress = asArray(check.spec.egress);
    const udsBinds = new Set<string>();
    const ipPorts = new Set<string>();
    let catchAll = -1;
    egress.forEach((listener, index) => {
      const path = ['spec', 'egress', index];
      if (!isObject(listener)) {
        check.report('MW0225', path, 'This egress listener is empty. Remove it or add hosts.');
        return;
      }
      checkEgressHosts(check, listener.hosts, isObject(listener) && listener.hosts !== undefined ? path : path);
      const bind = typeof listener.bind === 'string' ? listener.bind : '';
      if (!isObject(listener.port)) {
        if (catchAll >= 0) check.report('MW0225', path, `Only one egress listener may omit the port, and egress[${catchAll}] already does. Give this listener a port or merge them.`, 'key');
        else if (index !== egress.length - 1) check.report('MW0225', path, 'The egress listener without a port (the catch-all) must be the last one. Move it to the end.', 'key');
        catchAll = index;
        return;
      }
      const port = listener.port;
      const portPath = [...path, 'port'];
      if (port.targetPort !== undefined) check.report('MW0204', [...portPath, 'targetPort'], 'targetPort is not supported on a Sidecar egress port. Remove it.', 'key');
      if (typeof port.name === 'string' && !isDns1123Label(port.name)) check.report('MW0204', [...portPath, 'name'], `Port name "${port.name}" is not a DNS-1123 label.`);
      if (port.number === 0) {
        if (!bind.startsWith('unix://')) check.report('MW0225', [...portPath, 'number'], 'Port 0 is only allowed with a unix:// bind. Set bind: unix:///path.sock or a real port.');
        else {
          const problem = unixBindProblem(bind);
          if (problem) check.report('MW0225', [...path, 'bind'], `${problem}.`);
          if (listener.captureMode !== undefined && listener.captureMode !== 'DEFAULT' && listener.captureMode !== 'NONE') {
            check.report('MW0225', [...path, 'captureMode'], 'A unix:// egress listener needs captureMode DEFAULT or NONE.');
          }
          if (udsBinds.has(bind)) check.report('MW0225', [...path, 'bind'], `Socket ${bind} is used by another egress listener. Use a different path.`);
          udsBinds.add(bind);
        }
        return;
      }
      const protocol = protocolProblem(port.protocol);
      if (protocol) check.report('MW0204', [...portPath, 'protocol'], `${protocol}.`);
      check.port(port, portPath, 'number');
      if (bind !== '' && !isIP(bind)) check.report('MW0225', [...path, 'bind'], `bind "${bind}" must be an IP address (or unix:// with port 0).`);
      const key = String(port.number);
      if (ipPorts.has(key)) check.report('MW0225', [...portPath, 'number'], `Another egress listener already uses port ${key}. Port numbers of egress listeners must be unique.`);
      ipPorts.add(key);
    });
  },
});
