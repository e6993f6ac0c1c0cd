// IST0138: Gateways whose selectors overlap must not share a server certificate (same credentialName, or the
// same serverCertificate and privateKey files): clients re-using HTTP/2 connections would get 404s.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, isRecord, records, relatedTo, str } from '../../analyzerKit.ts';
import { specOf, stringMap } from '../../workspaceIndex.ts';

function sameCertificate(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ca = str(a.credentialName) ?? '';
  const cb = str(b.credentialName) ?? '';
  if (ca && cb) return ca === cb;
  if (!ca && !cb) {
    const sa = str(a.serverCertificate) ?? '';
    const sb = str(b.serverCertificate) ?? '';
    const ka = str(a.privateKey) ?? '';
    const kb = str(b.privateKey) ?? '';
    return !!sa && sa === sb && !!ka && ka === kb;
  }
  return false;
}

/** Every key of `x` is in `y` with the same value (an empty `x` selects everything). */
function selectorSubset(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.entries(x).every(([k, v]) => y[k] === v);
}

export const duplicateCertificate: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/duplicateCertificate',
  description: 'Gateways with overlapping selectors must not share a server certificate.',
  codes: ['IST0138'],
  inputs: ['Gateway'],
  analyze(context) {
    const gateways = [...context.index.istioGateways().values()];
    for (const current of gateways) {
      const selector = stringMap(specOf(current).selector);
      for (const other of gateways) {
        if (other === current || !selectorSubset(selector, stringMap(specOf(other).selector))) continue;
        let hit: number | undefined;
        records(specOf(current).servers).forEach((server, i) => {
          if (hit !== undefined || !isRecord(server.tls)) return;
          if (records(specOf(other).servers).some((o) => isRecord(o.tls) && sameCertificate(server.tls as Record<string, unknown>, o.tls as Record<string, unknown>))) hit = i;
        });
        if (hit === undefined) continue;
        context.report(
          findingOn(current, 'IST0138', ['spec', 'servers', hit, 'tls'], `Gateways ${fullName(current)} and ${fullName(other)} select the same workloads and use the same certificate; clients that re-use HTTP/2 connections may get 404s. Use one Gateway for both hosts, or different certificates.`, {
            on: 'key',
            related: [relatedTo(other, ['spec', 'servers'], `${fullName(other)} uses the same certificate`)],
          }),
        );
      }
    }
  },
};
