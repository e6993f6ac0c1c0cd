// Route destinations (reference §3.3.18, 3.3.24): every route entry has a valid destination (host not '*',
// wildcard-domain rules, DNS-label subset, valid port), weights ≥0, and not all zero with several destinations.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { checkDestination } from '../../webhook/destination.ts';
import { asArray, isInteger, isObject } from '../../webhook/values.ts';

export const virtualServiceDestinations = webhookAnalyzer({
  name: 'virtualService/destinations',
  description: 'Route, mirror and mirrors destinations are valid and route weights are non-negative and not all zero.',
  kinds: ['VirtualService'],
  codes: ['MW0214', 'MW0204'],
  check(check) {
    for (const section of ['http', 'tcp', 'tls'] as const) {
      for (const { route, path } of routesOf(check.spec, section)) {
        const destinations = asArray(route.route);
        let total = 0;
        destinations.forEach((entry, index) => {
          const entryPath = [...path, 'route', index];
          if (!isObject(entry)) {
            check.report('MW0214', entryPath, 'This route entry is empty. Add destination: {host: …}, or remove it.');
            return;
          }
          if (!isObject(entry.destination)) check.report('MW0214', entryPath, 'This route entry has no destination. Add destination: {host: …}.', 'key');
          checkDestination(check, entry.destination, [...entryPath, 'destination']);
          if (isInteger(entry.weight)) {
            if (entry.weight < 0) check.report('MW0214', [...entryPath, 'weight'], `Weight ${entry.weight} is negative. Use 0 or more.`);
            else total += entry.weight;
          }
        });
        if (destinations.length > 1 && total === 0 && destinations.every(isObject)) {
          check.report('MW0214', [...path, 'route'], 'With several destinations, the weights may not all be 0 (or unset). Give the destinations weights.', 'key');
        }
        if (section === 'http') {
          checkDestination(check, route.mirror, [...path, 'mirror']);
          asArray(route.mirrors).forEach((mirror, index) => {
            if (isObject(mirror)) checkDestination(check, mirror.destination, [...path, 'mirrors', index, 'destination']);
          });
        }
      }
    }
  },
});
