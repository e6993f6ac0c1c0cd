// Traffic mirroring percentages (reference §3.3.17): mirrorPercent deprecated, percentages 0..100, every
// mirrors[] entry with a destination.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { asArray, isInteger, isObject } from '../../webhook/values.ts';

export const virtualServiceMirror = webhookAnalyzer({
  name: 'virtualService/mirror',
  description: 'Mirror percentages are within 0..100 and every mirrors[] entry has a destination.',
  kinds: ['VirtualService'],
  codes: ['MW0214', 'MW0260'],
  check(check) {
    for (const { route, path } of routesOf(check.spec, 'http')) {
      if (route.mirrorPercent !== undefined) {
        check.report('MW0260', [...path, 'mirrorPercent'], 'mirrorPercent is deprecated. Use mirrorPercentage: {value: …} instead.', 'key');
        if (isInteger(route.mirrorPercent) && route.mirrorPercent > 100) check.report('MW0214', [...path, 'mirrorPercent'], `mirrorPercent ${route.mirrorPercent} is above 100.`);
      }
      const percentage = (parent: unknown, at: (string | number)[]) => {
        if (isObject(parent) && typeof parent.value === 'number' && (parent.value < 0 || parent.value > 100)) {
          check.report('MW0214', [...at, 'value'], `Mirror percentage ${parent.value} must be between 0 and 100.`);
        }
      };
      percentage(route.mirrorPercentage, [...path, 'mirrorPercentage']);
      asArray(route.mirrors).forEach((mirror, index) => {
        if (!isObject(mirror)) return;
        if (!isObject(mirror.destination)) check.report('MW0214', [...path, 'mirrors', index], 'This mirror has no destination. Add destination: {host: …}.', 'key');
        percentage(mirror.percentage, [...path, 'mirrors', index, 'percentage']);
      });
    }
  },
});
