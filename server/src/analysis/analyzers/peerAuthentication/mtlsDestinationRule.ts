// MW0308 (Kiali KIA0401/0501/0505/0506): with auto mTLS turned off in mesh config, a mesh- or namespace-wide
// PeerAuthentication that enables (or disables) mTLS needs a matching mesh-/namespace-wide DestinationRule.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, str } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const mtlsDestinationRule: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'peerAuthentication/mtlsDestinationRule',
  description: 'Without auto mTLS, wide PeerAuthentications need a DestinationRule with the same TLS choice.',
  codes: ['MW0308'],
  inputs: ['PeerAuthentication', 'DestinationRule', 'MeshConfig'],
  analyze(context) {
    if (context.meshConfig.enableAutoMtls !== false) return;
    const root = context.meshConfig.rootNamespace;
    const drModes = context.index.resources('DestinationRule').map((dr) => ({
      host: str(specOf(dr).host) ?? '',
      namespace: namespaceOf(dr),
      mode: str(((specOf(dr).trafficPolicy as { tls?: { mode?: unknown } } | undefined)?.tls ?? {}).mode),
    }));
    for (const pa of context.index.resources('PeerAuthentication')) {
      if (isRecord(specOf(pa).selector)) continue;
      const mode = str((specOf(pa).mtls as { mode?: unknown } | undefined)?.mode);
      if (!mode || mode === 'UNSET') continue;
      const namespace = namespaceOf(pa);
      const mesh = namespace === root;
      const wanted = mode === 'DISABLE' ? 'DISABLE' : 'ISTIO_MUTUAL';
      const matches = drModes.some((d) => d.mode === wanted && (d.host === '*.local' && d.namespace === root || (!mesh && d.host === `*.${namespace}.svc.cluster.local`)));
      if (matches) continue;
      const host = mesh ? '*.local' : `*.${namespace}.svc.cluster.local`;
      context.report(findingOn(pa, 'MW0308', ['spec', 'mtls', 'mode'], `Auto mTLS is off, and this ${mesh ? 'mesh-wide' : 'namespace-wide'} PeerAuthentication ${mode === 'DISABLE' ? 'disables' : 'enables'} mTLS, but no DestinationRule for host ${host} sets tls.mode ${wanted}; clients will not match the servers. Add that DestinationRule.`));
    }
  },
};
