// IST0128/IST0129: DestinationRule TLS in SIMPLE or MUTUAL mode should set caCertificates so the client
// verifies the server's identity (unless credentialName is used with a workloadSelector).
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, str } from '../../analyzerKit.ts';
import { namespaceOf, specOf } from '../../workspaceIndex.ts';

export const caCertificates: ResourceAnalyzer = {
  scope: 'resource',
  name: 'destinationRule/caCertificates',
  description: 'DestinationRule SIMPLE/MUTUAL TLS settings should verify the server certificate (caCertificates).',
  codes: ['IST0128', 'IST0129'],
  kinds: ['DestinationRule'],
  inputs: ['DestinationRule'],
  check(dr, context) {
    const spec = specOf(dr);
    const host = str(spec.host) ?? '';
    const hasSelector = spec.workloadSelector !== undefined && spec.workloadSelector !== null;
    const policy = isRecord(spec.trafficPolicy) ? spec.trafficPolicy : {};
    const unverified = (tls: unknown): string | undefined => {
      if (!isRecord(tls)) return undefined;
      const mode = str(tls.mode);
      if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return undefined;
      if (str(tls.caCertificates)) return undefined;
      if (str(tls.credentialName) && hasSelector) return undefined;
      return mode;
    };
    const mode = unverified(policy.tls);
    if (mode) {
      context.report(findingOn(dr, 'IST0128', ['spec', 'trafficPolicy', 'tls', 'mode'], `DestinationRule ${dr.name} in namespace ${namespaceOf(dr)} uses TLS mode ${mode} for host ${host} without caCertificates, so the server's identity is not verified. Set trafficPolicy.tls.caCertificates (or credentialName with a workloadSelector).`));
    }
    records(policy.portLevelSettings).forEach((setting, i) => {
      const portMode = unverified(setting.tls);
      if (!portMode) return;
      const port = isRecord(setting.port) ? setting.port.number : undefined;
      context.report(findingOn(dr, 'IST0129', ['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode'], `DestinationRule ${dr.name} in namespace ${namespaceOf(dr)} uses TLS mode ${portMode} for host ${host} port ${port ?? '?'} without caCertificates, so the server's identity is not verified. Set caCertificates in this port's tls settings.`));
    });
  },
};
