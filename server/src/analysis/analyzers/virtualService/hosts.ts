// VirtualService hosts and overall shape (reference §3.3.1, 3.3.4–7): delegate restrictions, wildcard-domain
// hosts (IP allowed), no '*' for the mesh, no overlapping hosts, at least one of http/tcp/tls.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { appliesToGateway, appliesToMesh, hostsOverlap } from '../../webhook/virtualService.ts';
import { asArray, isIP, isSet, wildcardDomainProblem } from '../../webhook/values.ts';

const SNI_OUTBOUND = /^outbound_\.\d+_\._\.(.+)$/;

export const virtualServiceHosts = webhookAnalyzer({
  name: 'virtualService/hosts',
  description: 'VirtualService hosts are valid and do not overlap; delegates set no gateways/tls/tcp; some route is present.',
  kinds: ['VirtualService'],
  codes: ['MW0203', 'MW0237'],
  check(check) {
    const spec = check.spec;
    const hosts = asArray(spec.hosts);
    if (hosts.length === 0) {
      for (const key of ['gateways', 'tls', 'tcp']) {
        if (isSet(spec[key])) check.report('MW0237', ['spec', key], `A delegate VirtualService (one without hosts) cannot set ${key}. Move ${key} to the root VirtualService, or add hosts.`, 'key');
      }
    }
    if (!isSet(spec.http) && !isSet(spec.tcp) && !isSet(spec.tls)) {
      check.report('MW0237', ['spec'], 'A VirtualService needs at least one http, tcp or tls route. Add one.', 'key');
    }
    const gatewaySni = appliesToGateway(spec) && isSet(spec.tls);
    const seen: { host: string; index: number }[] = [];
    hosts.forEach((host, index) => {
      if (typeof host !== 'string') return;
      const path = ['spec', 'hosts', index];
      if (host === '*' && appliesToMesh(spec)) {
        check.report('MW0203', path, 'Host "*" is not allowed for a VirtualService bound to the mesh. List the service hosts, or bind the VirtualService to a gateway only.');
        return;
      }
      const sni = gatewaySni ? SNI_OUTBOUND.exec(host) : null;
      const name = sni ? sni[1]! : host;
      if (!isIP(name)) {
        const problem = wildcardDomainProblem(name);
        if (problem) check.report('MW0203', path, `${problem}. Use a service name, an FQDN, "*.domain" or an IP.`);
      }
      const overlap = seen.find((earlier) => hostsOverlap(earlier.host, host));
      if (overlap) check.report('MW0203', path, `Host "${host}" overlaps "${overlap.host}" (hosts[${overlap.index}]) in the same VirtualService. Remove one, or merge their routes.`);
      seen.push({ host, index });
    });
  },
});
