// MW0327 (Kiali KIA0204): a mesh-wide (`*.local`) or namespace-wide (`*.<ns>.svc.cluster.local`) DestinationRule
// turns on ISTIO_MUTUAL, but a DestinationRule for a host it covers has no TLS settings. Istio applies only the most
// specific rule, so the wider rule's mTLS no longer applies to the host. Unlike Kiali, two rules for the same
// host in one namespace are not reported: Istio merges them and keeps the first traffic policy.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { describe, findingOn, isRecord, perDocument, records, relatedTo, str } from '../../analyzerKit.ts';
import { CLUSTER_DOMAIN, namespaceOf, specOf, toFqdn } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

const NAMESPACE_WIDE = new RegExp(`^\\*\\.([^.]+)\\.${CLUSTER_DOMAIN.replace(/\./g, '\\.')}$`);

interface DrFacts {
  readonly fqdn: string;
  readonly mutual: boolean;
  readonly hasTls: boolean;
  readonly hasTrafficPolicy: boolean;
}

function factsOf(dr: Resource): DrFacts | undefined {
  return perDocument(dr, 'mtlsOverriddenFacts', () => {
    const spec = specOf(dr);
    const host = str(spec.host);
    if (!host) return undefined;
    const policy = isRecord(spec.trafficPolicy) ? spec.trafficPolicy : undefined;
    const tls = policy && isRecord(policy.tls) ? policy.tls : undefined;
    const portTls = policy ? records(policy.portLevelSettings).some((port) => port.tls !== undefined) : false;
    return { fqdn: toFqdn(host, namespaceOf(dr)), mutual: str(tls?.mode) === 'ISTIO_MUTUAL', hasTls: tls !== undefined || portTls, hasTrafficPolicy: spec.trafficPolicy !== undefined };
  });
}

export const mtlsOverridden: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'destinationRule/mtlsOverridden',
  description: 'A DestinationRule without TLS settings must not override mTLS enabled by a wider DestinationRule.',
  codes: ['MW0327'],
  inputs: ['DestinationRule', 'MeshConfig'],
  analyze(context) {
    const root = context.meshConfig.rootNamespace;
    const all = context.index.resources('DestinationRule').flatMap((dr) => {
      const facts = factsOf(dr);
      return facts ? [{ dr, ...facts }] : [];
    });
    const enabling = all.filter((e) => e.mutual && e.fqdn.startsWith('*'));
    if (enabling.length === 0) return;
    for (const subject of all) {
      if (subject.hasTls) continue;
      const namespace = namespaceOf(subject.dr);
      const sources = enabling.filter((e) => {
        if (e.dr === subject.dr) return false;
        const home = namespaceOf(e.dr);
        if (e.fqdn === '*.local') return (home === root || home === namespace) && subject.fqdn.endsWith('.local');
        const wide = NAMESPACE_WIDE.exec(e.fqdn);
        return !!wide && wide[1] === home && subject.fqdn.endsWith(e.fqdn.slice(1));
      });
      if (sources.length === 0) continue;
      const first = sources[0]!;
      const path = subject.hasTrafficPolicy ? ['spec', 'trafficPolicy'] : ['spec', 'host'];
      context.report(findingOn(subject.dr, 'MW0327', path, `${describe(first.dr)} enables mTLS (ISTIO_MUTUAL) for ${subject.fqdn}, but this DestinationRule has no TLS settings and, being more specific, replaces it for this host. Add trafficPolicy.tls.mode: ISTIO_MUTUAL here (or the TLS mode you intend).`, {
        on: subject.hasTrafficPolicy ? 'key' : 'value',
        related: sources.map((e) => relatedTo(e.dr, ['spec', 'trafficPolicy', 'tls', 'mode'], `${describe(e.dr)} enables mTLS for ${e.fqdn}`)),
      }));
    }
  },
};
