// IST0144: application containers (or the pod security context) must not run as UID 1337, the sidecar's UID.
import type { ResourceAnalyzer } from '../../types.ts';
import { findingOn, isRecord, records } from '../../analyzerKit.ts';
import { labelsOf, valueAtPath } from '../../workspaceIndex.ts';

const PROXY_UID = 1337;

export const applicationUid: ResourceAnalyzer = {
  scope: 'resource',
  name: 'deployment/applicationUid',
  description: 'Application containers must not run as UID 1337 (reserved for the Istio proxy).',
  codes: ['IST0144'],
  kinds: ['Deployment', 'Pod'],
  inputs: ['Deployment', 'Pod'],
  check(resource, context) {
    const labels = labelsOf(resource);
    if ('istio' in labels || labels.release === 'istio') return;
    const specPath = resource.kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
    const spec = valueAtPath(resource.object, specPath);
    if (!isRecord(spec)) return;
    const message = `User ID (UID) ${PROXY_UID} is reserved for the Istio sidecar proxy; traffic from this container would bypass the proxy. Run the application as a different runAsUser.`;
    if (isRecord(spec.securityContext) && spec.securityContext.runAsUser === PROXY_UID) {
      context.report(findingOn(resource, 'IST0144', [...specPath, 'securityContext', 'runAsUser'], message));
    }
    records(spec.containers).forEach((container, i) => {
      if (container.name === 'istio-proxy' || container.name === 'istio-operator') return;
      if (isRecord(container.securityContext) && container.securityContext.runAsUser === PROXY_UID) {
        context.report(findingOn(resource, 'IST0144', [...specPath, 'containers', i, 'securityContext', 'runAsUser'], message));
      }
    });
  },
};
