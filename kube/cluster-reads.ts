// Purpose: read what cluster-aware analysis needs from the current context — Namespaces, Services,
// ServiceEntries, Gateways (Istio and Gateway API) and the installed Istio CRD schemas — as plain objects.
// Kinds the cluster does not serve, or that RBAC hides, come back empty with a note instead of failing.

import { resolveConnection } from './kubeconfig.ts';
import { KubeClient } from './transport.ts';
import { UNTRUSTED_MESSAGE } from './apply.ts';

export type ObjectRef = { namespace?: string; name: string; labels?: Record<string, string> };

export type ServiceSummary = ObjectRef & { ports: { name?: string; port: number; protocol?: string }[] };

export type ServiceEntrySummary = ObjectRef & { hosts: string[]; exportTo?: string[] };

export type GatewaySummary = ObjectRef & { apiVersion: string; hosts: string[]; selector?: Record<string, string>; gatewayClassName?: string };

/**
 * An installed CRD with each version's openAPIV3Schema, plus the labels and annotations that say which Istio
 * release installed it (e.g. `app.kubernetes.io/version`). The language server converts it into validation
 * schemas (server/src/schema/clusterSchemas.ts); the shape matches protocol/lsp.ts ClusterCrd.
 */
export type CrdSchema = {
  group: string;
  kind: string;
  plural: string;
  scope?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  versions: { name: string; served: boolean; storage: boolean; deprecated?: boolean; deprecationWarning?: string; schema?: unknown }[];
};

export type ClusterSnapshot = {
  context: string;
  server: string;
  namespaces: ObjectRef[];
  services: ServiceSummary[];
  serviceEntries: ServiceEntrySummary[];
  gateways: GatewaySummary[];
  istioCrds: CrdSchema[];
  /** Things that could not be read (not installed, forbidden), one sentence each. */
  notes: string[];
  /** The same objects as minimal manifests (apiVersion, kind, name/namespace/labels, spec) for the analysis index. */
  objects: ClusterObject[];
};

export type ClusterObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
};

export type ClusterReadRequest = {
  trusted: boolean;
  kubeconfigPaths?: string[];
  context?: string;
  signal?: AbortSignal;
  requestTimeoutMs?: number;
  execTimeoutMs?: number;
};

type Item = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };

type CrdVersionSpec = { name: string; served: boolean; storage: boolean; deprecated?: boolean; deprecationWarning?: string; schema?: { openAPIV3Schema?: unknown } };

/** A CustomResourceDefinition object (as the API server returns it) reduced to what schema conversion needs. */
export function crdSchemaOf(item: Item): CrdSchema {
  const spec = item.spec as { group: string; scope?: string; names: { kind: string; plural: string }; versions?: CrdVersionSpec[] };
  // Annotations can be large (kubectl's last-applied-configuration holds the whole CRD): keep short ones only.
  const annotations = Object.fromEntries(Object.entries(item.metadata?.annotations ?? {}).filter(([, value]) => value.length <= 200));
  return {
    group: spec.group,
    kind: spec.names.kind,
    plural: spec.names.plural,
    ...(spec.scope ? { scope: spec.scope } : {}),
    ...(item.metadata?.labels ? { labels: item.metadata.labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    versions: (spec.versions ?? []).map((version) => ({
      name: version.name,
      served: version.served,
      storage: version.storage,
      ...(version.deprecated ? { deprecated: true } : {}),
      ...(version.deprecationWarning ? { deprecationWarning: version.deprecationWarning } : {}),
      schema: version.schema?.openAPIV3Schema,
    })),
  };
}

export async function readClusterSnapshot(request: ClusterReadRequest): Promise<ClusterSnapshot> {
  if (!request.trusted) throw new Error(UNTRUSTED_MESSAGE);
  const settings = await resolveConnection(request.kubeconfigPaths, request.context);
  const client = new KubeClient(settings, { requestTimeoutMs: request.requestTimeoutMs, execTimeoutMs: request.execTimeoutMs, concurrency: 6 });
  const notes: string[] = [];
  const list = async (path: string, label: string): Promise<Item[]> => {
    const response = await client.request('GET', path, { signal: request.signal });
    if (response.status === 200) return ((response.json as { items?: Item[] }).items ?? []) as Item[];
    notes.push(
      response.status === 404
        ? `${label}: not served by context "${settings.contextName}".`
        : response.status === 403
          ? `${label}: not allowed to list in context "${settings.contextName}".`
          : `${label}: HTTP ${response.status}.`,
    );
    return [];
  };
  const ref = (item: Item): ObjectRef => ({
    name: item.metadata?.name ?? '',
    ...(item.metadata?.namespace ? { namespace: item.metadata.namespace } : {}),
    ...(item.metadata?.labels ? { labels: item.metadata.labels } : {}),
  });
  try {
    const [namespaces, services, serviceEntries, istioGateways, gatewayApi, crds] = await Promise.all([
      list('/api/v1/namespaces', 'Namespaces'),
      list('/api/v1/services', 'Services'),
      list('/apis/networking.istio.io/v1/serviceentries', 'ServiceEntries'),
      list('/apis/networking.istio.io/v1/gateways', 'Istio Gateways'),
      list('/apis/gateway.networking.k8s.io/v1/gateways', 'Gateway API Gateways'),
      list('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'CustomResourceDefinitions'),
    ]);
    const manifest = (apiVersion: string, kind: string, withSpec: boolean) => (item: Item): ClusterObject => ({
      apiVersion,
      kind,
      metadata: ref(item),
      ...(withSpec && item.spec ? { spec: item.spec } : {}),
    });
    return {
      context: settings.contextName,
      server: settings.server,
      objects: [
        ...namespaces.map(manifest('v1', 'Namespace', false)),
        ...services.map(manifest('v1', 'Service', true)),
        ...serviceEntries.map(manifest('networking.istio.io/v1', 'ServiceEntry', true)),
        ...istioGateways.map(manifest('networking.istio.io/v1', 'Gateway', true)),
        ...gatewayApi.map(manifest('gateway.networking.k8s.io/v1', 'Gateway', true)),
      ],
      namespaces: namespaces.map(ref),
      services: services.map((item) => ({
        ...ref(item),
        ports: ((item.spec?.ports as { name?: string; port: number; protocol?: string }[] | undefined) ?? []).map((port) => ({
          ...(port.name ? { name: port.name } : {}),
          port: port.port,
          ...(port.protocol ? { protocol: port.protocol } : {}),
        })),
      })),
      serviceEntries: serviceEntries.map((item) => ({
        ...ref(item),
        hosts: (item.spec?.hosts as string[] | undefined) ?? [],
        ...(item.spec?.exportTo ? { exportTo: item.spec.exportTo as string[] } : {}),
      })),
      gateways: [
        ...istioGateways.map((item) => ({
          ...ref(item),
          apiVersion: 'networking.istio.io/v1',
          hosts: ((item.spec?.servers as { hosts?: string[] }[] | undefined) ?? []).flatMap((server) => server.hosts ?? []),
          ...(item.spec?.selector ? { selector: item.spec.selector as Record<string, string> } : {}),
        })),
        ...gatewayApi.map((item) => ({
          ...ref(item),
          apiVersion: 'gateway.networking.k8s.io/v1',
          hosts: ((item.spec?.listeners as { hostname?: string }[] | undefined) ?? []).flatMap((listener) => (listener.hostname ? [listener.hostname] : [])),
          ...(item.spec?.gatewayClassName ? { gatewayClassName: item.spec.gatewayClassName as string } : {}),
        })),
      ],
      istioCrds: crds.filter((item) => String(item.spec?.group ?? '').endsWith('istio.io')).map(crdSchemaOf),
      notes,
    };
  } finally {
    client.close();
  }
}
