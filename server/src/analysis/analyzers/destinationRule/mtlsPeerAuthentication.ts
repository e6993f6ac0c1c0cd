// MW0306/MW0307 (Kiali KIA0205–KIA0208): mesh-wide (`*.local`) and namespace-wide (`*.<ns>.svc.cluster.local`)
// DestinationRules must agree with PeerAuthentication: enabling ISTIO_MUTUAL needs a PeerAuthentication that
// accepts mTLS, and disabling TLS clashes with a STRICT PeerAuthentication.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, relatedTo, str } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

function wideMode(pas: readonly Resource[], namespace: string): { mode: string; pa: Resource } | undefined {
  for (const pa of pas) {
    if (namespaceOf(pa) !== namespace || isRecord(specOf(pa).selector)) continue;
    const mode = str((specOf(pa).mtls as { mode?: unknown } | undefined)?.mode);
    if (mode) return { mode, pa };
  }
  return undefined;
}

export const mtlsPeerAuthentication: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'destinationRule/mtlsPeerAuthentication',
  description: 'Mesh- and namespace-wide DestinationRule TLS must agree with PeerAuthentication.',
  codes: ['MW0306', 'MW0307'],
  inputs: ['DestinationRule', 'PeerAuthentication', 'MeshConfig'],
  analyze(context) {
    const pas = context.index.resources('PeerAuthentication');
    const root = context.meshConfig.rootNamespace;
    for (const dr of context.index.resources('DestinationRule')) {
      const spec = specOf(dr);
      const host = str(spec.host) ?? '';
      const mode = str((isRecord(spec.trafficPolicy) && isRecord(spec.trafficPolicy.tls) ? spec.trafficPolicy.tls : {}).mode);
      if (!mode) continue;
      let scope: 'mesh' | 'namespace' | undefined;
      let namespace = root;
      if (host === '*.local' && namespaceOf(dr) === root) scope = 'mesh';
      else {
        const match = /^\*\.([^.]+)\.svc\.cluster\.local$/.exec(host);
        if (match) {
          scope = 'namespace';
          namespace = match[1]!;
        }
      }
      if (!scope) continue;
      const effective = scope === 'mesh' ? wideMode(pas, root) : wideMode(pas, namespace) ?? wideMode(pas, root);
      const path = ['spec', 'trafficPolicy', 'tls', 'mode'];
      if (mode === 'ISTIO_MUTUAL' && !(effective && (effective.mode === 'STRICT' || effective.mode === 'PERMISSIVE'))) {
        context.report(findingOn(dr, 'MW0306', path, `This ${scope}-wide DestinationRule makes clients use mTLS, but no ${scope === 'mesh' ? 'mesh-wide' : `namespace-wide (${namespace}) or mesh-wide`} PeerAuthentication accepts mTLS${effective ? ` (${namespaceOf(effective.pa)}/${effective.pa.name} is ${effective.mode})` : ''}. Add a PeerAuthentication with mtls.mode STRICT or PERMISSIVE.`, {
          related: effective ? [relatedTo(effective.pa, ['spec', 'mtls', 'mode'], 'PeerAuthentication in effect')] : [],
        }));
      }
      if (mode === 'DISABLE' && effective?.mode === 'STRICT') {
        context.report(findingOn(dr, 'MW0307', path, `This ${scope}-wide DestinationRule disables TLS, but PeerAuthentication ${namespaceOf(effective.pa)}/${effective.pa.name} requires mTLS (STRICT), so requests will be rejected. Set the PeerAuthentication to PERMISSIVE or use ISTIO_MUTUAL here.`, {
          related: [relatedTo(effective.pa, ['spec', 'mtls', 'mode'], 'STRICT mTLS')],
        }));
      }
    }
  },
};
