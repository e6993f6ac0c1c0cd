// Gateway servers and their hosts (reference §3.2.2–3): at least one server, each with hosts that are
// `ns/host` or `host`, the host an FQDN, '*' or IP, without partial wildcards.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, isDns1123Label, isIP, isObject, isPartialWildcard, isShortName, wildcardDomainProblem } from '../../webhook/values.ts';

export const gatewayServerHosts = webhookAnalyzer({
  name: 'gateway/serverHosts',
  description: 'A Gateway has servers, and every server has valid hosts (namespace/FQDN, no short names, no partial wildcards).',
  kinds: ['Gateway'],
  codes: ['MW0237', 'MW0203'],
  check(check) {
    const servers = check.spec.servers;
    if (!Array.isArray(servers) || servers.length === 0) {
      check.report('MW0237', Array.isArray(servers) ? ['spec', 'servers'] : ['spec'], 'A Gateway needs at least one server. Add servers: [{port: …, hosts: […]}].', 'key');
      return;
    }
    servers.forEach((server, index) => {
      const path = ['spec', 'servers', index];
      if (!isObject(server)) {
        check.report('MW0237', path, 'A server entry is empty. Remove it or fill it in.');
        return;
      }
      const hosts = asArray(server.hosts);
      if (hosts.length === 0) check.report('MW0237', server.hosts === undefined ? path : [...path, 'hosts'], 'Each server needs at least one host. Add hosts: ["*"] or specific host names.', 'key');
      hosts.forEach((host, hostIndex) => {
        if (typeof host !== 'string') return;
        const hostPath = [...path, 'hosts', hostIndex];
        const parts = host.split('/');
        if (parts.length > 2) {
          check.report('MW0203', hostPath, `Host "${host}" has more than one '/'. Use "namespace/host" or "host".`);
          return;
        }
        const [namespace, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
        if (namespace !== undefined && namespace !== '*' && namespace !== '.' && !isDns1123Label(namespace)) {
          check.report('MW0203', hostPath, `"${namespace}" in host "${host}" is not '*', '.' or a namespace name.`);
        }
        if (isIP(name)) return;
        const problem = wildcardDomainProblem(name);
        if (problem) check.report('MW0203', hostPath, `${problem}. Use an FQDN such as "bookinfo.example.com", "*.example.com" or "*".`);
        else if (isPartialWildcard(name)) check.report('MW0203', hostPath, `Partial wildcard "${name}" is not allowed on a Gateway. Use "*.domain" or an exact name.`);
        else if (isShortName(name)) check.report('MW0203', hostPath, `"${name}" is a short name; Gateway hosts must be fully qualified (e.g. "${name}.example.com") or "*".`);
      });
    });
  },
});
