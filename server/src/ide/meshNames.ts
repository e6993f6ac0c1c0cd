// Small pure helpers about Istio names shared by topology, traffic and the simulator:
// host qualification, wildcard host matching, gateway references and label selectors.
import type { Resource } from '../model/types.ts';
import { namespaceOf } from '../analysis/workspaceIndex.ts';

export const CLUSTER_DOMAIN = 'svc.cluster.local';
export const MESH_GATEWAY = 'mesh';

/** Qualifies a short host written in `namespace` the way Istio does: `reviews` → `reviews.ns.svc.cluster.local`. */
export function qualifyHost(host: string, namespace: string): string {
  const bare = host.trim().toLowerCase();
  if (bare === '*' || bare.startsWith('*.')) return bare;
  if (!bare.includes('.')) return `${bare}.${namespace}.${CLUSTER_DOMAIN}`;
  return bare;
}

/** The names a requested host may be known by: as written, qualified in the caller's namespace, and `a.b` → `a.b.svc.cluster.local`. */
export function hostCandidates(host: string, namespace: string): string[] {
  const bare = stripPort(host).trim().toLowerCase();
  const out = new Set<string>([bare, qualifyHost(bare, namespace)]);
  const parts = bare.split('.');
  if (parts.length === 2) out.add(`${bare}.${CLUSTER_DOMAIN}`);
  if (parts.length === 3 && parts[2] === 'svc') out.add(`${bare}.cluster.local`);
  return [...out];
}

export function stripPort(host: string): string {
  const match = /^(.*?)(:\d+)?$/.exec(host);
  return match ? match[1]! : host;
}

/**
 * How specifically a (possibly wildcard) config host matches a concrete host: -1 no match, otherwise a
 * higher number for a more specific match (exact beats any wildcard; longer wildcard suffix beats shorter).
 */
export function hostMatchScore(configHost: string, host: string): number {
  const pattern = configHost.toLowerCase();
  if (pattern === host) return 100_000;
  if (pattern === '*') return 0;
  if (pattern.startsWith('*.') || pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length ? suffix.length : -1;
  }
  return -1;
}

/** A gateway reference of a VirtualService normalised to `ns/name` (or `mesh`). */
export function normalizeGatewayRef(reference: string, vsNamespace: string): string {
  const ref = reference.trim();
  if (ref === MESH_GATEWAY) return MESH_GATEWAY;
  if (ref.includes('/')) return ref;
  // Legacy form `name.namespace.svc.cluster.local` or `name.namespace`.
  const parts = ref.split('.');
  if (parts.length >= 2) return `${parts[1]}/${parts[0]}`;
  return `${vsNamespace}/${ref}`;
}

/** The gateways a VirtualService is bound to (`mesh` when spec.gateways is absent). */
export function virtualServiceGateways(vs: Resource): string[] {
  const spec = specOf(vs);
  const gateways = Array.isArray(spec.gateways) ? spec.gateways.filter((g): g is string => typeof g === 'string') : [];
  if (gateways.length === 0) return [MESH_GATEWAY];
  return gateways.map((g) => normalizeGatewayRef(g, namespaceOf(vs)));
}

/** True when every label of `selector` is present with the same value in `labels`. */
export function labelsMatch(selector: Record<string, unknown> | undefined, labels: Record<string, unknown> | undefined): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector)) {
    if (!labels || String(labels[key]) !== String(value)) return false;
  }
  return true;
}

export function specOf(resource: Resource): Record<string, unknown> {
  const spec = resource.object.spec;
  return spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** `ns/name` of a resource. */
export function resourceRef(resource: Resource): string {
  return `${namespaceOf(resource)}/${resource.name}`;
}
