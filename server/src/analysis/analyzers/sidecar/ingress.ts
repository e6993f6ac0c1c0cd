// Sidecar ingress listeners (reference §3.8.3–6): complete ports, unique numbers, IP binds, default endpoints,
// TLS restrictions and connection pools (plus the top-level inboundConnectionPool).
import { webhookAnalyzer } from '../../webhook/check.ts';
import { checkServerTls } from '../../webhook/serverTls.ts';
import { checkConnectionPool } from '../../webhook/trafficPolicy.ts';
import { asArray, isDns1123Label, isHttpProtocol, isIP, isObject, isSet, portProblem, protocolProblem, unixBindProblem } from '../../webhook/values.ts';

const LOOPBACK_HOSTS = ['', '127.0.0.1', '0.0.0.0', '::1', '::'];

function defaultEndpointProblem(endpoint: string): string | undefined {
  if (endpoint.startsWith('unix://')) return unixBindProblem(endpoint);
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(endpoint) ?? /^(.*):(\d+)$/.exec(endpoint);
  if (!match) return `"${endpoint}" is not host:port or unix://path`;
  const host = match.length === 4 ? (match[1] ?? match[2] ?? '') : match[1]!;
  const port = Number(match[match.length - 1]);
  if (!LOOPBACK_HOSTS.includes(host)) return `host "${host}" must be empty, 127.0.0.1, 0.0.0.0, ::1 or ::`;
  return portProblem(port);
}

export const sidecarIngress = webhookAnalyzer({
  name: 'sidecar/ingress',
  description: 'Sidecar ingress listeners have valid, unique ports, binds, default endpoints, TLS and connection pools.',
  kinds: ['Sidecar'],
  codes: ['MW0225', 'MW0204', 'MW0211', 'MW0219', 'MW0201', 'MW0261', 'MW0263', 'MW0270'],
  check(check) {
    const spec = check.spec;
    checkConnectionPool(check, spec.inboundConnectionPool, ['spec', 'inboundConnectionPool']);
    const numbers = new Map<unknown, number>();
    asArray(spec.ingress).forEach((listener, index) => {
      const path = ['spec', 'ingress', index];
      if (!isObject(listener)) {
        check.report('MW0225', path, 'This ingress listener is empty. Remove it or add a port.');
        return;
      }
      if (!isObject(listener.port)) {
        check.report('MW0225', path, 'An ingress listener needs a port. Add port: {number: …, protocol: …, name: …}.', 'key');
      } else {
        const port = listener.port;
        const portPath = [...path, 'port'];
        if (port.targetPort !== undefined) check.report('MW0204', [...portPath, 'targetPort'], 'targetPort is not supported on a Sidecar ingress port. Remove it.', 'key');
        if (typeof port.name === 'string' && !isDns1123Label(port.name)) check.report('MW0204', [...portPath, 'name'], `Port name "${port.name}" is not a DNS-1123 label.`);
        const protocol = protocolProblem(port.protocol);
        if (protocol) check.report('MW0204', [...portPath, 'protocol'], `${protocol}.`);
        check.port(port, portPath, 'number');
        if (port.number !== undefined) {
          if (numbers.has(port.number)) check.report('MW0225', [...portPath, 'number'], `Port ${String(port.number)} is already used by ingress[${numbers.get(port.number)}]. Each ingress listener needs its own port.`);
          numbers.set(port.number, index);
        }
        if (isObject(listener.connectionPool) && isSet(listener.connectionPool.http) && typeof port.protocol === 'string' && !isHttpProtocol(port.protocol)) {
          check.report('MW0261', [...path, 'connectionPool', 'http'], `HTTP connection-pool settings are ignored on a ${port.protocol} port. Remove them or use an HTTP protocol.`, 'key');
        }
        checkServerTls(check, listener, path, true);
      }
      if (typeof listener.bind === 'string' && listener.bind !== '' && !isIP(listener.bind)) {
        check.report('MW0225', [...path, 'bind'], `bind "${listener.bind}" must be an IP address.`);
      }
      if (typeof listener.defaultEndpoint === 'string' && listener.defaultEndpoint !== '') {
        const problem = defaultEndpointProblem(listener.defaultEndpoint);
        if (problem) check.report('MW0225', [...path, 'defaultEndpoint'], `defaultEndpoint: ${problem}. Use e.g. 127.0.0.1:8080, 0.0.0.0:8080 or unix:///var/run/app.sock.`);
      }
      checkConnectionPool(check, listener.connectionPool, [...path, 'connectionPool']);
    });
  },
});
