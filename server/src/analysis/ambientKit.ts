// Shared facts for the ambient-mode checks (Kiali's ambient policy checks): which namespaces are ambient,
// whether a namespace, Service or workload is enrolled in a waypoint (`istio.io/use-waypoint`), which L7
// features a policy uses, and which ambient Service a VirtualService/DestinationRule host names.
import type { ObjectPath, RelatedLocation, Resource } from '../model/types.ts';
import type { AnalysisContext } from './types.ts';
import { findingOn, isRecord, records, relatedTo, str, strings } from './analyzerKit.ts';
import { CLUSTER_DOMAIN, labelsOf, metadataOf, namespaceOf, selectorMatches, specOf, stringMap, type WorkspaceIndex } from './workspaceIndex.ts';

export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/** Kinds whose labels decide enrollment (inputs of every ambient analyzer besides its own kind). */
export const AMBIENT_INPUTS = ['Namespace', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Pod'] as const;

/**
 * Namespaces labelled `istio.io/dataplane-mode: ambient`, by name (from Namespace resources of the workspace
 * or of the cluster). Empty for most workspaces, so the ambient analyzers stop early.
 */
export function ambientNamespaces(index: WorkspaceIndex): ReadonlyMap<string, Resource> {
  return index.memo('ambientNamespaces', ['Namespace'], () => {
    const map = new Map<string, Resource>();
    for (const [name, ns] of index.namespaces()) if (labelsOf(ns)[DATAPLANE_MODE_LABEL] === 'ambient') map.set(name, ns);
    return map;
  });
}

/**
 * Enrollment in a waypoint: the resource's own `istio.io/use-waypoint` label wins (including the `none` opt-out),
 * else the namespace's. Returns undefined when neither carries the label.
 */
export function waypointLabel(resourceLabels: Readonly<Record<string, string>> | undefined, namespaceLabels: Readonly<Record<string, string>>): string | undefined {
  if (resourceLabels && USE_WAYPOINT_LABEL in resourceLabels) return resourceLabels[USE_WAYPOINT_LABEL];
  return namespaceLabels[USE_WAYPOINT_LABEL];
}

export function isEnrolled(resourceLabels: Readonly<Record<string, string>> | undefined, namespaceLabels: Readonly<Record<string, string>>): boolean {
  const label = waypointLabel(resourceLabels, namespaceLabels);
  return label !== undefined && label !== '' && label !== 'none';
}

/** A related location on the Namespace that makes the check apply (its labels, else its name). */
export function namespaceRelated(ns: Resource, message: string): RelatedLocation {
  return relatedTo(ns, isRecord(metadataOf(ns).labels) ? ['metadata', 'labels'] : ['metadata', 'name'], message);
}

/**
 * Why something is not enrolled, for messages: `Service shop/reviews has istio.io/use-waypoint: none`,
 * `namespace shop has istio.io/use-waypoint: none` or `Deployment shop/reviews has no istio.io/use-waypoint label`.
 */
export function notEnrolledReason(what: string, resourceLabels: Readonly<Record<string, string>> | undefined, namespaceLabels: Readonly<Record<string, string>>, namespace: string): string {
  if (resourceLabels && USE_WAYPOINT_LABEL in resourceLabels) return `${what} has ${USE_WAYPOINT_LABEL}: "${resourceLabels[USE_WAYPOINT_LABEL]}"`;
  if (USE_WAYPOINT_LABEL in namespaceLabels) return `namespace ${namespace} has ${USE_WAYPOINT_LABEL}: "${namespaceLabels[USE_WAYPOINT_LABEL]}"`;
  return resourceLabels ? `neither ${what} nor namespace ${namespace} has an ${USE_WAYPOINT_LABEL} label` : `namespace ${namespace} has no ${USE_WAYPOINT_LABEL} label`;
}

/** The Service `namespace/name`, if the workspace defines it. */
export function serviceNamed(index: WorkspaceIndex, namespace: string, name: string): Resource | undefined {
  return index.byName('Service').get(`${namespace}/${name}`)?.[0];
}

/** The policy's attachment: targetRef/targetRefs entries with their paths, else undefined. */
export function targetRefsOf(spec: Record<string, unknown>): { ref: Record<string, unknown>; path: ObjectPath }[] | undefined {
  const refs: { ref: Record<string, unknown>; path: ObjectPath }[] = [];
  if (isRecord(spec.targetRef)) refs.push({ ref: spec.targetRef, path: ['spec', 'targetRef'] });
  records(spec.targetRefs).forEach((ref, i) => refs.push({ ref, path: ['spec', 'targetRefs', i] }));
  return refs.length ? refs : undefined;
}

/** Where a policy without targetRefs is attached: its selector, else its name (namespace-wide). */
export function attachmentPath(spec: Record<string, unknown>): { path: ObjectPath; on: 'key' | 'value' } {
  if (isRecord(spec.selector)) return { path: ['spec', 'selector'], on: 'key' };
  if (spec.targetRefs !== undefined) return { path: ['spec', 'targetRefs'], on: 'key' };
  if (spec.targetRef !== undefined) return { path: ['spec', 'targetRef'], on: 'key' };
  return { path: ['metadata', 'name'], on: 'value' };
}

/** Something that is not enrolled although the policy needs a waypoint, with where to point the user. */
export interface EnrollmentGap {
  /** A sentence fragment: `namespace shop has no istio.io/use-waypoint label`. */
  readonly reason: string;
  readonly related: RelatedLocation[];
  /** A targetRef naming the unenrolled Service, when that is the cause (the finding goes there). */
  readonly refPath?: ObjectPath;
}

const WAYPOINT_MANAGED = 'istio.io-mesh-controller';

/**
 * Kiali's rule for selector-attached L7 configuration in an ambient namespace, refined for targetRefs: a policy
 * attached to a Gateway (a waypoint) needs nothing more; one attached to a Service needs that Service enrolled;
 * a selector needs every selected workload enrolled; a namespace-wide policy needs the namespace enrolled.
 * Returns undefined when everything the policy applies to is enrolled.
 */
export function enrollmentGap(context: AnalysisContext, policy: Resource, ns: Resource): EnrollmentGap | undefined {
  const index = context.index;
  const namespace = namespaceOf(policy);
  const nsLabels = labelsOf(ns);
  const spec = specOf(policy);
  const namespaceGap = (): EnrollmentGap | undefined =>
    isEnrolled(undefined, nsLabels)
      ? undefined
      : { reason: notEnrolledReason(`namespace ${namespace}`, undefined, nsLabels, namespace), related: [namespaceRelated(ns, `Namespace ${namespace} is ambient but not enrolled in a waypoint`)] };
  const refs = targetRefsOf(spec);
  if (refs) {
    for (const { ref, path } of refs) {
      const kind = str(ref.kind);
      const name = str(ref.name);
      if (kind !== 'Service' || !name) continue;
      const svc = serviceNamed(index, namespace, name);
      const svcLabels = svc ? labelsOf(svc) : undefined;
      if (isEnrolled(svcLabels, nsLabels)) continue;
      const related = [namespaceRelated(ns, `Namespace ${namespace} is ambient`)];
      if (svc) related.unshift(relatedTo(svc, ['metadata', 'name'], `Service ${namespace}/${name} is not enrolled in a waypoint`));
      return { reason: notEnrolledReason(`Service ${namespace}/${name}`, svcLabels ?? {}, nsLabels, namespace), related, refPath: [...path, 'name'] };
    }
    return undefined;
  }
  const selector = isRecord(spec.selector) ? stringMap(spec.selector.matchLabels) : {};
  if (Object.keys(selector).length === 0) return namespaceGap();
  let matched = false;
  for (const workload of index.workloads()) {
    if (workload.namespace !== namespace || !workload.resource) continue;
    if (workload.labels['gateway.istio.io/managed'] === WAYPOINT_MANAGED || !selectorMatches(selector, workload.labels)) continue;
    matched = true;
    if (isEnrolled(workload.labels, nsLabels)) continue;
    const who = `${workload.resource.kind} ${namespace}/${workload.resource.name}`;
    return {
      reason: notEnrolledReason(`selected workload ${who}`, workload.labels, nsLabels, namespace),
      related: [relatedTo(workload.resource, ['metadata', 'name'], `${who} is selected but not enrolled in a waypoint`), namespaceRelated(ns, `Namespace ${namespace} is ambient`)],
    };
  }
  return matched ? undefined : namespaceGap();
}

/** An L7 feature of a resource: the field that needs a waypoint and a short description. */
export interface L7Feature {
  readonly path: ObjectPath;
  readonly what: string;
}

const L7_CONDITION_PREFIXES = ['request.headers', 'request.auth.claims', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter'];

/** The first L7-only feature of an AuthorizationPolicy (HTTP operation fields, request principals, L7 conditions). */
export function authorizationPolicyL7(spec: Record<string, unknown>): L7Feature | undefined {
  const rules = records(spec.rules);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const when = records(rule.when);
    for (let j = 0; j < when.length; j++) {
      const key = str(when[j]!.key) ?? '';
      if (L7_CONDITION_PREFIXES.some((prefix) => key.startsWith(prefix))) return { path: ['spec', 'rules', i, 'when', j, 'key'], what: `the L7 condition ${key}` };
    }
    const to = records(rule.to);
    for (let j = 0; j < to.length; j++) {
      const operation = isRecord(to[j]!.operation) ? (to[j]!.operation as Record<string, unknown>) : {};
      for (const field of ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts']) {
        if (strings(operation[field]).length) return { path: ['spec', 'rules', i, 'to', j, 'operation', field], what: `HTTP ${field}` };
      }
    }
    const from = records(rule.from);
    for (let j = 0; j < from.length; j++) {
      const source = isRecord(from[j]!.source) ? (from[j]!.source as Record<string, unknown>) : {};
      for (const field of ['requestPrincipals', 'notRequestPrincipals']) {
        if (strings(source[field]).length) return { path: ['spec', 'rules', i, 'from', j, 'source', field], what: `JWT ${field}` };
      }
    }
  }
  return undefined;
}

function trafficPolicyL7(policy: unknown, path: ObjectPath): L7Feature | undefined {
  if (!isRecord(policy)) return undefined;
  const hash = isRecord(policy.loadBalancer) && isRecord(policy.loadBalancer.consistentHash) ? policy.loadBalancer.consistentHash : undefined;
  if (hash) {
    for (const field of ['httpHeaderName', 'httpCookie', 'httpQueryParameterName']) {
      if (hash[field] !== undefined) return { path: [...path, 'loadBalancer', 'consistentHash', field], what: 'HTTP-based consistent-hash load balancing' };
    }
  }
  if (isRecord(policy.connectionPool) && policy.connectionPool.http !== undefined) return { path: [...path, 'connectionPool', 'http'], what: 'HTTP connection-pool settings' };
  if (policy.outlierDetection !== undefined) return { path: [...path, 'outlierDetection'], what: 'outlier detection' };
  const ports = records(policy.portLevelSettings);
  for (let i = 0; i < ports.length; i++) {
    const found = trafficPolicyL7(ports[i], [...path, 'portLevelSettings', i]);
    if (found) return found;
  }
  return undefined;
}

/** The first L7-only feature of a DestinationRule (top-level or subset traffic policy). */
export function destinationRuleL7(spec: Record<string, unknown>): L7Feature | undefined {
  const top = trafficPolicyL7(spec.trafficPolicy, ['spec', 'trafficPolicy']);
  if (top) return top;
  const subsets = records(spec.subsets);
  for (let i = 0; i < subsets.length; i++) {
    const found = trafficPolicyL7(subsets[i]!.trafficPolicy, ['spec', 'subsets', i, 'trafficPolicy']);
    if (found) return found;
  }
  return undefined;
}

/** A VirtualService needs a waypoint when it has HTTP or TLS routes for mesh traffic (no gateways, or `mesh`). */
export function virtualServiceL7(spec: Record<string, unknown>): L7Feature | undefined {
  const gateways = strings(spec.gateways);
  if (gateways.length && !gateways.includes('mesh')) return undefined;
  if (records(spec.http).length) return { path: ['spec', 'http'], what: 'HTTP routes' };
  if (records(spec.tls).length) return { path: ['spec', 'tls'], what: 'TLS routes' };
  return undefined;
}

/** The first L7 feature of a Telemetry: tracing, access logging, or metric overrides. */
export function telemetryL7(spec: Record<string, unknown>): L7Feature | undefined {
  if (records(spec.tracing).length) return { path: ['spec', 'tracing'], what: 'tracing' };
  if (records(spec.accessLogging).length) return { path: ['spec', 'accessLogging'], what: 'access logging' };
  const metrics = records(spec.metrics);
  for (let i = 0; i < metrics.length; i++) {
    if (records(metrics[i]!.overrides).length) return { path: ['spec', 'metrics', i, 'overrides'], what: 'metric overrides' };
  }
  return undefined;
}

/** A Service in an ambient namespace, with its namespace and waypoint enrollment. */
export interface AmbientDestination {
  readonly service: Resource;
  readonly namespace: Resource;
  readonly enrolled: boolean;
}

/** Services of ambient namespaces by `namespace/name`, with their enrollment (recomputed when labels change). */
function ambientServices(index: WorkspaceIndex): ReadonlyMap<string, AmbientDestination> {
  return index.memo('ambientServices', ['Namespace', 'Service'], () => {
    const map = new Map<string, AmbientDestination>();
    const ambient = ambientNamespaces(index);
    if (ambient.size === 0) return map;
    for (const service of index.resources('Service')) {
      const ns = ambient.get(namespaceOf(service));
      const key = `${namespaceOf(service)}/${service.name}`;
      if (ns && !map.has(key)) map.set(key, { service, namespace: ns, enrolled: isEnrolled(labelsOf(service), labelsOf(ns)) });
    }
    return map;
  });
}

/** The ambient Service a host names, resolved like Kiali: short, `name.ns` (known namespace) or `name.ns.svc[.cluster.local]`. */
export function ambientDestination(index: WorkspaceIndex, host: string, sourceNamespace: string): AmbientDestination | undefined {
  if (!host || host.includes('*')) return undefined;
  let name: string;
  let namespace: string;
  const parts = host.split('.');
  if (parts.length === 1) [name, namespace] = [host, sourceNamespace];
  else if (parts.length === 2 && index.namespaces().has(parts[1]!)) [name, namespace] = [parts[0]!, parts[1]!];
  else if (parts.length === 3 && parts[2] === 'svc') [name, namespace] = [parts[0]!, parts[1]!];
  else if (host.endsWith(`.${CLUSTER_DOMAIN}`) && parts.length === 2 + CLUSTER_DOMAIN.split('.').length) [name, namespace] = [parts[0]!, parts[1]!];
  else return undefined;
  return ambientServices(index).get(`${namespace}/${name}`);
}

/** The ambient Services some hosts name (each Service once, with the path of the first host naming it). */
export function ambientDestinations(index: WorkspaceIndex, hosts: readonly { host: string; path: ObjectPath }[], sourceNamespace: string): (AmbientDestination & { path: ObjectPath })[] {
  const seen = new Set<string>();
  const out: (AmbientDestination & { path: ObjectPath })[] = [];
  for (const { host, path } of hosts) {
    const destination = ambientDestination(index, host, sourceNamespace);
    if (!destination) continue;
    const key = `${namespaceOf(destination.service)}/${destination.service.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...destination, path });
  }
  return out;
}

/** How the routing checks below word and code their findings for one kind. */
export interface RoutingWaypointWording {
  readonly kind: 'VirtualService' | 'DestinationRule';
  /** `has` (a VirtualService has HTTP routes) or `sets` (a DestinationRule sets a traffic policy). */
  readonly verb: string;
  /** How findings refer to the L7 features: `them` or `it`. */
  readonly pronoun: string;
  /** Codes: the own ambient namespace is not enrolled, the Service is not enrolled, the Service lives elsewhere. */
  readonly codes: { readonly namespace: string; readonly service: string; readonly elsewhere: string };
  /** The message when no ambient Service is named and the resource's own ambient namespace is not enrolled. */
  readonly namespaceMessage: (l7: L7Feature, namespace: string) => string;
}

/**
 * The waypoint checks shared by L7 VirtualServices and DestinationRules (Kiali KIA1109/1113/1114 and
 * KIA0210/0211/0212): each ambient Service the hosts name must be enrolled and live in the resource's
 * namespace; when no ambient Service is named, the resource's own ambient namespace must be enrolled.
 */
export function reportRoutingWaypointGaps(context: AnalysisContext, resource: Resource, l7: L7Feature, hosts: readonly { host: string; path: ObjectPath }[], ambient: ReadonlyMap<string, Resource>, wording: RoutingWaypointWording): void {
  const namespace = namespaceOf(resource);
  const destinations = ambientDestinations(context.index, hosts, namespace);
  for (const destination of destinations) {
    const svcNamespace = namespaceOf(destination.service);
    const svcName = `${svcNamespace}/${destination.service.name}`;
    const serviceRelated = relatedTo(destination.service, ['metadata', 'name'], `Service ${svcName} in ambient namespace ${svcNamespace}`);
    const opening = `This ${wording.kind} ${wording.verb} ${l7.what} for ambient Service ${svcName}`;
    if (svcNamespace !== namespace) {
      context.report(findingOn(resource, wording.codes.elsewhere, destination.path, `${opening}, but a waypoint only applies ${wording.kind}s from the Service's own namespace, so it has no effect there. Move it to namespace ${svcNamespace}.`, {
        related: [serviceRelated],
      }));
    }
    if (!destination.enrolled) {
      context.report(findingOn(resource, wording.codes.service, destination.path, `${opening}, but ${notEnrolledReason(`Service ${svcName}`, labelsOf(destination.service), labelsOf(destination.namespace), svcNamespace)}, so no waypoint applies ${wording.pronoun}. Set the label istio.io/use-waypoint: <waypoint name> on the Service or namespace ${svcNamespace}.`, {
        related: [serviceRelated, namespaceRelated(destination.namespace, `Namespace ${svcNamespace} is ambient`)],
      }));
    }
  }
  if (destinations.length > 0) return;
  const ns = ambient.get(namespace);
  if (!ns || isEnrolled(undefined, labelsOf(ns))) return;
  context.report(findingOn(resource, wording.codes.namespace, l7.path, wording.namespaceMessage(l7, namespace), {
    on: 'key',
    related: [namespaceRelated(ns, `Namespace ${namespace} is ambient but not enrolled in a waypoint`)],
  }));
}
