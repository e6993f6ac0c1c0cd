// MW0303 (Kiali KIA0105): AuthorizationPolicy conditions on source principals or namespaces (or `when` keys
// source.namespace/source.principal/connection.sni) need mutual TLS, which a PeerAuthentication disables.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, relatedTo, str, strings } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

const MTLS_SOURCE_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'];
const MTLS_WHEN_KEYS = ['source.namespace', 'source.principal', 'connection.sni'];

/** The namespace-wide or mesh-wide PeerAuthentication mode in effect for a namespace (undefined = default). */
export function peerAuthenticationMode(resources: readonly Resource[], namespace: string, rootNamespace: string): { mode: string; resource: Resource } | undefined {
  const wide = (ns: string) => resources.find((pa) => namespaceOf(pa) === ns && !isRecord(specOf(pa).selector) && str((specOf(pa).mtls as { mode?: unknown } | undefined)?.mode));
  const own = wide(namespace);
  const chosen = own ?? wide(rootNamespace);
  if (!chosen) return undefined;
  return { mode: String((specOf(chosen).mtls as { mode: string }).mode), resource: chosen };
}

export const mtlsRequired: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'authorizationPolicy/mtlsRequired',
  description: 'AuthorizationPolicies matching on peer identity need mTLS to be enabled for their namespace.',
  codes: ['MW0303'],
  inputs: ['AuthorizationPolicy', 'PeerAuthentication', 'MeshConfig'],
  analyze(context) {
    const pas = context.index.resources('PeerAuthentication');
    for (const policy of context.index.resources('AuthorizationPolicy')) {
      const effective = peerAuthenticationMode(pas, namespaceOf(policy), context.meshConfig.rootNamespace);
      if (effective?.mode !== 'DISABLE') continue;
      records(specOf(policy).rules).forEach((rule, i) => {
        const paths: (string | number)[][] = [];
        records(rule.from).forEach((from, j) => {
          const source = isRecord(from.source) ? from.source : {};
          for (const field of MTLS_SOURCE_FIELDS) if (strings(source[field]).length) paths.push(['spec', 'rules', i, 'from', j, 'source', field]);
        });
        records(rule.when).forEach((condition, j) => {
          if (MTLS_WHEN_KEYS.includes(str(condition.key) ?? '')) paths.push(['spec', 'rules', i, 'when', j, 'key']);
        });
        for (const path of paths) {
          context.report(
            findingOn(policy, 'MW0303', path, `This condition uses the caller's mTLS identity, but PeerAuthentication ${namespaceOf(effective.resource)}/${effective.resource.name} disables mTLS for namespace ${namespaceOf(policy)}, so it can never match. Enable mTLS (PERMISSIVE or STRICT) or match on something else.`, {
              on: 'key',
              related: [relatedTo(effective.resource, ['spec', 'mtls', 'mode'], 'mTLS disabled here')],
            }),
          );
        }
      });
    }
  },
};
