// TCP routes (reference §3.3.26): match entries non-null, destinationSubnets IPs/CIDRs, ports and labels valid,
// a route present.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { matchesOf, routesOf } from '../../webhook/virtualService.ts';
import { asArray, isIPOrCidr, isSet } from '../../webhook/values.ts';

export const virtualServiceTcpRoutes = webhookAnalyzer({
  name: 'virtualService/tcpRoutes',
  description: 'TCP routes have valid matches and a route.',
  kinds: ['VirtualService'],
  codes: ['MW0213', 'MW0210', 'MW0202', 'MW0204', 'MW0205'],
  check(check) {
    for (const routeAt of routesOf(check.spec, 'tcp')) {
      const { route, path } = routeAt;
      if (!isSet(route.route)) check.report('MW0202', path, 'This TCP route has no route. Add route: [{destination: {host: …}}].', 'key');
      asArray(route.match).forEach((match, index) => {
        if (match === null) check.report('MW0213', [...path, 'match', index], 'This match entry is empty. Remove it or add conditions.');
      });
      for (const { route: match, path: matchPath } of matchesOf(routeAt)) {
        asArray(match.destinationSubnets).forEach((subnet, index) => {
          if (typeof subnet === 'string' && !isIPOrCidr(subnet)) check.report('MW0210', [...matchPath, 'destinationSubnets', index], `"${subnet}" is not an IP address or CIDR.`);
        });
        check.port(match, matchPath, 'port', 'MW0204', true);
        check.labels(match.sourceLabels, [...matchPath, 'sourceLabels']);
      }
    }
  },
});
