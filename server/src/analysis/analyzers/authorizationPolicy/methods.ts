// MW0301 (Kiali KIA0102): AuthorizationPolicy operation methods must be HTTP methods (`*`, prefix* and *suffix
// allowed); gRPC method names belong in `paths`.
import type { ResourceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn, records, strings } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

function validMethod(method: string): boolean {
  if (method === '*') return true;
  if (method.startsWith('*')) return HTTP_METHODS.some((m) => m.endsWith(method.slice(1)));
  if (method.endsWith('*')) return HTTP_METHODS.some((m) => m.startsWith(method.slice(0, -1)));
  return HTTP_METHODS.includes(method);
}

export const methods: ResourceAnalyzer = {
  scope: 'resource',
  name: 'authorizationPolicy/methods',
  description: 'AuthorizationPolicy operation methods must be HTTP method names.',
  codes: ['MW0301'],
  kinds: ['AuthorizationPolicy'],
  inputs: ['AuthorizationPolicy'],
  check(policy, context) {
    records(specOf(policy).rules).forEach((rule, i) => {
      records(rule.to).forEach((to, j) => {
        const operation = (to.operation ?? {}) as Record<string, unknown>;
        for (const field of ['methods', 'notMethods']) {
          strings(operation[field]).forEach((method, k) => {
            if (validMethod(method)) return;
            const suggestion = closest(method.toUpperCase(), HTTP_METHODS) ?? (HTTP_METHODS.includes(method.toUpperCase()) ? method.toUpperCase() : undefined);
            const grpc = method.includes('/');
            context.report(
              findingOn(policy, 'MW0301', ['spec', 'rules', i, 'to', j, 'operation', field, k], `"${method}" is not an HTTP method, so this rule never matches it.${grpc ? ' gRPC methods are matched with paths, e.g. paths: ["/package.Service/Method"].' : ' Use GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, CONNECT or TRACE (upper case).'}${didYouMean(suggestion)}`, {
                data: suggestion ? { suggestion } : {},
              }),
            );
          });
        }
      });
    });
  },
};
