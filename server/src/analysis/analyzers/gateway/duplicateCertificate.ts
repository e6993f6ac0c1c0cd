// IST0138: Gateways whose selectors overlap must not share a server certificate (same credentialName, or the
// same serverCertificate and privateKey files): clients re-using HTTP/2 connections would get 404s.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, fullName, isRecord, records, relatedTo, str } from '../../analyzerKit.ts';
import { pushTo, selectorMatches, specOf, stringMap } from '../../workspaceIndex.ts';

/**
 * What identifies a server's certificate: its credentialName, else its serverCertificate and privateKey files
 * (both needed). Two servers share a certificate exactly when their keys are equal; undefined: none to share.
 */
function certificateKey(tls: unknown): string | undefined {
  if (!isRecord(tls)) return undefined;
  const credential = str(tls.credentialName) ?? '';
  if (credential) return `credential:${credential}`;
  const certificate = str(tls.serverCertificate) ?? '';
  const key = str(tls.privateKey) ?? '';
  return certificate && key ? `files:${certificate}\u0000${key}` : undefined;
}

export const duplicateCertificate: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'gateway/duplicateCertificate',
  description: 'Gateways with overlapping selectors must not share a server certificate.',
  codes: ['IST0138'],
  inputs: ['Gateway'],
  analyze(context) {
    // Gateways are compared only with those sharing a certificate (found through an index by certificate), so
    // a mesh with thousands of Gateways costs no more than its shared certificates.
    const gateways = [...context.index.istioGateways().values()].map((resource, order) => ({
      resource,
      order,
      selector: stringMap(specOf(resource).selector),
      keys: records(specOf(resource).servers).map((server) => certificateKey(server.tls)),
    }));
    const byCertificate = new Map<string, typeof gateways>();
    for (const gateway of gateways) {
      for (const key of new Set(gateway.keys)) if (key !== undefined) pushTo(byCertificate, key, gateway);
    }
    for (const current of gateways) {
      const others = new Set<(typeof gateways)[number]>();
      for (const key of current.keys) if (key !== undefined) for (const other of byCertificate.get(key)!) if (other !== current) others.add(other);
      for (const other of [...others].sort((a, b) => a.order - b.order)) {
        if (!selectorMatches(current.selector, other.selector)) continue;
        const otherKeys = new Set(other.keys);
        const hit = current.keys.findIndex((key) => key !== undefined && otherKeys.has(key));
        context.report(
          findingOn(current.resource, 'IST0138', ['spec', 'servers', hit, 'tls'], `Gateways ${fullName(current.resource)} and ${fullName(other.resource)} select the same workloads and use the same certificate; clients that re-use HTTP/2 connections may get 404s. Use one Gateway for both hosts, or different certificates.`, {
            on: 'key',
            related: [relatedTo(other.resource, ['spec', 'servers'], `${fullName(other.resource)} uses the same certificate`)],
          }),
        );
      }
    }
  },
};
