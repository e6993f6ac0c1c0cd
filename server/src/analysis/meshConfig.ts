// Mesh-wide settings that change what some checks conclude (istioctl's --meshConfigFile), with Istio's defaults.

export interface MeshConfig {
  /** Istio's root namespace (mesh-wide policies live here). */
  readonly rootNamespace: string;
  /** The namespace the ingress gateway runs in (istioctl assumes a default ingress gateway there). */
  readonly istioNamespace: string;
  /** Default access-log providers (IST0157). */
  readonly defaultAccessLogProviders: readonly string[];
  /** DNS capture and auto-allocation of ServiceEntry addresses (IST0134). */
  readonly dnsCapture: boolean;
  readonly dnsAutoAllocate: boolean;
  /** Extension providers declared in mesh config (name → type). */
  readonly extensionProviders: ReadonlyMap<string, string>;
  /** The mesh's trust domain. */
  readonly trustDomain: string;
  /** Automatic client mTLS (meshConfig.enableAutoMtls, default true). */
  readonly enableAutoMtls?: boolean;
}

export const DEFAULT_MESH_CONFIG: MeshConfig = {
  rootNamespace: 'istio-system',
  istioNamespace: 'istio-system',
  defaultAccessLogProviders: [],
  dnsCapture: false,
  dnsAutoAllocate: false,
  extensionProviders: new Map(),
  trustDomain: 'cluster.local',
};

/**
 * Reads a mesh config from parsed YAML: either the MeshConfig itself (istioctl --meshConfigFile) or the
 * `istio` ConfigMap whose data.mesh holds it as text (pass `parseText` to read that text).
 */
export function meshConfigFrom(value: unknown, parseText?: (text: string) => unknown): MeshConfig {
  let mesh = isObject(value) ? value : {};
  if (mesh.kind === 'ConfigMap' && isObject(mesh.data) && typeof mesh.data.mesh === 'string' && parseText) {
    const inner = parseText(mesh.data.mesh);
    mesh = isObject(inner) ? inner : {};
  }
  const defaultConfig = isObject(mesh.defaultConfig) ? mesh.defaultConfig : {};
  const metadata = isObject(defaultConfig.proxyMetadata) ? defaultConfig.proxyMetadata : {};
  const defaultProviders = isObject(mesh.defaultProviders) ? mesh.defaultProviders : {};
  const providers = new Map<string, string>();
  for (const provider of Array.isArray(mesh.extensionProviders) ? mesh.extensionProviders : []) {
    if (!isObject(provider) || typeof provider.name !== 'string') continue;
    const type = Object.keys(provider).find((key) => key !== 'name');
    providers.set(provider.name, type ?? '');
  }
  const accessLogging = Array.isArray(defaultProviders.accessLogging) ? defaultProviders.accessLogging.filter((p): p is string => typeof p === 'string') : [];
  const rootNamespace = typeof mesh.rootNamespace === 'string' && mesh.rootNamespace ? mesh.rootNamespace : DEFAULT_MESH_CONFIG.rootNamespace;
  return {
    rootNamespace,
    istioNamespace: rootNamespace,
    defaultAccessLogProviders: accessLogging,
    dnsCapture: metadata.ISTIO_META_DNS_CAPTURE === 'true' || metadata.ISTIO_META_DNS_CAPTURE === true,
    dnsAutoAllocate:
      metadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || metadata.ISTIO_META_DNS_AUTO_ALLOCATE === true || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true',
    extensionProviders: providers,
    trustDomain: typeof mesh.trustDomain === 'string' && mesh.trustDomain ? mesh.trustDomain : DEFAULT_MESH_CONFIG.trustDomain,
    enableAutoMtls: mesh.enableAutoMtls !== false,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
