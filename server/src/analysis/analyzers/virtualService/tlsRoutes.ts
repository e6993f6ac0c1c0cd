// TLS routes (reference §3.3.25): every route has matches with sniHosts that are valid and covered by the
// VirtualService hosts; destinationSubnets are IPs/CIDRs; ports and labels valid; a route is present.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { matchesOf, routesOf } from '../../webhook/virtualService.ts';
import { asArray, isIP, isIPOrCidr, isSet, wildcardDomainProblem } from '../../webhook/values.ts';

/** Is `sni` within `host` (equal, or covered by the wildcard host)? */
function sniCoveredBy(sni: string, host: string): boolean {
  if (host === '*' || sni === host) return true;
  if (!host.startsWith('*')) return false;
  const suffix = host.slice(1);
  return sni.startsWith('*') ? sni.slice(1).endsWith(suffix) : sni.endsWith(suffix);
}

export const virtualServiceTlsRoutes = webhookAnalyzer({
  name: 'virtualService/tlsRoutes',
  description: 'TLS routes match on valid SNI hosts within the VirtualService hosts and have a route.',
  kinds: ['VirtualService'],
  codes: ['MW0213', 'MW0210', 'MW0202', 'MW0204', 'MW0205', 'MW0270'],
  check(check) {
    const hosts = asArray(check.spec.hosts).filter((host): host is string => typeof host === 'string');
    for (const routeAt of routesOf(check.spec, 'tls')) {
      const { route, path } = routeAt;
      if (!isSet(route.match)) check.report('MW0213', path, 'A TLS route needs at least one match with sniHosts. Add match: [{sniHosts: […]}].', 'key');
      if (!isSet(route.route)) check.report('MW0202', path, 'This TLS route has no route. Add route: [{destination: {host: …}}].', 'key');
      for (const { route: match, path: matchPath } of matchesOf(routeAt)) {
        const sniHosts = asArray(match.sniHosts);
        if (sniHosts.length === 0) check.report('MW0213', matchPath, 'A TLS match needs at least one entry in sniHosts.', 'key');
        sniHosts.forEach((sni, index) => {
          if (typeof sni !== 'string') return;
          const sniPath = [...matchPath, 'sniHosts', index];
          if (isIP(sni)) {
            check.report('MW0270', sniPath, `SNI host ${sni} is an IP address; clients do not send IPs as SNI. Use a host name.`);
            return;
          }
          const problem = wildcardDomainProblem(sni);
          if (problem) check.report('MW0213', sniPath, `SNI host: ${problem}.`);
          else if (hosts.length > 0 && !hosts.some((host) => sniCoveredBy(sni, host))) {
            check.report('MW0213', sniPath, `SNI host "${sni}" is not one of the VirtualService hosts (${hosts.join(', ')}). Add it to hosts or fix the name.`);
          }
        });
        asArray(match.destinationSubnets).forEach((subnet, index) => {
          if (typeof subnet === 'string' && !isIPOrCidr(subnet)) check.report('MW0210', [...matchPath, 'destinationSubnets', index], `"${subnet}" is not an IP address or CIDR.`);
        });
        check.port(match, matchPath, 'port', 'MW0204', true);
        check.labels(match.sourceLabels, [...matchPath, 'sourceLabels']);
      }
    }
  },
});
