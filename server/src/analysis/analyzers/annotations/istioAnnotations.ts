// IST0107/IST0108/IST0125/IST0135: Istio annotations on Namespaces, Services, Pods and Deployments must be
// known (Istio's annotation registry, generated at build time), placed on a kind they apply to, valid, and not
// deprecated.
import type { ResourceAnalyzer } from '../../types.ts';
import { closest, didYouMean, findingOn } from '../../analyzerKit.ts';
import { annotationsOf, labelsOf } from '../../workspaceIndex.ts';
import registry from '../../../../../schemas/generated/annotations.json' with { type: 'json' };

interface AnnotationDefinition {
  readonly name: string;
  readonly kinds: readonly string[];
  readonly deprecated: boolean;
}

const DEFINITIONS = new Map<string, AnnotationDefinition>((registry.annotations as AnnotationDefinition[]).map((a) => [a.name, a]));
/** Set by Istio itself; never reported. */
const ALWAYS_IGNORED = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

const ports = (value: string) => value === '*' || value === '' || value.split(',').every((p) => /^\s*\d+\s*$/.test(p) && Number(p) <= 65535);
const cidrs = (value: string) => value === '*' || value === '' || value.split(',').every((c) => /^\s*[0-9a-fA-F:.]+\/\d{1,3}\s*$/.test(c));
const uint32 = (value: string) => /^\d+$/.test(value) && Number(value) <= 4294967295;
const quantity = (value: string) => /^[+]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e\d+)?$/.test(value);
const interfaces = (value: string) => value.split(',').every((i) => i.trim().length > 0);

/** Validators for the annotations Istio's injector validates (value → problem or undefined). */
const VALIDATORS: Record<string, (value: string) => string | undefined> = {
  'sidecar.istio.io/interceptionMode': (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : 'must be REDIRECT, TPROXY or NONE'),
  'status.sidecar.istio.io/port': (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? undefined : 'must be a port number 0–65535'),
  'readiness.status.sidecar.istio.io/initialDelaySeconds': (v) => (uint32(v) ? undefined : 'must be a non-negative integer'),
  'readiness.status.sidecar.istio.io/periodSeconds': (v) => (uint32(v) ? undefined : 'must be a non-negative integer'),
  'readiness.status.sidecar.istio.io/failureThreshold': (v) => (uint32(v) ? undefined : 'must be a non-negative integer'),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': (v) => (cidrs(v) ? undefined : 'must be "*" or a comma-separated list of CIDRs'),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': (v) => (cidrs(v) ? undefined : 'must be a comma-separated list of CIDRs'),
  'traffic.sidecar.istio.io/includeInboundPorts': (v) => (ports(v) ? undefined : 'must be "*" or a comma-separated list of ports'),
  'traffic.sidecar.istio.io/excludeInboundPorts': (v) => (ports(v) ? undefined : 'must be a comma-separated list of ports'),
  'traffic.sidecar.istio.io/excludeOutboundPorts': (v) => (ports(v) ? undefined : 'must be a comma-separated list of ports'),
  'traffic.sidecar.istio.io/excludeInterfaces': (v) => (interfaces(v) ? undefined : 'must be a comma-separated list of interface names'),
  'traffic.sidecar.istio.io/kubevirtInterfaces': (v) => (interfaces(v) ? undefined : 'must be a comma-separated list of interface names'),
  'istio.io/reroute-virtual-interfaces': (v) => (interfaces(v) ? undefined : 'must be a comma-separated list of interface names'),
  'prometheus.istio.io/merge-metrics': (v) => (['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(v) ? undefined : 'must be true or false'),
  'sidecar.istio.io/proxyCPU': (v) => (quantity(v) ? undefined : 'must be a Kubernetes resource quantity'),
  'sidecar.istio.io/proxyMemory': (v) => (quantity(v) ? undefined : 'must be a Kubernetes resource quantity'),
  'sidecar.istio.io/proxyCPULimit': (v) => (quantity(v) ? undefined : 'must be a Kubernetes resource quantity'),
  'sidecar.istio.io/proxyMemoryLimit': (v) => (quantity(v) ? undefined : 'must be a Kubernetes resource quantity'),
};

function isIstioAnnotation(name: string): boolean {
  if (name === 'kubernetes.io/ingress.class') return true;
  const slash = name.indexOf('/');
  return slash > 0 && name.slice(0, slash).endsWith('istio.io');
}

export const istioAnnotations: ResourceAnalyzer = {
  scope: 'resource',
  name: 'annotations/istioAnnotations',
  description: 'Istio annotations must be known, on a kind they apply to, valid and not deprecated.',
  codes: ['IST0107', 'IST0108', 'IST0125', 'IST0135'],
  kinds: ['Namespace', 'Service', 'Pod', 'Deployment'],
  inputs: ['Namespace', 'Service', 'Pod', 'Deployment'],
  check(resource, context) {
    const annotations = annotationsOf(resource);
    for (const [name, value] of Object.entries(annotations)) {
      if (!isIstioAnnotation(name) || ALWAYS_IGNORED.has(name)) continue;
      const path = ['metadata', 'annotations', name];
      const definition = DEFINITIONS.get(name);
      if (!definition) {
        if (DEFINITIONS.size === 0) continue; // registry not generated: stay silent rather than flag everything
        const suggestion = closest(name, DEFINITIONS.keys());
        context.report(findingOn(resource, 'IST0108', path, `Unknown annotation: ${name}. Istio defines no such annotation, so it has no effect; fix the name or remove it.${didYouMean(suggestion)}`, { on: 'key', data: suggestion ? { suggestion } : {} }));
        continue;
      }
      if (definition.deprecated && !(name === 'sidecar.istio.io/inject' && 'sidecar.istio.io/inject' in labelsOf(resource))) {
        const extra = name === 'sidecar.istio.io/inject' ? ' Use the sidecar.istio.io/inject label instead.' : ' Remove it or use its replacement.';
        context.report(findingOn(resource, 'IST0135', path, `Annotation ${name} is deprecated and may stop working in future Istio versions.${extra}`, { on: 'key' }));
      }
      if (definition.kinds.includes('Any')) continue;
      const kinds = definition.kinds.filter((k) => k !== 'Unknown');
      if (!kinds.includes(resource.kind)) {
        context.report(findingOn(resource, 'IST0107', path, `Misplaced annotation: ${name} only applies to ${kinds.join(', ')}, not ${resource.kind}.${resource.kind === 'Deployment' && kinds.includes('Pod') ? ' Move it to spec.template.metadata.annotations.' : ' Move it to the right resource.'}`, { on: 'key' }));
        continue;
      }
      const problem = VALIDATORS[name]?.(value);
      if (problem) context.report(findingOn(resource, 'IST0125', path, `Invalid annotation ${name}: "${value}" ${problem}.`));
    }
  },
};
