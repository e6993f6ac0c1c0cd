// Each HTTP route does exactly one thing (reference §3.3.8–10, 3.3.14): redirect, directResponse, delegate or
// route; mirror vs mirrors; delegate chains; one place to rewrite the authority.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { asArray, isObject, isSet } from '../../webhook/values.ts';

export const virtualServiceHttpRouteAction = webhookAnalyzer({
  name: 'virtualService/httpRouteAction',
  description: 'An HTTP route has exactly one action (route, redirect, directResponse or delegate) and no conflicting settings.',
  kinds: ['VirtualService'],
  codes: ['MW0202'],
  check(check) {
    const spec = check.spec;
    const isDelegateVs = asArray(spec.hosts).length === 0;
    for (const { route, path } of routesOf(spec, 'http')) {
      const has = (key: string) => isSet(route[key]);
      if (has('redirect')) {
        for (const key of ['route', 'fault', 'rewrite', 'directResponse']) {
          if (has(key)) check.report('MW0202', [...path, key], `A route with redirect cannot also set ${key}. Remove ${key}, or split it into another route.`, 'key');
        }
      } else if (has('directResponse')) {
        for (const key of ['route', 'fault', 'rewrite']) {
          if (has(key)) check.report('MW0202', [...path, key], `A route with directResponse cannot also set ${key}. Remove ${key}.`, 'key');
        }
      }
      if (has('delegate')) {
        if (isDelegateVs) check.report('MW0202', [...path, 'delegate'], 'A delegate VirtualService cannot delegate again. Put the routes here instead of delegating.', 'key');
        for (const key of ['route', 'redirect']) {
          if (has(key)) check.report('MW0202', [...path, key], `A route that delegates cannot also set ${key}. Remove ${key}; the delegate VirtualService decides.`, 'key');
        }
      } else if (!has('redirect') && !has('directResponse') && !has('route')) {
        check.report('MW0202', path, 'This HTTP route has no action. Add route (destinations), redirect, directResponse or delegate.', 'key');
      }
      if (has('mirror') && has('mirrors')) {
        check.report('MW0202', [...path, 'mirrors'], 'mirror and mirrors cannot both be set. Move the mirror into mirrors.', 'key');
      }
      const rewrite = route.rewrite;
      const headers = isObject(route.headers) && isObject(route.headers.request) ? route.headers.request : undefined;
      if (isObject(rewrite) && isSet(rewrite.authority) && headers) {
        for (const operation of ['set', 'add']) {
          const map = headers[operation];
          if (!isObject(map)) continue;
          for (const name of Object.keys(map)) {
            if (name.toLowerCase() === ':authority' || name.toLowerCase() === 'host') {
              check.report('MW0202', [...path, 'headers', 'request', operation, name], `The authority is rewritten twice: rewrite.authority and headers.request.${operation}.${name}. Keep one.`, 'key');
            }
          }
        }
      }
    }
  },
});
