// IST0101: AuthorizationPolicy `source.namespaces`/`notNamespaces` entries must match a Namespace of the
// workspace (`*`, `prefix*` and `*suffix` patterns supported).
import type { WorkspaceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn, records, strings } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

export function namespacePatternMatches(pattern: string, namespace: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return namespace.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return namespace.startsWith(pattern.slice(0, -1));
  return pattern.toLowerCase() === namespace.toLowerCase();
}

export const namespaceExists: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'authorizationPolicy/namespaceExists',
  description: 'AuthorizationPolicy source namespaces must match a Namespace defined in the workspace.',
  codes: ['IST0101'],
  inputs: ['AuthorizationPolicy', 'Namespace'],
  analyze(context) {
    const namespaces = [...context.index.namespaces().keys()];
    for (const policy of context.index.resources('AuthorizationPolicy')) {
      records(specOf(policy).rules).forEach((rule, i) => {
        records(rule.from).forEach((from, j) => {
          const source = (from.source ?? {}) as Record<string, unknown>;
          for (const field of ['namespaces', 'notNamespaces']) {
            strings(source[field]).forEach((pattern, k) => {
              if (namespaces.some((ns) => namespacePatternMatches(pattern, ns))) return;
              const suggestion = closest(pattern, namespaces);
              context.report(
                findingOn(policy, 'IST0101', ['spec', 'rules', i, 'from', j, 'source', field, k], `Referenced namespace not found: "${pattern}". No Namespace in the workspace matches it; fix the name or add the Namespace manifest.${didYouMean(suggestion)}`, {
                  data: { reference: 'namespace', value: pattern, ...(suggestion ? { suggestion } : {}) },
                }),
              );
            });
          }
        });
      });
    }
  },
};
