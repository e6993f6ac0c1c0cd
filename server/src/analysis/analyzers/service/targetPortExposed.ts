// MW0312 (Kiali KIA0701): a Service targetPort should be a port some selected Deployment container declares
// (by number or by name), when the Deployments in the workspace declare container ports at all.
import type { WorkspaceAnalyzer } from '../../types.ts';
import { findingOn, records, relatedTo } from '../../analyzerKit.ts';
import { namespaceOf, selectorMatches, specOf, stringMap, valueAtPath } from '../../workspaceIndex.ts';

export const targetPortExposed: WorkspaceAnalyzer = {
  scope: 'workspace',
  name: 'service/targetPortExposed',
  description: 'Service targetPorts should match a container port of the Deployments they select.',
  codes: ['MW0312'],
  inputs: ['Service', 'Deployment'],
  analyze(context) {
    const deployments = context.index.resources('Deployment');
    for (const svc of context.index.resources('Service')) {
      const selector = stringMap(specOf(svc).selector);
      if (Object.keys(selector).length === 0) continue;
      const selected = deployments.filter((d) => namespaceOf(d) === namespaceOf(svc) && selectorMatches(selector, stringMap(valueAtPath(d.object, ['spec', 'template', 'metadata', 'labels']))));
      const containerPorts = selected.flatMap((d) => records(valueAtPath(d.object, ['spec', 'template', 'spec', 'containers'])).flatMap((c) => records(c.ports)));
      if (selected.length === 0 || containerPorts.length === 0) continue;
      records(specOf(svc).ports).forEach((port, i) => {
        const target = port.targetPort ?? port.port;
        const exposed = containerPorts.some((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target));
        if (exposed) return;
        context.report(findingOn(svc, 'MW0312', ['spec', 'ports', i, port.targetPort !== undefined ? 'targetPort' : 'port'], `Target port ${String(target)} is not a container port of the selected Deployment(s) ${selected.map((d) => d.name).join(', ')}; traffic to this Service port will fail. Use one of: ${containerPorts.map((cp) => cp.name ? `${String(cp.containerPort)} (${String(cp.name)})` : String(cp.containerPort)).join(', ')}.`, {
          related: selected.map((d) => relatedTo(d, ['spec', 'template', 'spec', 'containers'], `Deployment ${d.name} containers`)),
          data: { ports: containerPorts.map((cp) => cp.containerPort).filter((p) => typeof p === 'number') },
        }));
      });
    }
  },
};
