// MW0311 (Kiali KIA0601): Gateway server ports and ServiceEntry ports should be named `<protocol>[-suffix]`
// matching their protocol, so tools and operators can tell the protocol from the name.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records, str } from '../../analyzerKit.ts';
import { specOf } from '../../workspaceIndex.ts';

const PROTOCOLS = ['http', 'https', 'http2', 'grpc', 'grpc-web', 'tcp', 'tls', 'udp', 'mongo', 'redis', 'mysql', 'http_proxy'];

/** Kiali's rule: the part before the first `-` (or `grpc-web`) names a known protocol. */
function nameFitsProtocol(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'grpc-web' || lower.startsWith('grpc-web-')) return true;
  const dash = lower.indexOf('-');
  return PROTOCOLS.includes(dash < 0 ? lower : lower.slice(0, dash));
}

export const portNames: ResourceAnalyzer = {
  scope: 'resource',
  name: 'gateway/portNames',
  description: 'Gateway and ServiceEntry port names follow <protocol>[-suffix].',
  codes: ['MW0311'],
  kinds: ['Gateway', 'ServiceEntry'],
  inputs: ['Gateway', 'ServiceEntry'],
  check(resource, context) {
    if (resource.kind === 'Gateway' && resource.group !== 'networking.istio.io') return;
    const ports: { port: Record<string, unknown>; path: (string | number)[] }[] = [];
    if (resource.kind === 'Gateway') records(specOf(resource).servers).forEach((server, i) => isRecord(server.port) && ports.push({ port: server.port, path: ['spec', 'servers', i, 'port', 'name'] }));
    else records(specOf(resource).ports).forEach((port, i) => ports.push({ port, path: ['spec', 'ports', i, 'name'] }));
    for (const { port, path } of ports) {
      const name = str(port.name);
      const protocol = str(port.protocol);
      if (!name || !protocol || !PROTOCOLS.includes(protocol.toLowerCase())) continue;
      if (nameFitsProtocol(name)) continue;
      const suggestion = `${protocol.toLowerCase()}-${name}`;
      context.report(findingOn(resource, 'MW0311', path, `Port name "${name}" does not follow the <protocol>[-suffix] convention for protocol ${protocol}. Rename it, e.g. "${suggestion}".`, { data: { suggestion } }));
    }
  },
};
