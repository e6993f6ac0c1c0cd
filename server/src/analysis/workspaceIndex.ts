// The workspace index: every resource of every file, looked up by kind, namespace and name, plus the derived
// lookups cross-resource analyzers need (service hosts with ports and exportTo scopes, DestinationRule subsets,
// gateways, workload labels, namespaces). Derived maps are rebuilt lazily, only when a kind they read changed.
import type { Resource } from '../model/types.ts';

/** The namespace a namespaced resource lives in when metadata.namespace is omitted. */
export const DEFAULT_NAMESPACE = 'default';
/** Kubernetes' cluster domain, as istioctl assumes offline. */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** A port of a Service or ServiceEntry, normalised. */
export interface ServicePortInfo {
  readonly number: number;
  readonly name: string;
  /** Service: protocol (TCP/UDP/SCTP); ServiceEntry: Istio protocol (HTTP, TCP, …). */
  readonly protocol: string;
  readonly targetPort?: number | string;
}

/** Something that makes a host known to the mesh: a Kubernetes Service or a ServiceEntry (or a default). */
export interface ServiceInfo {
  /** The declaring resource; undefined for istioctl's synthetic default ingress gateway Service. */
  readonly resource: Resource | undefined;
  readonly kind: 'Service' | 'ServiceEntry';
  readonly namespace: string;
  /** Hosts as written (Service: its FQDN). */
  readonly hosts: readonly string[];
  readonly ports: readonly ServicePortInfo[];
  readonly workloadSelector?: Readonly<Record<string, string>>;
}

/** A workload's labels: from a Deployment's pod template, a Pod, or istioctl's default ingress gateway. */
export interface WorkloadInfo {
  readonly resource: Resource | undefined;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A DestinationRule subset. */
export interface SubsetInfo {
  readonly resource: Resource;
  readonly index: number;
  readonly name: string;
}

/** Options for istioctl's offline defaults. */
export interface IndexOptions {
  /** Namespace of the assumed default ingress gateway (istioctl: the Istio namespace). */
  readonly istioNamespace?: string;
  /** Add istioctl's default `istio-ingressgateway` workload and Service (on by default). */
  readonly defaultIngressGateway?: boolean;
}

type Derived = { readonly deps: readonly string[]; readonly stamp: number[]; readonly value: unknown };

export class WorkspaceIndex {
  private readonly files = new Map<string, readonly Resource[]>();
  private readonly byKind = new Map<string, Map<string, Resource[]>>();
  private readonly listCache = new Map<string, Resource[]>();
  private readonly generations = new Map<string, number>();
  private readonly derived = new Map<string, Derived>();
  private istioNamespace: string;
  private defaultIngress: boolean;

  constructor(options: IndexOptions = {}) {
    this.istioNamespace = options.istioNamespace ?? 'istio-system';
    this.defaultIngress = options.defaultIngressGateway ?? true;
  }

  /** Changes istioctl's offline defaults (e.g. the Istio namespace from mesh config). */
  setOptions(options: IndexOptions): void {
    if (options.istioNamespace !== undefined && options.istioNamespace !== this.istioNamespace) {
      this.istioNamespace = options.istioNamespace;
      this.derived.clear();
    }
    if (options.defaultIngressGateway !== undefined && options.defaultIngressGateway !== this.defaultIngress) {
      this.defaultIngress = options.defaultIngressGateway;
      this.derived.clear();
    }
  }

  /** Replaces the resources of one file. Returns the kinds whose resources were added, changed or removed. */
  setFile(uri: string, resources: readonly Resource[]): Set<string> {
    const old = this.files.get(uri) ?? [];
    // A kind changed when its resources in this file differ: a re-parsed document, one added or removed, or a
    // new order (lists keep file order). Other kinds of the same file stay valid, so an edit of one
    // VirtualService in a file of thousands of resources does not invalidate everything that file defines.
    const before = groupByKind(old);
    const after = groupByKind(resources);
    const changed = new Set<string>();
    for (const kind of old.length === 0 ? after.keys() : new Set([...before.keys(), ...after.keys()])) {
      const a = before.get(kind) ?? [];
      const b = after.get(kind) ?? [];
      if (a.length !== b.length || a.some((r, i) => r.document !== b[i]!.document)) changed.add(kind);
    }
    if (resources.length === 0) this.files.delete(uri);
    else this.files.set(uri, resources);
    for (const kind of changed) {
      const perFile = this.byKindFor(kind);
      const mine = after.get(kind) ?? [];
      if (mine.length) perFile.set(uri, mine);
      else perFile.delete(uri);
      this.listCache.delete(kind);
      this.generations.set(kind, (this.generations.get(kind) ?? 0) + 1);
    }
    return changed;
  }

  removeFile(uri: string): Set<string> {
    return this.setFile(uri, []);
  }

  /** URIs of all files with resources. */
  uris(): string[] {
    return [...this.files.keys()];
  }

  /** The resources of one file. */
  fileResources(uri: string): readonly Resource[] {
    return this.files.get(uri) ?? [];
  }

  /** A counter that grows whenever a resource of the kind changes. */
  generation(kind: string): number {
    return this.generations.get(kind) ?? 0;
  }

  /** Whether none of `kinds` changed since their generations were `stamp` (called on every memo hit). */
  private unchangedSince(kinds: readonly string[], stamp: readonly number[]): boolean {
    for (let i = 0; i < kinds.length; i++) if (this.generation(kinds[i]!) !== stamp[i]) return false;
    return true;
  }

  private byKindFor(kind: string): Map<string, Resource[]> {
    let map = this.byKind.get(kind);
    if (!map) this.byKind.set(kind, (map = new Map()));
    return map;
  }

  /** All resources, or those of one kind, in a stable order (file URI, then document order). */
  resources(kind?: string): readonly Resource[] {
    if (kind === undefined) return [...this.byKind.keys()].sort().flatMap((k) => this.resources(k));
    let list = this.listCache.get(kind);
    if (!list) {
      const perFile = this.byKind.get(kind);
      list = perFile ? [...perFile.keys()].sort().flatMap((uri) => perFile.get(uri)!) : [];
      this.listCache.set(kind, list);
    }
    return list;
  }

  /** Finds a resource by kind, namespace and name (namespace defaulted like kubectl). */
  find(kind: string, namespace: string, name: string): Resource | undefined {
    return this.byName(kind).get(`${namespace}/${name}`)?.[0];
  }

  /** Resources of a kind keyed by `namespace/name` (several when duplicated across files). */
  byName(kind: string): ReadonlyMap<string, readonly Resource[]> {
    return this.memo(`byName:${kind}`, [kind], () => {
      const map = new Map<string, Resource[]>();
      for (const r of this.resources(kind)) pushTo(map, `${namespaceOf(r)}/${r.name}`, r);
      return map;
    });
  }

  /** A value derived from some kinds, recomputed only when one of them changed. */
  memo<T>(key: string, deps: readonly string[], build: () => T): T {
    const hit = this.derived.get(key);
    if (hit && this.unchangedSince(deps, hit.stamp)) return hit.value as T;
    const value = build();
    this.derived.set(key, { deps, stamp: deps.map((d) => this.generation(d)), value });
    return value;
  }

  // ---------- hosts ----------

  /** Every Service/ServiceEntry host keyed by `<exportTo scope>/<fqdn>` (istioctl's scoped FQDN map). */
  serviceHosts(): ServiceHostMap {
    return this.memo('serviceHosts', ['Service', 'ServiceEntry'], () => buildServiceHosts(this));
  }

  /**
   * The Service/ServiceEntry a host refers to, seen from a resource in `sourceNamespace` with `exportTo`
   * (istioctl's lookup: export-to-all first, then the resource's own scopes, then wildcard ServiceEntry hosts).
   */
  lookupHost(sourceNamespace: string, exportTo: readonly string[] | undefined, host: string): ServiceInfo | undefined {
    return this.serviceHosts().lookup(sourceNamespace, exportTo, host);
  }

  /** All known host names (FQDNs of Services, ServiceEntry hosts), for completion and suggestions. */
  knownHosts(): readonly string[] {
    return this.memo('knownHosts', ['Service', 'ServiceEntry'], () => [...new Set(this.serviceHosts().all().flatMap((s) => s.hosts.map((h) => toFqdn(h, s.namespace))))].sort());
  }

  /** The istioctl default ingress gateway Service (when enabled). */
  defaultIngressService(): ServiceInfo | undefined {
    if (!this.defaultIngress) return undefined;
    const namespace = this.istioNamespace;
    return {
      resource: undefined,
      kind: 'Service',
      namespace,
      hosts: [toFqdn('istio-ingressgateway', namespace)],
      ports: [
        { number: 80, name: 'http2', protocol: 'TCP', targetPort: 80 },
        { number: 443, name: 'https', protocol: 'TCP', targetPort: 443 },
        { number: 31400, name: 'tcp', protocol: 'TCP', targetPort: 31400 },
        { number: 15443, name: 'tls', protocol: 'TCP', targetPort: 15443 },
      ],
    };
  }

  // ---------- DestinationRule subsets ----------

  /** Subsets by `<namespace>/<name>` of the host (istioctl's resource name of a DR host), then subset name. */
  subsets(): ReadonlyMap<string, ReadonlyMap<string, SubsetInfo>> {
    return this.memo('subsets', ['DestinationRule'], () => {
      const map = new Map<string, Map<string, SubsetInfo>>();
      for (const dr of this.resources('DestinationRule')) {
        const own = drSubsets(dr);
        if (!own) continue;
        let subsets = map.get(own.key);
        if (!subsets) map.set(own.key, (subsets = new Map()));
        for (const info of own.subsets) if (!subsets.has(info.name)) subsets.set(info.name, info);
      }
      return map;
    });
  }

  /** DestinationRules whose host refers to the same service as `host` seen from `namespace`. */
  destinationRulesFor(namespace: string, host: string): readonly Resource[] {
    const byHost = this.memo('drByHost', ['DestinationRule'], () => {
      const map = new Map<string, Resource[]>();
      for (const dr of this.resources('DestinationRule')) {
        const h = specOf(dr).host;
        if (typeof h === 'string') pushTo(map, hostResourceKey(namespaceOf(dr), h), dr);
      }
      return map;
    });
    return byHost.get(hostResourceKey(namespace, host)) ?? [];
  }

  // ---------- gateways ----------

  /** Istio Gateways (networking.istio.io) by `namespace/name`. */
  istioGateways(): ReadonlyMap<string, Resource> {
    return this.memo('istioGateways', ['Gateway'], () => {
      const map = new Map<string, Resource>();
      for (const gw of this.resources('Gateway')) if (gw.group === 'networking.istio.io' && !map.has(`${namespaceOf(gw)}/${gw.name}`)) map.set(`${namespaceOf(gw)}/${gw.name}`, gw);
      return map;
    });
  }

  /** Kubernetes Gateway API Gateways by `namespace/name`. */
  kubernetesGateways(): ReadonlyMap<string, Resource> {
    return this.memo('k8sGateways', ['Gateway'], () => {
      const map = new Map<string, Resource>();
      for (const gw of this.resources('Gateway')) if (gw.group === 'gateway.networking.k8s.io' && !map.has(`${namespaceOf(gw)}/${gw.name}`)) map.set(`${namespaceOf(gw)}/${gw.name}`, gw);
      return map;
    });
  }

  // ---------- workloads, namespaces ----------

  /** Workloads with labels: Deployments' pod templates, Pods, and istioctl's default ingress gateway pod. */
  workloads(): readonly WorkloadInfo[] {
    return this.memo('workloads', ['Deployment', 'Pod', 'StatefulSet', 'DaemonSet'], () => {
      const list: WorkloadInfo[] = [];
      for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
        for (const r of this.resources(kind)) {
          list.push({ resource: r, namespace: namespaceOf(r), labels: stringMap(valueAtPath(r.object, ['spec', 'template', 'metadata', 'labels'])) });
        }
      }
      for (const r of this.resources('Pod')) list.push({ resource: r, namespace: namespaceOf(r), labels: labelsOf(r) });
      if (this.defaultIngress) list.push({ resource: undefined, namespace: this.istioNamespace, labels: { istio: 'ingressgateway' } });
      return list;
    });
  }

  /** Namespace resources by name. */
  namespaces(): ReadonlyMap<string, Resource> {
    return this.memo('namespaces', ['Namespace'], () => {
      const map = new Map<string, Resource>();
      for (const ns of this.resources('Namespace')) if (!map.has(ns.name)) map.set(ns.name, ns);
      return map;
    });
  }

  /** The namespace istioctl assumes the ingress gateway in. */
  get defaultIstioNamespace(): string {
    return this.istioNamespace;
  }
}

const subsetCache = new WeakMap<object, { key: string; subsets: SubsetInfo[] } | null>();

/** A DestinationRule's host key and subsets, cached per YAML document (unchanged documents cost nothing). */
function drSubsets(dr: Resource): { key: string; subsets: SubsetInfo[] } | null {
  let cached = subsetCache.get(dr.document);
  if (cached === undefined) {
    const spec = specOf(dr);
    if (typeof spec.host !== 'string') cached = null;
    else {
      const subsets: SubsetInfo[] = [];
      asArray(spec.subsets).forEach((subset, index) => {
        const name = (subset as { name?: unknown } | null)?.name;
        if (typeof name === 'string') subsets.push({ resource: dr, index, name });
      });
      cached = { key: hostResourceKey(namespaceOf(dr), spec.host), subsets };
    }
    subsetCache.set(dr.document, cached);
  }
  return cached;
}

/** The scoped host map and istioctl's lookup rules over it. */
export class ServiceHostMap {
  private readonly map = new Map<string, ServiceInfo>();
  private readonly wildcards: { scope: string; suffix: string; info: ServiceInfo }[] = [];

  add(scope: string, namespace: string, host: string, info: ServiceInfo): void {
    const fqdn = toFqdn(host, namespace);
    const key = `${scope}/${fqdn}`;
    this.map.set(key, info);
    if (fqdn.startsWith('*')) this.wildcards.push({ scope, suffix: fqdn.slice(1), info });
  }

  all(): ServiceInfo[] {
    return [...new Set(this.map.values())];
  }

  lookup(sourceNamespace: string, exportTo: readonly string[] | undefined, host: string): ServiceInfo | undefined {
    const fqdn = toFqdn(host, sourceNamespace);
    const all = this.map.get(`*/${fqdn}`);
    if (all) return all;
    if (!exportTo || exportTo.length === 0) {
      const own = this.map.get(`${sourceNamespace}/${fqdn}`);
      if (own) return own;
    } else {
      for (let scope of exportTo) {
        if (scope === '.') scope = sourceNamespace;
        const hit = this.map.get(`${scope}/${fqdn}`);
        if (hit) return hit;
      }
    }
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (const w of this.wildcards) {
      if (w.scope !== '*' && w.scope !== sourceNamespace) continue;
      if (bare.endsWith(w.suffix)) return w.info;
    }
    return undefined;
  }
}

function buildServiceHosts(index: WorkspaceIndex): ServiceHostMap {
  const hosts = new ServiceHostMap();
  for (const se of index.resources('ServiceEntry')) {
    const spec = specOf(se);
    const namespace = namespaceOf(se);
    const info: ServiceInfo = {
      resource: se,
      kind: 'ServiceEntry',
      namespace,
      hosts: asArray(spec.hosts).filter((h): h is string => typeof h === 'string'),
      ports: asArray(spec.ports).map((p) => portInfo(p, 'protocol')).filter((p): p is ServicePortInfo => p !== undefined),
      workloadSelector: stringMap((spec.workloadSelector as { labels?: unknown } | undefined)?.labels),
    };
    const exportTo = asArray(spec.exportTo).filter((e): e is string => typeof e === 'string');
    for (const host of info.hosts) {
      if (exportTo.length === 0 || exportTo.includes('*')) {
        hosts.add('*', namespace, host, info);
        continue;
      }
      for (const scope of exportTo) hosts.add(scope === '.' ? namespace : scope, namespace, host, info);
    }
  }
  const services = [...index.resources('Service').map((svc) => serviceInfo(svc))];
  const ingress = index.defaultIngressService();
  if (ingress && !services.some((s) => s.namespace === ingress.namespace && s.hosts[0] === ingress.hosts[0])) services.unshift(ingress);
  for (const info of services) {
    const exportAnnotation = info.resource ? annotationsOf(info.resource)['networking.istio.io/exportTo'] : undefined;
    const scopes = exportAnnotation ? exportAnnotation.split(',').map((s) => s.trim()).map((s) => (s === '.' ? info.namespace : s)) : ['*'];
    for (const scope of scopes) hosts.add(scope, info.namespace, info.hosts[0]!, info);
  }
  return hosts;
}

/** Normalises a Kubernetes Service into a ServiceInfo. */
export function serviceInfo(svc: Resource): ServiceInfo {
  const namespace = namespaceOf(svc);
  return {
    resource: svc,
    kind: 'Service',
    namespace,
    hosts: [toFqdn(svc.name, namespace)],
    ports: asArray(specOf(svc).ports).map((p) => portInfo(p, 'protocol')).filter((p): p is ServicePortInfo => p !== undefined),
  };
}

function portInfo(value: unknown, protocolKey: string): ServicePortInfo | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const p = value as Record<string, unknown>;
  const number = typeof p.number === 'number' ? p.number : typeof p.port === 'number' ? p.port : undefined;
  if (number === undefined) return undefined;
  const targetPort = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : undefined;
  return { number, name: typeof p.name === 'string' ? p.name : '', protocol: typeof p[protocolKey] === 'string' ? (p[protocolKey] as string) : '', ...(targetPort !== undefined ? { targetPort } : {}) };
}

// ---------- small shared helpers (pure) ----------

/** The effective namespace of a resource (metadata.namespace, else 'default'). */
export function namespaceOf(resource: Resource): string {
  return resource.namespace ?? DEFAULT_NAMESPACE;
}

/** `name` → `name.<ns>.svc.cluster.local` for short names (no dot, not a wildcard), as istioctl does. */
export function toFqdn(host: string, namespace: string): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

const CLUSTER_SUFFIX = `.${CLUSTER_DOMAIN}`;

/**
 * istioctl's `namespace/name` of the service a host names (short or `<name>.<ns>.svc.cluster.local`; like
 * istioctl's greedy pattern, the namespace is the last label before the suffix).
 */
export function hostResourceKey(defaultNamespace: string, host: string): string {
  if (host.endsWith(CLUSTER_SUFFIX)) {
    const rest = host.slice(0, -CLUSTER_SUFFIX.length);
    const dot = rest.lastIndexOf('.');
    if (dot > 0 && dot < rest.length - 1) return `${rest.slice(dot + 1)}/${rest.slice(0, dot)}`;
  }
  return `${defaultNamespace}/${host}`;
}

export function specOf(resource: Resource): Record<string, unknown> {
  const spec = resource.object.spec;
  return spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
}

export function metadataOf(resource: Resource): Record<string, unknown> {
  const metadata = resource.object.metadata;
  return metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
}

export function labelsOf(resource: Resource): Record<string, string> {
  return stringMap(metadataOf(resource).labels);
}

export function annotationsOf(resource: Resource): Record<string, string> {
  return stringMap(metadataOf(resource).annotations);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A map of string values (non-strings are stringified, as Kubernetes would reject them anyway). */
export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export function valueAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Label-selector match (matchLabels semantics); an empty selector matches everything. */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

/** Appends `value` to the list kept under `key`, starting the list when there is none. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function groupByKind(resources: readonly Resource[]): Map<string, Resource[]> {
  const groups = new Map<string, Resource[]>();
  for (const resource of resources) pushTo(groups, resource.kind, resource);
  return groups;
}
