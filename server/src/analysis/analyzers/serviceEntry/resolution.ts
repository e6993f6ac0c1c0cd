// ServiceEntry resolution rules (reference §3.5.6–9, 3.5.11): what NONE, STATIC, DNS, DNS_ROUND_ROBIN and
// DYNAMIC_DNS allow for endpoints, addresses, hosts and port protocols.
import type { ObjectPath } from '../../../model/types.ts';
import type { Check } from '../../webhook/check.ts';
import { webhookAnalyzer } from '../../webhook/check.ts';
import { asArray, fqdnProblem, isHttpProtocol, isIP, isObject, isSet, isTlsProtocol, unixBindProblem } from '../../webhook/values.ts';

function checkEndpoint(check: Check, endpoint: Record<string, unknown>, path: ObjectPath, resolution: string, portNames: Set<string>, portCount: number): void {
  const address = endpoint.address;
  if (typeof address === 'string') {
    if (address.startsWith('unix://')) {
      const problem = unixBindProblem(address);
      if (problem) check.report('MW0222', [...path, 'address'], `${problem}.`);
      if (portCount !== 1) check.report('MW0222', [...path, 'address'], 'A unix:// endpoint needs exactly one ServiceEntry port.');
      if (isSet(endpoint.ports)) check.report('MW0222', [...path, 'ports'], 'A unix:// endpoint cannot have ports. Remove them.', 'key');
    } else if (resolution === 'STATIC') {
      if (!isIP(address)) check.report('MW0222', [...path, 'address'], `With resolution STATIC, endpoint address "${address}" must be an IP or unix:// path. Use resolution DNS for host names.`);
    } else if (!isIP(address) && fqdnProblem(address)) {
      check.report('MW0222', [...path, 'address'], `Endpoint address: ${fqdnProblem(address)}. Use an IP or a host name.`);
    }
  }
  check.labels(endpoint.labels, [...path, 'labels']);
  if (isObject(endpoint.ports)) {
    for (const [name, number] of Object.entries(endpoint.ports)) {
      if (!portNames.has(name)) check.report('MW0222', [...path, 'ports', name], `Port "${name}" is not declared in the ServiceEntry ports (${[...portNames].join(', ') || 'none'}). Use a declared port name.`, 'key');
      check.port({ [name]: number }, [...path, 'ports'], name);
    }
  }
}

export const serviceEntryResolution = webhookAnalyzer({
  name: 'serviceEntry/resolution',
  description: 'Endpoints, addresses, hosts and port protocols fit the ServiceEntry resolution.',
  kinds: ['ServiceEntry'],
  codes: ['MW0222', 'MW0205', 'MW0204', 'MW0270'],
  check(check) {
    const spec = check.spec;
    const resolution = typeof spec.resolution === 'string' ? spec.resolution : 'NONE';
    const endpoints = asArray(spec.endpoints);
    const hosts = asArray(spec.hosts).filter((host): host is string => typeof host === 'string');
    const ports = asArray(spec.ports).filter(isObject);
    const portNames = new Set(ports.map((port) => port.name).filter((name): name is string => typeof name === 'string'));
    switch (resolution) {
      case 'NONE':
        if (endpoints.length > 0) check.report('MW0222', ['spec', 'endpoints'], 'Resolution NONE cannot have endpoints (traffic goes to the original destination). Use resolution STATIC or DNS, or remove endpoints.', 'key');
        if (isSet(spec.workloadSelector)) check.report('MW0270', ['spec', 'workloadSelector'], 'A workloadSelector has no effect with resolution NONE. Use resolution STATIC to send traffic to the selected workloads.', 'key');
        break;
      case 'DNS':
      case 'DNS_ROUND_ROBIN':
        if (endpoints.length === 0) {
          hosts.forEach((host, index) => {
            if (host.includes('*') || fqdnProblem(host)) check.report('MW0222', ['spec', 'hosts', index], `With resolution ${resolution} and no endpoints, every host is resolved by DNS, so "${host}" must be a plain FQDN (no wildcard). Add endpoints or use resolution NONE.`);
          });
        }
        if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
          check.report('MW0222', ['spec', 'endpoints'], 'Resolution DNS_ROUND_ROBIN allows at most one endpoint. Use resolution DNS for several endpoints.', 'key');
        }
        if (isSet(spec.addresses) && hosts.length > 1 && ports.some((port) => !port.protocol || String(port.protocol).toUpperCase() === 'TCP')) {
          check.report('MW0270', ['spec', 'addresses'], 'With addresses, a TCP port and several hosts, the proxy cannot tell the hosts apart. Split the ServiceEntry per host.', 'key');
        }
        break;
      case 'DYNAMIC_DNS':
        hosts.forEach((host, index) => {
          if (!host.startsWith('*')) check.report('MW0222', ['spec', 'hosts', index], `Resolution DYNAMIC_DNS needs wildcard hosts; "${host}" is not one. Use *.domain or another resolution.`);
        });
        if (isSet(spec.addresses)) check.report('MW0222', ['spec', 'addresses'], 'Resolution DYNAMIC_DNS cannot have addresses. Remove them.', 'key');
        if (endpoints.length > 0) check.report('MW0222', ['spec', 'endpoints'], 'Resolution DYNAMIC_DNS cannot have endpoints. Remove them.', 'key');
        asArray(spec.ports).forEach((port, index) => {
          if (isObject(port) && !['HTTP', 'TLS', 'GRPC', 'HTTP2'].includes(String(port.protocol ?? '').toUpperCase())) {
            check.report('MW0222', ['spec', 'ports', index, 'protocol'], `Resolution DYNAMIC_DNS supports only HTTP, HTTP2, GRPC and TLS ports, not ${String(port.protocol ?? 'an unset protocol')}.`);
          }
        });
        if (spec.location !== undefined && spec.location !== 'MESH_EXTERNAL' && spec.location !== 'MESH_INTERNAL') {
          check.report('MW0222', ['spec', 'location'], 'Resolution DYNAMIC_DNS needs location MESH_EXTERNAL or MESH_INTERNAL.');
        }
        if (spec.location === 'MESH_INTERNAL') {
          const labels = isObject(check.resource.object.metadata) ? check.resource.object.metadata.labels : undefined;
          if (isObject(labels) && isSet(labels['istio.io/use-waypoint'])) {
            check.report('MW0222', ['spec', 'location'], 'A DYNAMIC_DNS ServiceEntry that uses a waypoint (istio.io/use-waypoint) must be MESH_EXTERNAL.');
          }
        }
        break;
    }
    if (resolution !== 'NONE' && hosts.length > 1) {
      asArray(spec.ports).forEach((port, index) => {
        if (isObject(port) && !isHttpProtocol(port.protocol) && !isTlsProtocol(port.protocol)) {
          check.report('MW0222', ['spec', 'ports', index], `With several hosts and resolution ${resolution}, every port must be HTTP or TLS so requests can be told apart by host or SNI; this port is ${String(port.protocol ?? 'unset (TCP)')}. Split the ServiceEntry or use resolution NONE.`, 'key');
        }
      });
    }
    endpoints.forEach((endpoint, index) => {
      if (isObject(endpoint)) checkEndpoint(check, endpoint, ['spec', 'endpoints', index], resolution, portNames, ports.length);
      else check.report('MW0222', ['spec', 'endpoints', index], 'This endpoint entry is empty. Remove it or add an address.');
    });
  },
});
