// IST0116/IST0137: Services selecting the same in-mesh Deployment must agree on protocols per port and on
// ports per targetPort.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, records, relatedTo, str } from '../../analyzerKit.ts';
import type { WorkspaceIndex } from '../../workspaceIndex.ts';
import { labelsOf, namespaceOf, selectorMatches, specOf, stringMap, valueAtPath } from '../../workspaceIndex.ts';
import type { Resource } from '../../../model/types.ts';

/** istioctl's "in mesh" test for a Deployment: proxy container, inject label/annotation, or injected namespace. */
export function deploymentInMesh(deployment: Resource, index: WorkspaceIndex): boolean {
  const template = valueAtPath(deployment.object, ['spec', 'template']) as Record<string, unknown> | undefined;
  const containers = records(valueAtPath(template, ['spec', 'containers']));
  if (containers.some((c) => c.name === 'istio-proxy' && str(c.image))) return true;
  const labels = stringMap(valueAtPath(template, ['metadata', 'labels']));
  if ('sidecar.istio.io/inject' in labels) return labels['sidecar.istio.io/inject'] === 'true';
  const annotations = stringMap(valueAtPath(template, ['metadata', 'annotations']));
  if ('sidecar.istio.io/inject' in annotations) return annotations['sidecar.istio.io/inject'] === 'true';
  const ns = index.namespaces().get(namespaceOf(deployment));
  return ns ? labelsOf(ns)['istio-injection'] === 'enabled' : false;
}

export const serviceAssociation: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'deployment/serviceAssociation',
  description: 'Services selecting one in-mesh Deployment must agree on port protocols and on ports per targetPort.',
  codes: ['IST0116', 'IST0137'],
  inputs: ['Deployment', 'Service', 'Namespace'],
  analyze(context) {
    const { index } = context;
    const servicesByNamespace = new Map<string, Resource[]>();
    for (const svc of index.resources('Service')) {
      const list = servicesByNamespace.get(namespaceOf(svc)) ?? [];
      list.push(svc);
      servicesByNamespace.set(namespaceOf(svc), list);
    }
    for (const deployment of index.resources('Deployment')) {
      if (labelsOf(deployment)['gateway.istio.io/managed'] === 'istio.io-mesh-controller') continue;
      if (!deploymentInMesh(deployment, index)) continue;
      const podLabels = stringMap(valueAtPath(deployment.object, ['spec', 'template', 'metadata', 'labels']));
      const matching = (servicesByNamespace.get(namespaceOf(deployment)) ?? []).filter((svc) => {
        const selector = stringMap(specOf(svc).selector);
        return Object.keys(selector).length > 0 && selectorMatches(selector, podLabels);
      });
      if (matching.length < 2) continue;
      // port → protocol → services
      const protocols = new Map<number, Map<string, string[]>>();
      // targetPort → port → service
      const targetPorts = new Map<string, Map<number, string>>();
      for (const svc of matching) {
        for (const port of records(specOf(svc).ports)) {
          if (typeof port.port !== 'number') continue;
          const protocol = str(port.protocol) ?? 'TCP';
          const byProtocol = protocols.get(port.port) ?? new Map<string, string[]>();
          byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), svc.name]);
          protocols.set(port.port, byProtocol);
          const target = port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '' ? String(port.port) : String(port.targetPort);
          const byPort = targetPorts.get(target) ?? new Map<number, string>();
          byPort.set(port.port, svc.name);
          targetPorts.set(target, byPort);
        }
      }
      const related = matching.map((svc) => relatedTo(svc, ['spec', 'ports'], `Service ${namespaceOf(svc)}/${svc.name} selects this Deployment`));
      for (const [port, byProtocol] of protocols) {
        if (byProtocol.size < 2) continue;
        const names = [...byProtocol.values()].flat().sort();
        context.report(findingOn(deployment, 'IST0116', ['metadata', 'name'], `Deployment ${deployment.name} is selected by several Services that use port ${port} with different protocols (${names.join(', ')}). Use one protocol per port number across these Services.`, { related }));
      }
      for (const [target, byPort] of targetPorts) {
        if (byPort.size < 2) continue;
        const names = [...byPort.values()].sort();
        const ports = [...byPort.keys()].sort((a, b) => a - b);
        context.report(findingOn(deployment, 'IST0137', ['metadata', 'name'], `Deployment ${deployment.name} is selected by Services [${names.join(', ')}] that map targetPort ${target} from different ports (${ports.join(', ')}). Use the same port number for that targetPort in every Service.`, { related }));
      }
    }
  },
};
