// IST0118/IST0150: Service port names (or appProtocol) should tell Istio the protocol; ExternalName Services
// must not use a `tcp` or unrecognised port name.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, records, serviceProtocol, str } from '../../analyzerKit.ts';
import { labelsOf, specOf } from '../../workspaceIndex.ts';

const MANAGED_GATEWAY_LABELS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

export const portName: ResourceAnalyzer = {
  scope: 'resource',
  name: 'service/portName',
  description: 'Service ports name their protocol (<protocol>[-suffix] or appProtocol).',
  codes: ['IST0118', 'IST0150'],
  kinds: ['Service'],
  inputs: ['Service'],
  check(svc, context) {
    const labels = labelsOf(svc);
    if ('istio' in labels || labels.release === 'istio') return;
    if (MANAGED_GATEWAY_LABELS.has(labels['gateway.istio.io/managed'] ?? '')) return;
    const spec = specOf(svc);
    const externalName = spec.type === 'ExternalName';
    records(spec.ports).forEach((port, i) => {
      const number = typeof port.port === 'number' ? port.port : 0;
      const name = str(port.name) ?? '';
      const protocol = serviceProtocol(number, name, str(port.protocol), str(port.appProtocol));
      if (protocol !== undefined && !(externalName && name === 'tcp')) return;
      const path = ['spec', 'ports', i, port.name !== undefined ? 'name' : 'port'];
      if (externalName) {
        context.report(findingOn(svc, 'IST0150', path, `Port name "${name}" of this ExternalName Service is "tcp" or gives no protocol, so the proxy may not forward its traffic correctly. Name the port after its protocol, e.g. "http-${name || 'web'}" or "tls".`));
      } else {
        const target = port.targetPort === undefined ? String(number) : String(port.targetPort);
        context.report(findingOn(svc, 'IST0118', path, `Port name "${name}" (port ${number}, targetPort ${target}) does not follow Istio's <protocol>[-suffix] convention, so Istio falls back to protocol sniffing. Rename it (e.g. "http-${name || 'web'}", "grpc", "tcp") or set appProtocol.`, {
          data: { portIndex: i, suggestion: `http-${name || 'web'}` },
        }));
      }
    });
  },
};
