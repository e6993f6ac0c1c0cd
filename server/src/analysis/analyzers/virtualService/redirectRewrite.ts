// Redirects and rewrites (reference §3.3.19, 3.3.22): mutually exclusive fields, something to do, valid
// redirect codes, schemes and ports, and uriRegexRewrite with a valid regex.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { matchesOf, routesOf } from '../../webhook/virtualService.ts';
import { isInteger, isObject, isSet, regexProblem } from '../../webhook/values.ts';

export const virtualServiceRedirectRewrite = webhookAnalyzer({
  name: 'virtualService/redirectRewrite',
  description: 'redirect and rewrite blocks set compatible fields with valid values.',
  kinds: ['VirtualService'],
  codes: ['MW0217', 'MW0208', 'MW0204'],
  check(check) {
    for (const routeAt of routesOf(check.spec, 'http')) {
      const { route, path } = routeAt;
      if (isObject(route.redirect)) {
        const redirect = route.redirect;
        const redirectPath = [...path, 'redirect'];
        if (isSet(redirect.uri) && isSet(redirect.prefixRewrite)) {
          check.report('MW0217', [...redirectPath, 'prefixRewrite'], 'redirect.uri and redirect.prefixRewrite are mutually exclusive. Keep one.', 'key');
        }
        if (isSet(redirect.prefixRewrite)) {
          for (const match of matchesOf(routeAt)) {
            if (!isObject(match.route.uri) || match.route.uri.prefix === undefined) {
              check.report('MW0217', [...redirectPath, 'prefixRewrite'], 'prefixRewrite needs every match of this route to be a uri prefix match. Use uri: {prefix: …} in the matches, or redirect.uri.', 'key');
              break;
            }
          }
        }
        if (!['uri', 'prefixRewrite', 'authority', 'port', 'derivePort', 'scheme'].some((key) => isSet(redirect[key]))) {
          check.report('MW0217', redirectPath, 'This redirect changes nothing. Set uri, authority, port or scheme.', 'key');
        }
        if (isInteger(redirect.redirectCode) && (redirect.redirectCode < 300 || redirect.redirectCode > 399)) {
          check.report('MW0217', [...redirectPath, 'redirectCode'], `redirectCode ${redirect.redirectCode} is not a redirect status (300–399). Use e.g. 301 or 302.`);
        }
        if (typeof redirect.scheme === 'string' && !['http', 'https'].includes(redirect.scheme)) {
          check.report('MW0217', [...redirectPath, 'scheme'], `Redirect scheme "${redirect.scheme}" must be http or https.`);
        }
        check.port(redirect, redirectPath, 'port', 'MW0204', true);
      }
      if (isObject(route.rewrite)) {
        const rewrite = route.rewrite;
        const rewritePath = [...path, 'rewrite'];
        if (isSet(rewrite.uri) && isSet(rewrite.uriRegexRewrite)) {
          check.report('MW0217', [...rewritePath, 'uriRegexRewrite'], 'rewrite.uri and rewrite.uriRegexRewrite are mutually exclusive. Keep one.', 'key');
        }
        if (!['uri', 'uriRegexRewrite', 'authority'].some((key) => isSet(rewrite[key]))) {
          check.report('MW0217', rewritePath, 'This rewrite changes nothing. Set uri, uriRegexRewrite or authority (rewriting to "/" needs uri: "/").', 'key');
        }
        if (isObject(rewrite.uriRegexRewrite)) {
          const regex = rewrite.uriRegexRewrite;
          for (const key of ['match', 'rewrite']) {
            if (regex[key] === undefined) check.report('MW0217', [...rewritePath, 'uriRegexRewrite'], `uriRegexRewrite needs both match and rewrite; ${key} is missing.`, 'key');
          }
          const problem = regexProblem(regex.match);
          if (problem) check.report('MW0208', [...rewritePath, 'uriRegexRewrite', 'match'], `uriRegexRewrite.match: ${problem}.`);
        }
      }
    }
  },
});
