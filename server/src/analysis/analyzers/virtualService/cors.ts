// CORS policy (reference §3.3.15): origins non-empty and valid regexes, known methods, valid header names,
// maxAge in whole seconds.
import { webhookAnalyzer } from '../../webhook/check.ts';
import { routesOf } from '../../webhook/virtualService.ts';
import { asArray, headerNameProblem, isObject, regexProblem } from '../../webhook/values.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*'];

export const virtualServiceCors = webhookAnalyzer({
  name: 'virtualService/cors',
  description: 'corsPolicy origins, methods, headers and maxAge are valid.',
  kinds: ['VirtualService'],
  codes: ['MW0218', 'MW0201', 'MW0208'],
  check(check) {
    for (const { route, path } of routesOf(check.spec, 'http')) {
      const cors = route.corsPolicy;
      if (!isObject(cors)) continue;
      const corsPath = [...path, 'corsPolicy'];
      asArray(cors.allowOrigins).forEach((origin, index) => {
        if (!isObject(origin)) return;
        const originPath = [...corsPath, 'allowOrigins', index];
        const [kind] = Object.keys(origin);
        if (kind === undefined || origin[kind] === '' || origin[kind] === null) {
          check.report('MW0218', originPath, 'This allowOrigins entry is empty. Give exact, prefix or regex a value (e.g. exact: https://example.com).');
        } else if (kind === 'regex') {
          const problem = regexProblem(origin.regex);
          if (problem) check.report('MW0208', [...originPath, 'regex'], `allowOrigins regex: ${problem}.`);
        }
      });
      asArray(cors.allowMethods).forEach((method, index) => {
        if (typeof method === 'string' && !METHODS.includes(method)) {
          check.report('MW0218', [...corsPath, 'allowMethods', index], `"${method}" is not an HTTP method. Use GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE or "*" (upper case).`);
        }
      });
      for (const key of ['allowHeaders', 'exposeHeaders']) {
        asArray(cors[key]).forEach((header, index) => {
          if (typeof header !== 'string' || header === '*') return;
          const problem = headerNameProblem(header);
          if (problem) check.report('MW0218', [...corsPath, key, index], `${problem}.`);
        });
      }
      check.duration(cors, corsPath, 'maxAge', { wholeSeconds: true });
    }
  },
});
